// tasker after DELAY [OPTIONS] [--] CMD...: deferLater (docs/behaviour.md "Commands"). Ctrl-C
// before the delay cancels the wait and nothing runs.

#include "cli/commands/command_words.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/executor_options.hpp"
#include "cli/commands/parallel_options.hpp"
#include "cli/output/task_events_printer.hpp"
#include "cli/report/report_builder.hpp"
#include "cli/report/report_outputs.hpp"
#include "cli/runtime.hpp"
#include "core/deferred/defer_later.hpp"

#include <signal.h>

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
      : global_(global),
        delay_(parse_duration(options.delay)),
        outputs_(global),
        runtime_(executor_choice(global, 0)),
        events_(global, runtime_.stdout_writer(), runtime_.stderr_writer(),
                [this] { runtime_.interrupt(SIGPIPE); }),
        reports_(runtime_.clock(), runtime_.started_at()),
        task_(0, "#0", join_command_words(options.words)) {
    task_options_.process = process_options(global, parse_duration(options.grace));
    task_options_.timeout = optional_duration(options.timeout);
  }

  CommandExit run() {
    RunResult result;
    result.command = CommandKind::after;
    Deferred<ProcessExit> outcome = defer_later(runtime_.clock(), delay_, [this] {
      return task_.start(runtime_.spawner(), runtime_.clock(), task_options_, events_);
    });
    outcome.add_callbacks([&result](const ProcessExit&) { result.fired = Fired::callback; },
                          [&result](const Failure&) { result.fired = Fired::errback; });
    const std::optional<int> interrupted = runtime_.run(
        [this, outcome] { return outcome.called() && task_.state() != TaskState::running; },
        [&result, outcome](int signo) mutable {
          result.interrupted_by = signo;
          outcome.cancel();
        });
    task_.mark_not_started();
    if (result.fired == Fired::errback) {
      result.failed_task = task_.index();
      result.failure_status = task_.status().value_or(1);
    }
    result.tasks = 1;
    reports_.add(reports_.task_report(task_, false, events_.take_output(task_.index())));
    RunReport report = reports_.build(result, report_capture_limit(global_));
    report.delay_ms = std::chrono::duration<double, std::milli>(delay_).count();
    return {outputs_.deliver(report), interrupted};
  }

 private:
  const GlobalOptions& global_;
  Duration delay_;
  ReportOutputs outputs_;
  Runtime runtime_;
  TaskEventsPrinter events_;
  ReportBuilder reports_;
  Task task_;
  TaskOptions task_options_;
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
      ->add_option("--timeout", options->timeout,
                   "Stop the command if it runs longer (status 124); more than 0")
      ->check(timeout_check());
  command->add_option("--grace", options->grace, "Time between SIGTERM and SIGKILL on cancel")
      ->check(duration_check())
      ->capture_default_str();
  add_command_words(*command, options->words);
  command->callback([&global, &action, options] {
    action = [&global, options] {
      AfterRun run(global, *options);
      return run.run();
    };
  });
}

}  // namespace tasker::cli
