#include "cli/report/json_report.hpp"

#include "cli/report/node_report.hpp"
#include "cli/report/report_tasks.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
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
  object["stdout_truncated_bytes"] = out.dropped;
  object["stderr_truncated_bytes"] = err.dropped;
}

// Why it could not start, or how it timed out, in words: JUnit's failure message, re-rendered
// from a saved report, says what the run's own said.
void add_error(Json& object, const TaskReport& task) {
  if (!task.error.empty())
    object["error"] = task.error;
}

Json task_json(const TaskReport& task, bool include_output,
               std::optional<double> queued_ms = std::nullopt) {
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
  if (queued_ms)
    object["queued_ms"] = round_ms(*queued_ms);
  if (!task.host.empty())
    object["host"] = task.host;
  if (!task.job_id.empty())
    object["job_id"] = task.job_id;
  add_error(object, task);
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
  add_error(object, run);
  if (include_output)
    add_output(object, run);
  return object;
}

// Adds to `object` the fields of `fields` it does not have yet, after its own.
void add_missing(Json& object, Json fields) {
  for (auto field = fields.begin(); field != fields.end(); ++field) {
    if (!object.contains(field.key()))
      object[field.key()] = std::move(field.value());
  }
}

Json fired_json(const RunReport& report) {
  return report.fired == Fired::none ? Json(nullptr) : Json(to_string(report.fired));
}

Json every_json(const RunReport& report, const EveryReport& every, bool include_output) {
  Json object = {
      {"tasker", report.version},
      {"command", "every"},
      {"command_line", report.command_line},
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
  for_each_task(report,
                [&](const TaskReport& run) { runs.push_back(run_json(run, include_output)); });
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
  if (report.delay_ms)
    object["delay_ms"] = round_ms(*report.delay_ms);
  if (include_output)
    object["capture_limit"] = report.capture_limit;
  // The tasks are written one by one after the rest (write_json): a placeholder keeps their place.
  object["tasks"] = Json::array();
  return object;
}

Json fired_or_null(Fired fired) {
  return fired == Fired::none ? Json(nullptr) : Json(to_string(fired));
}

Json node_json(const NodeReport& node, bool include_output);

Json level_json(const LevelReport& level, bool include_output) {
  Json object = {
      {"index", level.index},
      {"kind", to_string(level.kind)},
      {"name", level.name},
  };
  if (level.kind == LevelKind::callbacks) {
    // One level, two functions: `ran` names the one that ran
    // (docs/behaviour.md "Chain output and report").
    object["ran"] = level.ran == Fired::none ? Json(false) : Json(to_string(level.ran));
  } else {
    object["ran"] = level.ran != Fired::none;
  }
  object["trap"] = level.trap.empty() ? Json(nullptr) : Json(level.trap);
  object["track_after"] = fired_or_null(level.track_after);
  const NodeReport* step = level.node.empty() ? nullptr : &level.node.front();
  // A command step in a task file's chain is named by its path (JUnit's testcase, the summary's
  // row), which its name alone does not give; `tasker chain`'s steps are their names.
  const auto step_task_json = [&]() {
    Json task = task_json(*step->task, include_output);
    if (!step->path.empty() && step->path != step->name)
      task["path"] = step->path;
    return task;
  };
  if (level.kind == LevelKind::callbacks) {
    const Json ran = step == nullptr ? Json(nullptr)
                     : step->task    ? step_task_json()
                                     : node_json(*step, include_output);
    object["callback"] = level.ran == Fired::callback ? ran : Json(nullptr);
    object["errback"] = level.ran == Fired::errback ? ran : Json(nullptr);
  } else if (step && step->task) {
    // A command: the task fields of docs/behaviour.md "JSON report", as a task of gather has them.
    add_missing(object, step_task_json());
  } else if (step) {
    object["node"] = node_json(*step, include_output);
  }
  return object;
}

Json group_options_json(const GroupOptions& spec) {
  const DeferredListOptions list = list_options(spec);
  return {{"fire_on_one_callback", list.fire_on_one_callback},
          {"fire_on_one_errback", list.fire_on_one_errback},
          {"consume_errors", list.consume_errors},
          {"on_fire", spec.on_fire == OnFire::cancel ? "cancel" : "wait"},
          {"jobs", spec.jobs}};
}

Json nodes_json(const std::vector<NodeReport>& nodes, bool include_output) {
  Json array = Json::array();
  for (const NodeReport& node : nodes) array.push_back(node_json(node, include_output));
  return array;
}

// docs/behaviour.md "Task file report": every node has its name, path, kind, state, status and
// times, and what it holds; a shared task is itself once, and a ref elsewhere.
Json node_json(const NodeReport& node, bool include_output) {
  if (node.ref)
    return {{"name", node.name},
            {"path", node.path},
            {"ref", *node.ref},
            {"unhandled", node.unhandled}};
  Json object = {
      {"name", node.name},
      {"path", node.path},
      {"kind", to_string(node.kind)},
      {"state", to_string(node.state)},
      {"status", or_null(node.status)},
      {"started_ms", ms_or_null(node.started_ms)},
      {"duration_ms", ms_or_null(node.duration_ms)},
      {"queued_ms", ms_or_null(node.queued_ms)},
      {"unhandled", node.unhandled},
  };
  switch (node.kind) {
    case NodeKind::run:
      if (node.task) {
        // The process's own times, as a task of gather has them and JUnit and the summary read
        // them: the node ends a little after its process, once its outcome is handed on.
        object["started_ms"] = ms_or_null(node.task->started_ms);
        object["duration_ms"] = ms_or_null(node.task->duration_ms);
        add_missing(object, task_json(*node.task, include_output));
      }
      break;
    case NodeKind::gather:
    case NodeKind::list:
    case NodeKind::any:
    case NodeKind::needs:
      object["fired"] = fired_or_null(node.fired);
      object["fire_index"] = or_null(node.fire_index);
      object["options"] = group_options_json(node.group);
      object["children"] = nodes_json(node.children, include_output);
      break;
    case NodeKind::chain:
      if (!node.needs.empty())
        object["needs"] = node_json(node.needs.front(), include_output);
      object["body"] =
          node.body.empty() ? Json(nullptr) : node_json(node.body.front(), include_output);
      object["levels"] = Json::array();
      for (const LevelReport& level : node.levels)
        object["levels"].push_back(level_json(level, include_output));
      break;
    case NodeKind::every:
      object["interval_ms"] = round_ms(node.interval_ms);
      object["end_reason"] = to_string(node.end_reason);
      object["skipped_ticks"] = node.skipped_ticks;
      object["runs_omitted"] = node.runs_omitted;
      object["runs"] = nodes_json(node.runs, include_output);
      break;
    case NodeKind::delay:
      object["delay_ms"] = round_ms(node.delay_ms);
      object["child"] =
          node.child.empty() ? Json(nullptr) : node_json(node.child.front(), include_output);
      break;
  }
  return object;
}

// docs/behaviour.md "Chain output and report": the chain's CMD as a task object, and its levels.
Json chain_json(const RunReport& report, bool include_output) {
  const NodeReport& root = *report.tree;
  Json object = {
      {"tasker", report.version},
      {"command", "chain"},
      {"fired", fired_json(report)},
      {"exit_code", report.exit_code},
      {"duration_ms", round_ms(report.duration_ms)},
      {"interrupted", or_null(report.interrupted_by)},
  };
  if (include_output)
    object["capture_limit"] = report.capture_limit;
  const NodeReport* cmd =
      root.kind == NodeKind::chain ? (root.body.empty() ? nullptr : &root.body.front()) : &root;
  object["cmd"] = cmd && cmd->task ? task_json(*cmd->task, include_output) : Json(nullptr);
  object["levels"] = Json::array();
  for (const LevelReport& level : root.levels)
    object["levels"].push_back(level_json(level, include_output));
  return object;
}

// docs/behaviour.md "Task file report": the tree, with the run's own fields on its root.
Json task_file_json(const RunReport& report, bool include_output) {
  Json object = {
      {"tasker", report.version},
      {"command", "run"},
      {"file", report.task_file},
      {"targets", report.targets},
      {"fired", fired_json(report)},
      {"exit_code", report.exit_code},
      {"duration_ms", round_ms(report.duration_ms)},
      {"interrupted", or_null(report.interrupted_by)},
  };
  if (include_output)
    object["capture_limit"] = report.capture_limit;
  object["root"] = node_json(*report.tree, include_output);
  return object;
}

// Every report starts with the same fields, whatever the command.
Json with_head(const RunReport& report, Json body) {
  Json object = {
      {"tasker", report.version},    {"schema_version", kReportSchemaVersion},
      {"command", body["command"]},  {"started_at", report.started_at},
      {"hostname", report.hostname},
  };
  add_missing(object, std::move(body));
  return object;
}

// Task output is arbitrary bytes; the replacing error handler makes dump()
// emit U+FFFD for invalid UTF-8 instead of throwing type_error 316.
std::string dump(const Json& value) {
  return value.dump(2, ' ', false, Json::error_handler_t::replace);
}

// When a task of gather/list/any/after was ready: the run's start (`after`: when its delay
// ends); one that started later waited for a --jobs slot.
std::optional<double> queued_of(const RunReport& report, const TaskReport& task) {
  if (!task.started_ms)
    return std::nullopt;
  return std::min(report.delay_ms.value_or(0), *task.started_ms);
}

// Writes `text` (the report with an empty `tasks` array last) with the tasks in that array, each
// dumped on its own, indented as dump() indents an array's objects inside the report.
void write_with_tasks(const RunReport& report, bool include_output, const std::string& text,
                      const std::function<void(std::string_view)>& write) {
  constexpr std::string_view kEmpty = "[]";
  const std::size_t at = text.rfind(kEmpty);
  write(std::string_view(text).substr(0, at));
  if (task_count(report) == 0) {
    write(kEmpty);
  } else {
    write("[\n");
    bool first = true;
    std::string item;
    for_each_task(report, [&](const TaskReport& task) {
      item = first ? "    " : ",\n    ";
      first = false;
      // A dumped string has its newlines escaped: each line break is the layout's.
      for (const char c : dump(task_json(task, include_output, queued_of(report, task)))) {
        item += c;
        if (c == '\n')
          item += "    ";
      }
      write(item);
    });
    write("\n  ]");
  }
  write(std::string_view(text).substr(at + kEmpty.size()));
}

}  // namespace

void write_json(const RunReport& report, bool include_output,
                const std::function<void(std::string_view)>& write) {
  Json object;
  if (report.tree && report.command == CommandKind::chain) {
    object = chain_json(report, include_output);
  } else if (report.tree) {
    object = task_file_json(report, include_output);
  } else if (report.every) {
    object = every_json(report, *report.every, include_output);
  } else {
    object = parallel_json(report, include_output);
  }
  object = with_head(report, std::move(object));
  std::string text = dump(object);
  text += '\n';
  if (report.tree || report.every) {
    write(text);
    return;
  }
  write_with_tasks(report, include_output, text, write);
}

std::string to_json(const RunReport& report, bool include_output) {
  std::string text;
  write_json(report, include_output, [&text](std::string_view piece) { text += piece; });
  return text;
}

std::string task_report_json(const TaskReport& task) {
  std::string text = dump(task_json(task, false));
  text += '\n';
  return text;
}

}  // namespace tasker::cli
