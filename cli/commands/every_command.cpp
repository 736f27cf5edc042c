// tasker every INTERVAL [OPTIONS] [--] CMD...: a LoopingCall over one shell
// command (SPEC §2), with its summary and its `runs[]` report (SPEC §4).

#include "cli/commands/command_words.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/parallel_options.hpp"
#include "cli/exit_codes.hpp"
#include "cli/session.hpp"
#include "core/run/every_loop.hpp"

#include <fmt/format.h>

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
      : command_(join_command_words(options.words)),
        interval_(parse_duration(options.interval)),
        now_(options.now),
        session_(global, "every") {
    EveryOptions every;
    every.interval = interval_;
    every.now = options.now;
    if (options.count > 0)
      every.count = options.count;
    every.run_for = optional_duration(options.run_for);
    every.until_success = options.until_success;
    every.keep_going = options.keep_going || options.max_failures > 0;
    if (options.max_failures > 0)
      every.max_failures = options.max_failures;
    every.task.process = session_.process_options(parse_duration(options.grace));
    every.task.timeout = optional_duration(options.timeout);
    if (options.changes)
      session_.show_changes_only();
    loop_.emplace(session_.clock(), session_.spawner(), session_, command_, every,
                  [this](const Task& task, const Tick& tick) { on_run_ended(task, tick); });
  }

  int run() {
    loop_->start().add_callbacks([this](Nothing) { fired_ = "callback"; },
                                 [this](const Failure&) { fired_ = "errback"; });
    session_.run([this] { return loop_->finished() && ended_runs_ == loop_->runs(); },
                 [this](int) { loop_->interrupt(); });
    return finish();
  }

 private:
  void on_run_ended(const Task& task, const Tick& tick) {
    ++ended_runs_;
    TaskReport run = session_.report_task(task);
    RunSchedule schedule;
    schedule.n = tick.n + 1;
    schedule.tick = tick.tick;
    schedule.skipped_before = tick.skipped_before;
    schedule.scheduled_ms = session_.ms_since_start(loop_->started_at() + tick.scheduled);
    if (run.started_ms) {
      max_lateness_ms_ = std::max(max_lateness_ms_, *run.started_ms - schedule.scheduled_ms);
    }
    run.schedule = schedule;
    stats_.add(run);
    runs_.push_back(std::move(run));
    // Days of `every` keep memory flat: the report lists the last runs only.
    if (runs_.size() > kMaxReportedRuns) {
      runs_.pop_front();
      ++runs_omitted_;
    }
  }

  int exit_code() const {
    if (session_.interrupted())
      return kExitSignalBase + *session_.interrupted();
    if (fired_ == "errback" && !runs_.empty())
      return runs_.back().status.value_or(1);
    return kExitSuccess;
  }

  int finish() {
    RunReport report;
    report.fired = fired_;
    report.exit_code = exit_code();
    report.tasks.assign(std::make_move_iterator(runs_.begin()),
                        std::make_move_iterator(runs_.end()));
    EveryReport every;
    every.interval_ms = to_ms(interval_);
    every.now = now_;
    every.end_reason = std::string(to_string(loop_->end_reason()));
    every.skipped_ticks = loop_->skipped_ticks();
    every.max_lateness_ms = max_lateness_ms_;
    every.runs_omitted = runs_omitted_;
    every.stats = stats_;
    report.every = every;
    return session_.finish(report);
  }

  std::string command_;
  Duration interval_;
  bool now_;
  Session session_;
  std::optional<EveryLoop> loop_;
  std::deque<TaskReport> runs_;  // the last kMaxReportedRuns
  std::size_t runs_omitted_ = 0;
  EveryStats stats_;  // over all runs
  std::size_t ended_runs_ = 0;
  double max_lateness_ms_ = 0;
  std::string fired_;
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
      ->check(CLI::Range(std::size_t{1}, std::numeric_limits<std::size_t>::max() / 2))
      ->option_text("N");
  command->add_option("--timeout", options->timeout, "Stop a run taking longer (status 124)")
      ->check(duration_check());
  command->add_option("--grace", options->grace, "Time between SIGTERM and SIGKILL on cancel")
      ->check(duration_check());
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
