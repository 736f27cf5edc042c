#pragma once
// The tasks of a RunReport, wherever they are: in its `tasks`, or read back
// from its spill file for a large run. Every view of a report reads them
// through these, one at a time, so a report of 100 000 tasks is never all in
// memory at once.

#include "cli/report/run_report.hpp"

#include <cstddef>
#include <functional>
#include <optional>

namespace tasker::cli {

/// How many tasks the report lists.
[[nodiscard]] std::size_t task_count(const RunReport& report);

/// Calls `visit` with each task the report lists, in its order. The reference is valid during
/// the call only.
void for_each_task(const RunReport& report, const std::function<void(const TaskReport&)>& visit);

/// The task at `position` in the report's list, if there is one.
[[nodiscard]] std::optional<TaskReport> task_at(const RunReport& report, std::size_t position);

}  // namespace tasker::cli
