// tasker after DELAY [OPTIONS] [--] CMD...: deferLater (SPEC §2). Ctrl-C
// before the delay cancels the wait and nothing runs.

#include "cli/commands/command_words.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/parallel_options.hpp"
#include "cli/exit_codes.hpp"
#include "cli/session.hpp"
#include "core/deferred/defer_later.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {
namespace {

struct AfterCommandOptions {
  std::string delay;
  std::vector<std::string> words;
  std::string timeout;
  std::string grace = "2s";
};

class AfterRun {
 public:
  AfterRun(const GlobalOptions& global, const AfterCommandOptions& options)
      : delay_(parse_duration(options.delay)),
        session_(global, "after"),
        task_(0, "#0", join_command_words(options.words)) {
    task_options_.process = session_.process_options(parse_duration(options.grace));
    task_options_.timeout = optional_duration(options.timeout);
  }

  int run() {
    Deferred<ProcessExit> outcome = defer_later(session_.clock(), delay_, [this] {
      return task_.start(session_.spawner(), session_.clock(), task_options_, session_);
    });
    outcome.add_callbacks([this](const ProcessExit&) { fired_ = "callback"; },
                          [this](const Failure&) { fired_ = "errback"; });
    session_.run(
        [this, outcome] { return outcome.called() && task_.state() != TaskState::running; },
        [outcome](int) mutable { outcome.cancel(); });
    task_.mark_not_started();
    RunReport report;
    report.fired = fired_;
    report.tasks.push_back(session_.report_task(task_));
    if (session_.interrupted()) {
      report.exit_code = kExitSignalBase + *session_.interrupted();
    } else {
      report.exit_code = fired_ == "callback" ? kExitSuccess : report.tasks[0].status.value_or(1);
    }
    return session_.finish(report);
  }

 private:
  Duration delay_;
  Session session_;
  Task task_;
  TaskOptions task_options_;
  std::string fired_;
};

}  // namespace

void add_after_command(CLI::App& app, const GlobalOptions& global, Action& action,
                       CommandParts parts) {
  auto options = std::make_shared<AfterCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "after", "Run a command once after DELAY; Ctrl-C before then runs nothing");
  if (parts == CommandParts::listed_only)
    return;
  command->add_option("delay", options->delay, "How long to wait first")
      ->required()
      ->check(duration_check())
      ->option_text("DELAY");
  command
      ->add_option("--timeout", options->timeout, "Stop the command if it runs longer (status 124)")
      ->check(duration_check());
  command->add_option("--grace", options->grace, "Time between SIGTERM and SIGKILL on cancel")
      ->check(duration_check());
  add_command_words(*command, options->words);
  command->callback([&global, &action, options] {
    action = [&global, options] {
      AfterRun run(global, *options);
      return run.run();
    };
  });
}

}  // namespace tasker::cli
