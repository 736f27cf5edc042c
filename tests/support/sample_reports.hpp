#pragma once
// RunReports for the report and summary tests: the example of docs/behaviour.md "JSON report" and
// an `every` loop, built by hand so each test can change one field.

#include "cli/report/run_report.hpp"

#include <optional>
#include <string>

namespace tasker::cli::samples {

inline TaskReport make_task(std::size_t index, std::string command, TaskState state) {
  TaskReport task;
  task.index = index;
  task.name = "#" + std::to_string(index);
  task.command = std::move(command);
  task.state = state;
  task.attempts = state == TaskState::not_started ? 0 : 1;
  return task;
}

/// The example of docs/behaviour.md "JSON report": `tasker list --fire-on-one-errback 'sleep 2'
/// 'sleep 1; exit 3'`.
inline RunReport spec_list_report() {
  RunReport report;
  report.version = "0.1.0";
  report.command = CommandKind::list;
  report.options.fire_on_one_errback = true;
  report.fired = Fired::errback;
  report.fire_index = 1;
  report.exit_code = 3;
  report.duration_ms = 1021.7;
  report.capture_limit = 65536;

  TaskReport first = make_task(0, "sleep 2", TaskState::cancelled);
  first.signal = 15;
  first.status = 143;
  first.started_ms = 0.2;
  first.duration_ms = 1020.9;
  first.stdout_capture = CapturedStream{};
  first.stderr_capture = CapturedStream{};

  TaskReport second = make_task(1, "sleep 1; exit 3", TaskState::failed);
  second.exit_code = 3;
  second.status = 3;
  second.unhandled = true;
  second.started_ms = 0.3;
  second.duration_ms = 1003.1;
  second.stdout_capture = CapturedStream{};
  second.stderr_capture = CapturedStream{};

  report.tasks = {first, second};
  return report;
}

/// `tasker every 1s --count 3 -- ./check`, with a tick skipped before the third run.
inline RunReport every_report() {
  RunReport report;
  report.version = "0.1.0";
  report.command = CommandKind::every;
  report.fired = Fired::callback;
  report.exit_code = 0;
  report.duration_ms = 3400.04;
  report.every = EveryReport{.interval_ms = 1000,
                             .now = true,
                             .end_reason = EndReason::count,
                             .skipped_ticks = 1,
                             .max_lateness_ms = 0.43};
  const double durations[] = {200, 1500, 300};
  const std::size_t ticks[] = {0, 1, 3};
  double started = 0.1;
  for (std::size_t i = 0; i < 3; ++i) {
    TaskReport run = make_task(i, "./check", TaskState::succeeded);
    run.name = "#" + std::to_string(i + 1);
    run.exit_code = 0;
    run.status = 0;
    run.schedule = RunSchedule{.n = i + 1,
                               .tick = ticks[i],
                               .skipped_before = i == 2 ? 1U : 0U,
                               .scheduled_ms = 1000.0 * static_cast<double>(ticks[i])};
    run.started_ms = 1000.0 * static_cast<double>(ticks[i]) + started;
    run.duration_ms = durations[i];
    report.tasks.push_back(run);
  }
  return report;
}

}  // namespace tasker::cli::samples
