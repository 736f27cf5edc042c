#include "cli/commands/global_options.hpp"

#include "cli/start_signals.hpp"
#include "core/input/duration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace tasker::cli {

CLI::Validator duration_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        try {
          static_cast<void>(parse_duration(text));
          return {};
        } catch (const DurationError& e) {
          return e.what();
        }
      },
      "DURATION");
}

CLI::Validator timeout_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        try {
          if (parse_duration(text) == Duration::zero())
            return "must be more than 0 (leave it out for no timeout)";
          return {};
        } catch (const DurationError& e) {
          return e.what();
        }
      },
      "DURATION");
}

CLI::Validator decimal_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const bool digits_only = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
          return c >= '0' && c <= '9';
        });
        if (!digits_only)
          return fmt::format("expected a decimal number (digits 0-9 only), got '{}'", text);
        // Without its leading zeros CLI11's base-0 reading cannot take it for octal.
        text.erase(0, std::min(text.find_first_not_of('0'), text.size() - 1));
        return {};
      },
      "");
}

void add_global_options(CLI::App& app, GlobalOptions& options) {
  const std::vector<std::pair<std::string, OutputMode>> modes{{"prefixed", OutputMode::prefixed},
                                                              {"grouped", OutputMode::grouped},
                                                              {"raw", OutputMode::raw},
                                                              {"quiet", OutputMode::quiet}};
  app.add_option("--output", options.output,
                 "How task output is shown: prefixed, grouped, raw, quiet")
      ->transform(one_of_words(modes))
      ->option_text("MODE")
      ->default_str("prefixed");
  const std::vector<std::pair<std::string, ColorChoice>> colors{{"auto", ColorChoice::automatic},
                                                                {"always", ColorChoice::always},
                                                                {"never", ColorChoice::never}};
  app.add_option("--color", options.color,
                 "Color labels: auto (a terminal without NO_COLOR), always, never")
      ->transform(one_of_words(colors))
      ->option_text("WHEN")
      ->default_str("auto");
  app.add_flag("--json", options.json,
               "Print only the JSON report on stdout; task output is captured into it");
  app.add_option("--report", options.report_path,
                 "Also write the JSON report to FILE (not --junit's, not --from's)")
      ->option_text("FILE");
  app.add_option("--junit", options.junit_path, "Write a JUnit XML report to FILE")
      ->option_text("FILE");
  app.add_option("--html", options.html_path,
                 "Write the run's timeline page, one self-contained HTML file, to FILE")
      ->option_text("FILE");
  app.add_flag("--no-step-summary", options.no_step_summary,
               "On GitHub Actions, do not append a summary to $GITHUB_STEP_SUMMARY");
  app.add_flag("-q,--quiet", options.quiet, "No summary at the end");
  app.add_flag("-v,--verbose", options.verbose, "Log each task's start and end");
  app.add_option("--shell", options.shell,
                 "Run every command as PATH -c CMD (`always`: /bin/sh); without it, a command with "
                 "no shell syntax runs directly")
      ->option_text("PATH|always")
      ->check([](const std::string& s) {
        return s.empty() ? std::string("the shell path is empty") : std::string();
      })
      // A shell named `always` is still reachable as `--shell ./always`.
      ->transform([](const std::string& s) { return s == "always" ? std::string("/bin/sh") : s; })
      ->each([&options](const std::string&) { options.shell_use = ShellUse::always; });
  const std::vector<std::pair<std::string, bool>> stdin_modes{{"null", false}, {"inherit", true}};
  app.add_option("--stdin", options.inherit_stdin,
                 "Tasks read from /dev/null (null) or tasker's stdin (inherit)")
      ->transform(one_of_words(stdin_modes))
      ->option_text("null|inherit")
      ->default_str("null");
  app.add_option("--capture-limit", options.capture_limit,
                 "With --json: bytes kept per stream per task (the tail)")
      ->transform(decimal_number())
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
      ->option_text("BYTES")
      ->capture_default_str();
}

ProcessOptions process_options(const GlobalOptions& options, Duration grace) {
  ProcessOptions process;
  process.shell = options.shell;
  process.shell_use = options.shell_use;
  process.inherit_stdin = options.inherit_stdin;
  process.grace = grace;
  process.keep_ignored = signals_ignored_at_start();
  return process;
}

}  // namespace tasker::cli
