#include "cli/app.hpp"

#include "cli/commands/command_words.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/executor_options.hpp"
#include "cli/commands/global_options.hpp"
#include "cli/help/command_examples.hpp"
#include "cli/help/help_formatter.hpp"
#include "cli/report/report_text.hpp"
#include "cli/reraise.hpp"
#include "cli/start_signals.hpp"
#include "cli/usage_error.hpp"
#include "core/process/open_file_limit.hpp"
#include "core/process/watchdog.hpp"
#include "core/status_numbers.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#ifndef TASKER_VERSION
#error "TASKER_VERSION must be defined by the build (cli/CMakeLists.txt)"
#endif

namespace tasker::cli {
namespace {

constexpr const char* kVersion = TASKER_VERSION;

// What --help says after the options and examples, for every command: what is not an option's
// own. A sentence a line, each within 100 columns.
constexpr const char* kHelpFooter =
    "Numbers (-j, --retries, --count, --max-failures, --capture-limit) are decimal digits: 010 "
    "is ten.\n"
    "Ctrl-C, SIGTERM, SIGHUP or SIGQUIT cancels the tasks (again: kills them).\n"
    "Ctrl-Z stops them with tasker, and fg or bg continues them.\n"
    "A signal ignored when tasker starts (nohup, a script's `&`) stays ignored, in tasker and its "
    "tasks.";

// What a bare `tasker` prints: what to type next.
constexpr const char* kShortUsage =
    "usage: tasker [OPTIONS] COMMAND [ARGS...]\n"
    "  gather, list, any: in parallel   every: periodically   after: later\n"
    "  chain: a callback chain          run: the tasks of a task file\n"
    "  report: a saved report as Markdown or an HTML page\n"
    "`tasker help [COMMAND]` says more; `man tasker` says all.\n";

// Longest usage message shown: an error naming a 100 KB argument stays readable.
constexpr std::size_t kMaxUsageMessage = 500;

// A usage error as docs/behaviour.md "Bad input" wants it: one line. Messages quote what the user
// typed, which may hold a newline (`--bogus$'\n'x`); one_line() turns control characters into
// spaces.
std::string usage_message(std::string_view what) {
  return fmt::format("tasker: {}\n", one_line(what, kMaxUsageMessage));
}

// CLI11's default failure message adds a second line ("Run with --help ...").
std::string one_line_failure(const CLI::App* /*app*/, const CLI::Error& e) {
  return usage_message(e.what());
}

// A closed stdin, stdout or stderr (`tasker ... >&-`) would be taken by the
// next file tasker opens: task output went into the --report file. Each
// closed one gets /dev/null instead, as OpenSSH's sanitise_stdfd does.
void open_missing_stdio() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF)
      continue;
    const int null = ::open("/dev/null", O_RDWR);  // the lowest free descriptor: `fd`
    if (null > fd) {
      ::dup2(null, fd);
      ::close(null);
    }
  }
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, const char* const* argv, std::ostream& out,
                                     std::ostream& err) {
  ParsedCommandLine parsed;
  parsed.global = std::make_shared<GlobalOptions>();
  GlobalOptions& global = *parsed.global;
  CLI::App app{
      "Run shell commands in parallel, periodically or after a delay, combining their "
      "outcomes with Twisted Deferred semantics.",
      "tasker"};
  app.set_version_flag("-V,--version", fmt::format("tasker {}", kVersion));
  app.failure_message(one_line_failure);
  // Before the subcommands, which copy it.
  app.formatter(std::make_shared<HelpFormatter>(help_width(STDOUT_FILENO)));
  // Global options may also come after the subcommand's name.
  app.fallthrough();
  add_global_options(app, global);
  add_executor_options(app, global);
  Action& action = parsed.action;
  // Only a subcommand whose name is on the command line can be chosen: the others are only
  // listed. Building all of them was two thirds of the instructions of `tasker gather -q true`.
  // `tasker completions` reads every command's options.
  const bool completions =
      std::find(argv + 1, argv + argc, std::string_view("completions")) != argv + argc;
  const auto parts = [&](std::string_view name) {
    return completions || std::find(argv + 1, argv + argc, name) != argv + argc
               ? CommandParts::whole
               : CommandParts::listed_only;
  };
  add_gather_command(app, global, action, parts("gather"));
  add_list_command(app, global, action, parts("list"));
  add_any_command(app, global, action, parts("any"));
  add_every_command(app, global, action, parts("every"));
  add_after_command(app, global, action, parts("after"));
  add_chain_command(app, global, action, parts("chain"));
  add_run_command(app, global, action, parts("run"));
  add_completions_command(app, action, out, parts("completions"));
  add_report_command(app, global, action, parts("report"));
  app.footer(command_examples("") + '\n' + kHelpFooter);
  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
    command->footer(command_examples(command->get_name()) + '\n' + kHelpFooter);

  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    args = separate_command_words(app, std::move(args));
    std::reverse(args.begin(), args.end());  // CLI11 takes a vector last argument first
    app.parse(args);
    // Checked here rather than with require_subcommand(): CLI11 2.1.2 checks requirements
    // before stray arguments, so `tasker --bogus` would say "A subcommand is required" instead
    // of naming --bogus.
    if (app.get_subcommands().empty()) {
      throw CLI::RequiredError("A subcommand");
    }
    check_executor_options(global);
  } catch (const CLI::ParseError& e) {
    // Help and --version come through here with status 0; every other parse error is a usage
    // error, whatever CLI11's own code for it.
    parsed.status = app.exit(e, out, err) == 0 ? status::kSuccess : status::kUsage;
    parsed.action = nullptr;
  }
  return parsed;
}

CommandExit run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  if (argc <= 1) {
    err << kShortUsage;
    return {status::kUsage, std::nullopt};
  }
  // `tasker help [COMMAND]` is `tasker [COMMAND] --help`.
  std::vector<const char*> help_argv;
  if (std::string_view(argv[1]) == "help" && argc <= 3) {
    help_argv.push_back(argv[0]);
    if (argc == 3)
      help_argv.push_back(argv[2]);
    help_argv.push_back("--help");
    argv = help_argv.data();
    argc = static_cast<int>(help_argv.size());
  }
  ParsedCommandLine parsed = parse_command_line(argc, argv, out, err);
  if (!parsed.action)
    return {parsed.status, std::nullopt};
  try {
    return parsed.action();
  } catch (const UsageError& e) {
    err << usage_message(e.what());
    return {status::kUsage, std::nullopt};
  }
}

int main(int argc, char** argv) {
  // tasker's own binary, started by tasker as its watchdog (core/process/watchdog.hpp). It
  // has nothing to flush; _exit also skips LeakSanitizer's exit check in the ASan build.
  if (is_watchdog_invocation(argc, argv))
    ::_exit(run_watchdog(STDIN_FILENO, std::vector<std::string>(argv + 2, argv + argc)));
  open_missing_stdio();  // first: before anything else opens a descriptor
  // Before tasker ignores any signal itself: what its caller ignored stays ignored.
  static_cast<void>(signals_ignored_at_start());
  unblock_signals_tasker_needs();
  // A closed stdout (`tasker ... | head -1`) must be an error tasker sees on
  // write, not a death; tasks get the default action back when spawned,
  // unless tasker's caller had ignored it too.
  ::signal(SIGPIPE, SIG_IGN);
  // Likewise a file over `ulimit -f` (a spill file of grouped output, a report): an EFBIG tasker
  // handles, not a death that would leave every task running.
  ::signal(SIGXFSZ, SIG_IGN);
  // Each running task holds three descriptors (two pipes and a pidfd; five in grouped mode, whose
  // output may spill to two files, cli/commands/open_file_budget.hpp): the usual soft limit
  // of 1024 would fail a few hundred parallel tasks that the hard limit allows. The tasks get
  // the caller's limit back (core/process/open_file_limit.hpp).
  raise_open_file_limit();
  try {
    const CommandExit exit = run(argc, argv, std::cout, std::cerr);
    if (exit.die_of)
      die_of(*exit.die_of);
    return exit.status;
  } catch (const std::exception& e) {
    // Nothing should get here; if something does, say what instead of aborting.
    std::cerr << fmt::format("tasker: internal error: {}\n", e.what());
    return status::kUnhandledFailure;
  }
}

}  // namespace tasker::cli
