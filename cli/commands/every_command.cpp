// tasker every INTERVAL [OPTIONS] [--] CMD...: a LoopingCall over one shell
// command (docs/behaviour.md "every"), with its summary and its `runs[]` report
// (docs/behaviour.md "JSON report").

#include "cli/commands/command_words.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/executor_options.hpp"
#include "cli/commands/parallel_options.hpp"
#include "cli/output/task_events_printer.hpp"
#include "cli/report/every_stats.hpp"
#include "cli/report/report_builder.hpp"
#include "cli/report/report_outputs.hpp"
#include "cli/runtime.hpp"
#include "core/run/command_node.hpp"
#include "core/run/every_node.hpp"

#include <fmt/format.h>

#include <signal.h>

#include <deque>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {
namespace {

struct EveryCommandOptions {
  std::string interval;
  std::vector<std::string> words;
  bool now = true;
  std::size_t count = 0;
  std::string run_for;
  bool until_success = false;
  bool keep_going = false;
  std::size_t max_failures = 0;
  std::string timeout;
  std::string grace = "2s";
  bool changes = false;
};

double to_ms(Duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

class EveryRun {
 public:
  EveryRun(const GlobalOptions& global, const EveryCommandOptions& options)
      : global_(global),
        command_(join_command_words(options.words)),
        interval_(parse_duration(options.interval)),
        now_(options.now),
        outputs_(global),
        runtime_(executor_choice(global, 0)),
        events_(global, runtime_.stdout_writer(), runtime_.stderr_writer(),
                [this] { runtime_.interrupt(SIGPIPE); }),
        reports_(runtime_.clock(), runtime_.started_at()),
        context_{runtime_.clock(), runtime_.spawner(), events_,
                 process_options(global, parse_duration(options.grace)), std::nullopt} {
    spec::Every every;
    every.interval = interval_;
    every.now = options.now;
    if (options.count > 0)
      every.count = options.count;
    every.run_for = optional_duration(options.run_for);
    every.until_success = options.until_success;
    every.keep_going = options.keep_going || options.max_failures > 0;
    if (options.max_failures > 0)
      every.max_failures = options.max_failures;
    CommandSpec run;
    run.command = command_;
    run.task.timeout = optional_duration(options.timeout);
    if (options.changes)
      events_.show_changes_only();
    loop_ = std::make_unique<EveryNode>(
        "every", "", every,
        [run](std::size_t n, const std::string&) {
          return std::make_unique<CommandNode>(fmt::format("#{}", n + 1), "", run);
        },
        [this](const Node& node, const Tick& tick) {
          on_run_ended(*static_cast<const CommandNode&>(node).task(), tick);
        });
  }

  CommandExit run() {
    loop_->start(context_, StepInput{})
        .add_callbacks([this](const StepValue&) { result_.fired = Fired::callback; },
                       [this](const Failure&) { result_.fired = Fired::errback; });
    const std::optional<int> interrupted = runtime_.run([this] { return loop_->ended(); },
                                                        [this](int signo) {
                                                          result_.interrupted_by = signo;
                                                          context_.interrupted_by = signo;
                                                          loop_->interrupt();
                                                        });
    return {finish(), interrupted};
  }

 private:
  void on_run_ended(const Task& task, const Tick& tick) {
    TaskReport run = reports_.task_report(task, false, events_.take_output(task.index()));
    RunSchedule schedule;
    schedule.n = tick.n + 1;
    schedule.tick = tick.tick;
    schedule.skipped_before = tick.skipped_before;
    schedule.scheduled_ms = reports_.ms_since_start(loop_->loop_started_at() + tick.scheduled);
    if (run.started_ms) {
      max_lateness_ms_ = std::max(max_lateness_ms_, *run.started_ms - schedule.scheduled_ms);
    }
    run.schedule = schedule;
    stats_.add(run);
    last_run_ = {run.index, run.status};
    runs_.push_back(std::move(run));
    // Days of `every` keep memory flat: the report lists the last runs only.
    if (runs_.size() > kMaxReportedRuns) {
      runs_.pop_front();
      ++runs_omitted_;
    }
  }

  int finish() {
    result_.command = CommandKind::every;
    result_.end_reason = loop_->end_reason();
    if (result_.fired == Fired::errback && last_run_) {
      // A failed run is what fails the loop (LoopingCall, F7): the last one.
      result_.failed_task = last_run_->first;
      result_.failure_status = last_run_->second.value_or(1);
    }
    for (TaskReport& run : runs_) reports_.add(std::move(run));
    result_.tasks = runs_omitted_ + runs_.size();
    RunReport report = reports_.build(result_, report_capture_limit(global_));
    EveryReport every;
    every.interval_ms = to_ms(interval_);
    every.now = now_;
    every.end_reason = loop_->end_reason();
    every.skipped_ticks = loop_->skipped_ticks();
    every.max_lateness_ms = max_lateness_ms_;
    every.runs_omitted = runs_omitted_;
    every.stats = stats_;
    report.every = every;
    report.command_line = command_;
    return outputs_.deliver(report);
  }

  const GlobalOptions& global_;
  std::string command_;
  Duration interval_;
  bool now_;
  ReportOutputs outputs_;
  Runtime runtime_;
  TaskEventsPrinter events_;
  ReportBuilder reports_;
  RunContext context_;
  // Before the loop: whatever the loop fires as it goes records here.
  RunResult result_;
  std::unique_ptr<EveryNode> loop_;
  std::deque<TaskReport> runs_;  // the last kMaxReportedRuns
  std::size_t runs_omitted_ = 0;
  EveryStats stats_;  // over all runs
  double max_lateness_ms_ = 0;
  std::optional<std::pair<std::size_t, std::optional<int>>> last_run_;  // index, status
};

}  // namespace

void add_every_command(CLI::App& app, const GlobalOptions& global, Action& action,
                       CommandParts parts) {
  auto options = std::make_shared<EveryCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "every", "Run a command every INTERVAL on a fixed grid, never overlapping (LoopingCall)");
  if (parts == CommandParts::listed_only)
    return;
  command->add_option("interval", options->interval, "Time between runs; 0 runs back to back")
      ->required()
      ->check(duration_check())
      ->option_text("INTERVAL");
  command->add_flag("--now,!--no-now", options->now,
                    "First run at once (default) or after one interval");
  command->add_option("--count", options->count, "Stop after N runs")
      ->transform(decimal_number())
      ->check(CLI::Range(std::size_t{1}, std::numeric_limits<std::size_t>::max() / 2))
      ->option_text("N");
  command
      ->add_option("--for", options->run_for,
                   "Stop DURATION after the start; a run in flight finishes")
      ->check(duration_check());
  command->add_flag("--until-success", options->until_success,
                    "Stop at the first run that succeeds; failed runs go on");
  command->add_flag("--keep-going", options->keep_going, "Failed runs do not stop the loop");
  command
      ->add_option("--max-failures", options->max_failures,
                   "With --keep-going: stop after N failures in a row")
      ->transform(decimal_number())
      ->check(CLI::Range(std::size_t{1}, std::numeric_limits<std::size_t>::max() / 2))
      ->option_text("N");
  command
      ->add_option("--timeout", options->timeout,
                   "Stop a run taking longer (status 124); more than 0")
      ->check(timeout_check());
  command->add_option("--grace", options->grace, "Time between SIGTERM and SIGKILL on cancel")
      ->check(duration_check())
      ->capture_default_str();
  command->add_flag("--changes", options->changes,
                    "Print a run's output only when it differs from the previous run's");
  add_command_words(*command, options->words);
  command->callback([&global, &action, options] {
    action = [&global, options] {
      EveryRun run(global, *options);
      return run.run();
    };
  });
}

}  // namespace tasker::cli
