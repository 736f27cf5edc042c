#include "cli/report/report_tasks.hpp"

#include "cli/report/task_report_spill.hpp"

namespace tasker::cli {

std::size_t task_count(const RunReport& report) {
  return report.spilled ? report.spilled->size() : report.tasks.size();
}

void for_each_task(const RunReport& report, const std::function<void(const TaskReport&)>& visit) {
  if (report.spilled) {
    report.spilled->for_each(visit);
    return;
  }
  for (const TaskReport& task : report.tasks) visit(task);
}

std::optional<TaskReport> task_at(const RunReport& report, std::size_t position) {
  if (position >= task_count(report))
    return std::nullopt;
  if (report.spilled)
    return report.spilled->at(position);
  return report.tasks[position];
}

}  // namespace tasker::cli
