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
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {

/// Past this many finished tasks, their entries go to a spill file (TaskReportSpill).
inline constexpr std::size_t kTasksHeldInMemory = 1000;

class ReportBuilder {
 public:
  /// `clock` gives the times; `start` is the run's origin on it. Past `held_in_memory` tasks,
  /// all go to a spill file in $TMPDIR; they stay in memory if it cannot be made.
  ReportBuilder(const Clock& clock, Duration start,
                std::size_t held_in_memory = kTasksHeldInMemory);

  /// Milliseconds from the start to clock time `t`.
  [[nodiscard]] double ms_since_start(Duration t) const;

  /// The report entry of `task` as it is now, with its captured output.
  [[nodiscard]] TaskReport task_report(const Task& task, bool unhandled,
                                       std::optional<CapturedOutput> output) const;

  /// Adds the entry of a task of this run; entries are listed by index.
  void add(TaskReport task);

  /// The entries held in memory now: at most `held_in_memory` whatever the run's size.
  [[nodiscard]] std::size_t held() const { return tasks_.size(); }

  /// The whole report: the tasks added, by index, and what the run decided.
  [[nodiscard]] RunReport build(const RunResult& result, std::size_t capture_limit);

 private:
  const Clock& clock_;
  Duration start_;
  std::chrono::system_clock::time_point wall_start_;  // start_, on the wall clock
  std::size_t held_in_memory_;
  std::vector<TaskReport> tasks_;
  std::shared_ptr<TaskReportSpill> spill_;
  bool spill_failed_ = false;
};

}  // namespace tasker::cli
