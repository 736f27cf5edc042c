#include "cli/report/report_builder.hpp"

#include "cli/report/task_report_spill.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <utility>

#ifndef TASKER_VERSION
#error "TASKER_VERSION must be defined by the build (cli/CMakeLists.txt)"
#endif

namespace tasker::cli {
namespace {

// 2026-12-05T18:44:48.123Z
std::string rfc3339_utc(std::chrono::system_clock::time_point at) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(at);
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  const auto millis = (ms.time_since_epoch() % std::chrono::seconds(1)).count();
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

std::string host_name() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0)
    return {};
  return name.data();
}

}  // namespace

ReportBuilder::ReportBuilder(const Clock& clock, Duration start, std::size_t held_in_memory)
    : clock_(clock),
      start_(start),
      wall_start_(
          std::chrono::system_clock::now() -
          std::chrono::duration_cast<std::chrono::system_clock::duration>(clock.now() - start)),
      held_in_memory_(held_in_memory) {}

double ReportBuilder::ms_since_start(Duration t) const {
  return std::chrono::duration<double, std::milli>(t - start_).count();
}

TaskReport ReportBuilder::task_report(const Task& task, bool unhandled,
                                      std::optional<CapturedOutput> output) const {
  TaskReport r;
  r.index = task.index();
  r.name = task.name();
  r.command = task.command();
  r.state = task.state() == TaskState::queued ? TaskState::not_started : task.state();
  if (task.last_exit()) {
    r.exit_code = task.last_exit()->exit_code;
    r.signal = task.last_exit()->signal;
    r.core_dumped = task.last_exit()->core_dumped;
    r.error = task.last_exit()->start_error;
    r.host = task.last_exit()->host;
    r.job_id = task.last_exit()->job_id;
  }
  r.status = task.status();
  if (task.state() == TaskState::timed_out)
    r.error = "timed out";
  if (task.started_at()) {
    r.started_ms = ms_since_start(*task.started_at());
    const Duration end = task.ended_at() ? *task.ended_at() : clock_.now();
    r.duration_ms = std::chrono::duration<double, std::milli>(end - *task.started_at()).count();
  }
  r.attempts = task.attempts();
  r.unhandled = unhandled;
  if (output) {
    r.stdout_capture = std::move(output->out);
    r.stderr_capture = std::move(output->err);
  }
  return r;
}

void ReportBuilder::add(TaskReport task) {
  if (spill_) {
    spill_->add(task);
    return;
  }
  tasks_.push_back(std::move(task));
  if (tasks_.size() <= held_in_memory_ || spill_failed_)
    return;
  try {
    spill_ = std::make_shared<TaskReportSpill>();
  } catch (const TaskReportSpillError&) {
    spill_failed_ = true;  // no temporary file: the run goes on, holding its tasks in memory
    return;
  }
  for (const TaskReport& held : tasks_) spill_->add(held);
  tasks_.clear();
  tasks_.shrink_to_fit();
}

RunReport ReportBuilder::build(const RunResult& result, std::size_t capture_limit) {
  RunReport report;
  report.version = TASKER_VERSION;
  report.command = result.command;
  report.started_at = rfc3339_utc(wall_start_);
  report.hostname = host_name();
  report.fired = result.fired;
  report.fire_index = result.fire_index;
  report.exit_code = exit_status(result);
  report.duration_ms = ms_since_start(clock_.now());
  report.interrupted_by = result.interrupted_by;
  report.capture_limit = capture_limit;
  if (spill_) {
    // Read back in input order as the reports are written.
    report.spilled = std::move(spill_);
    if (result.failed_task)
      report.failed_task = report.spilled->position_of(*result.failed_task);
    return report;
  }
  // Tasks settle in the order they end; the report lists them in input order.
  std::stable_sort(tasks_.begin(), tasks_.end(),
                   [](const TaskReport& a, const TaskReport& b) { return a.index < b.index; });
  report.tasks = std::move(tasks_);
  tasks_.clear();
  if (result.failed_task) {
    const auto found =
        std::find_if(report.tasks.begin(), report.tasks.end(),
                     [&](const TaskReport& t) { return t.index == *result.failed_task; });
    if (found != report.tasks.end())
      report.failed_task = static_cast<std::size_t>(found - report.tasks.begin());
  }
  return report;
}

}  // namespace tasker::cli
