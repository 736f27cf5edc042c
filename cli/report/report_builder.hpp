#pragma once
// ReportBuilder: turns what the tasks did and what the run decided into the
// RunReport every report is a view of. Times are milliseconds since the
// run's start (docs/behaviour.md "JSON report").

#include "cli/output/task_events_printer.hpp"
#include "cli/report/run_report.hpp"
#include "core/deferred/clock.hpp"
#include "core/run/run_result.hpp"
#include "core/run/task.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {

class ReportBuilder {
 public:
  /// `clock` gives the times; `start` is the run's origin on it.
  ReportBuilder(const Clock& clock, Duration start);

  /// Milliseconds from the start to clock time `t`.
  [[nodiscard]] double ms_since_start(Duration t) const;

  /// The report entry of `task` as it is now, with its captured output.
  [[nodiscard]] TaskReport task_report(const Task& task, bool unhandled,
                                       std::optional<CapturedOutput> output) const;

  /// Adds the entry of a task of this run; entries are listed by index.
  void add(TaskReport task);

  /// The whole report: the tasks added, by index, and what the run decided.
  [[nodiscard]] RunReport build(const RunResult& result, std::size_t capture_limit);

 private:
  const Clock& clock_;
  Duration start_;
  std::chrono::system_clock::time_point wall_start_;  // start_, on the wall clock
  std::vector<TaskReport> tasks_;
};

}  // namespace tasker::cli
