#include "cli/report/json_report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <string_view>

namespace tasker::cli {
namespace {

using Json = nlohmann::ordered_json;

// Sub-0.1 ms digits are timer noise; rounding keeps the report readable.
double round_ms(double ms) {
  return std::round(ms * 10.0) / 10.0;
}

template <typename T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json ms_or_null(const std::optional<double>& ms) {
  return ms ? Json(round_ms(*ms)) : Json(nullptr);
}

void add_output(Json& object, const TaskReport& task) {
  // A task that never ran has no capture: it wrote nothing.
  const CapturedStream none;
  const CapturedStream& out = task.stdout_capture ? *task.stdout_capture : none;
  const CapturedStream& err = task.stderr_capture ? *task.stderr_capture : none;
  object["stdout"] = out.text;
  object["stderr"] = err.text;
  object["stdout_truncated"] = out.dropped;
  object["stderr_truncated"] = err.dropped;
}

Json task_json(const TaskReport& task, bool include_output) {
  Json object = {
      {"index", task.index},
      {"name", task.name},
      {"command", task.command},
      {"state", to_string(task.state)},
      {"exit_code", or_null(task.exit_code)},
      {"signal", or_null(task.signal)},
      {"core_dumped", task.core_dumped},
      {"status", or_null(task.status)},
      {"unhandled", task.unhandled},
      {"started_ms", ms_or_null(task.started_ms)},
      {"duration_ms", ms_or_null(task.duration_ms)},
      {"attempts", task.attempts},
  };
  if (include_output)
    add_output(object, task);
  return object;
}

Json run_json(const TaskReport& run, bool include_output) {
  // Every run of `every` carries its schedule; a default keeps the report
  // well-formed should one be missing.
  const RunSchedule schedule = run.schedule.value_or(RunSchedule{.n = run.index + 1});
  Json object = {
      {"n", schedule.n},
      {"tick", schedule.tick},
      {"skipped_before", schedule.skipped_before},
      {"scheduled_ms", round_ms(schedule.scheduled_ms)},
      {"started_ms", ms_or_null(run.started_ms)},
      {"duration_ms", ms_or_null(run.duration_ms)},
      {"state", to_string(run.state)},
      {"exit_code", or_null(run.exit_code)},
      {"signal", or_null(run.signal)},
      {"core_dumped", run.core_dumped},
      {"status", or_null(run.status)},
  };
  if (include_output)
    add_output(object, run);
  return object;
}

Json fired_json(const RunReport& report) {
  return report.fired == Fired::none ? Json(nullptr) : Json(to_string(report.fired));
}

Json every_json(const RunReport& report, const EveryReport& every, bool include_output) {
  Json object = {
      {"tasker", report.version},
      {"command", "every"},
      {"fired", fired_json(report)},
      {"exit_code", report.exit_code},
      {"duration_ms", round_ms(report.duration_ms)},
      {"interval_ms", round_ms(every.interval_ms)},
      {"now", every.now},
      {"end_reason", to_string(every.end_reason)},
      {"skipped_ticks", every.skipped_ticks},
      {"max_lateness_ms", round_ms(every.max_lateness_ms)},
      {"interrupted", or_null(report.interrupted_by)},
  };
  if (include_output)
    object["capture_limit"] = report.capture_limit;
  object["runs_omitted"] = every.runs_omitted;  // the oldest; `runs` lists the last ones
  Json runs = Json::array();
  for (const TaskReport& run : report.tasks) runs.push_back(run_json(run, include_output));
  object["runs"] = std::move(runs);
  return object;
}

Json parallel_json(const RunReport& report, bool include_output) {
  const RunOptionsReport& options = report.options;
  Json object = {
      {"tasker", report.version},
      {"command", to_string(report.command)},
      {"options",
       {
           {"fire_on_one_callback", options.fire_on_one_callback},
           {"fire_on_one_errback", options.fire_on_one_errback},
           {"consume_errors", options.consume_errors},
           {"jobs", options.jobs},
           {"timeout_ms", ms_or_null(options.timeout_ms)},
       }},
      {"fired", fired_json(report)},
      {"fire_index", or_null(report.fire_index)},
      {"exit_code", report.exit_code},
      {"duration_ms", round_ms(report.duration_ms)},
      {"interrupted", or_null(report.interrupted_by)},
  };
  if (include_output)
    object["capture_limit"] = report.capture_limit;
  Json tasks = Json::array();
  for (const TaskReport& task : report.tasks) tasks.push_back(task_json(task, include_output));
  object["tasks"] = std::move(tasks);
  return object;
}

}  // namespace

std::string to_json(const RunReport& report, bool include_output) {
  const Json object = report.every ? every_json(report, *report.every, include_output)
                                   : parallel_json(report, include_output);
  // Task output is arbitrary bytes; the replacing error handler makes dump()
  // emit U+FFFD for invalid UTF-8 instead of throwing type_error 316.
  std::string text = object.dump(2, ' ', false, Json::error_handler_t::replace);
  text += '\n';
  return text;
}

}  // namespace tasker::cli
