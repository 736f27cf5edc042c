#include "cli/report/saved_run_report.hpp"

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace tasker::cli {
namespace {

using Json = nlohmann::json;

using saved::child_object;
using saved::field;
using saved::flag;
using saved::integer;
using saved::list;
using saved::not_a_report;
using saved::number;
using saved::require_object;
using saved::text;

constexpr std::array kCommands{CommandKind::gather, CommandKind::list,  CommandKind::any,
                               CommandKind::every,  CommandKind::after, CommandKind::chain,
                               CommandKind::run};
constexpr std::array kStates{TaskState::queued,      TaskState::running,   TaskState::succeeded,
                             TaskState::failed,      TaskState::timed_out, TaskState::cancelled,
                             TaskState::not_started, TaskState::skipped};
constexpr std::array kEndReasons{
    EndReason::none,    EndReason::count,        EndReason::duration,   EndReason::until_success,
    EndReason::failure, EndReason::max_failures, EndReason::interrupted};

// The value of `values` spelled `word`, by their to_string().
template <typename Enum, std::size_t N>
std::optional<Enum> spelled(const std::array<Enum, N>& values, std::string_view word) {
  for (const Enum value : values) {
    if (to_string(value) == word)
      return value;
  }
  return std::nullopt;
}

std::size_t count(const Json& object, const char* key) {
  const std::optional<double> value = number(object, key);
  return value && *value > 0 ? static_cast<std::size_t>(*value) : 0;
}

Fired fired_of(const Json& object) {
  const std::string fired = text(object, "fired");
  if (fired.empty())
    return Fired::none;
  return fired == "errback" ? Fired::errback : Fired::callback;
}

std::optional<CapturedStream> capture(const Json& task, const char* stream, const char* truncated) {
  if (field(task, stream, Json::value_t::string) == nullptr)
    return std::nullopt;  // a report written without the output
  return CapturedStream{text(task, stream), count(task, truncated)};
}

// A task object (a task of gather, a run of every, a chain step, a task node of a tree).
TaskReport task_of(const Json& task) {
  require_object(task, "a task");
  TaskReport r;
  r.index = count(task, "index");
  r.name = text(task, "name");
  r.command = text(task, "command");
  const std::string state = text(task, "state");
  const std::optional<TaskState> known = spelled(kStates, state);
  if (!known)
    not_a_report(fmt::format("unknown task state '{}'", state));
  r.state = *known;
  r.exit_code = integer(task, "exit_code");
  r.signal = integer(task, "signal");
  r.core_dumped = flag(task, "core_dumped");
  r.status = integer(task, "status");
  r.error = text(task, "error");
  r.unhandled = flag(task, "unhandled");
  r.started_ms = number(task, "started_ms");
  r.duration_ms = number(task, "duration_ms");
  r.attempts = static_cast<unsigned>(count(task, "attempts"));
  r.host = text(task, "host");
  r.job_id = text(task, "job_id");
  r.stdout_capture = capture(task, "stdout", "stdout_truncated_bytes");
  r.stderr_capture = capture(task, "stderr", "stderr_truncated_bytes");
  return r;
}

// A task of a tree or a chain, named as the run names it: by its path, else its name.
void add_leaf(const Json& node, std::vector<TaskReport>& tasks) {
  TaskReport task = task_of(node);
  const std::string path = text(node, "path");
  if (!path.empty())
    task.name = path;
  tasks.push_back(std::move(task));
}

void add_level(const Json& level, std::vector<TaskReport>& tasks);

// The tasks of `node` and all below it, in the order for_each_task() visits a NodeReport: the
// node, then its needs, body, children, runs, child, then its levels. A ref is reported where
// the shared task ran.
void add_node(const Json& node, std::vector<TaskReport>& tasks) {
  require_object(node, "a node");
  if (node.contains("ref"))
    return;
  if (text(node, "kind") == "run") {
    if (node.contains("command"))  // else it never started: it has no task
      add_leaf(node, tasks);
    return;
  }
  if (const Json* needs = child_object(node, "needs"))
    add_node(*needs, tasks);
  if (const Json* body = child_object(node, "body"))
    add_node(*body, tasks);
  for (const Json& child : list(node, "children")) add_node(child, tasks);
  for (const Json& run : list(node, "runs")) add_node(run, tasks);
  if (const Json* child = child_object(node, "child"))
    add_node(*child, tasks);
  for (const Json& level : list(node, "levels")) add_level(level, tasks);
}

// A chain level: the step that ran, a command (its task fields merged into the level, or the
// callback or errback of a callbacks level) or a node. A level that did not run has no task.
void add_level(const Json& level, std::vector<TaskReport>& tasks) {
  require_object(level, "a chain level");
  const auto ran_field = level.find("ran");
  if (ran_field != level.end() && ran_field->is_boolean() && !ran_field->get<bool>())
    return;  // the chain's track passed it by
  for (const char* key : {"callback", "errback", "node"}) {
    if (const Json* ran = child_object(level, key)) {
      if (ran->contains("kind"))  // a node; a task has no kind
        add_node(*ran, tasks);
      else
        add_leaf(*ran, tasks);
      return;
    }
  }
  if (level.contains("command"))
    add_leaf(level, tasks);
}

void read_flat(const Json& report, RunReport& run) {
  run.delay_ms = number(report, "delay_ms");
  run.fire_index = integer(report, "fire_index");
  if (const Json* options = child_object(report, "options")) {
    run.options.fire_on_one_callback = flag(*options, "fire_on_one_callback");
    run.options.fire_on_one_errback = flag(*options, "fire_on_one_errback");
    run.options.consume_errors = flag(*options, "consume_errors");
    run.options.jobs = count(*options, "jobs");
    run.options.timeout_ms = number(*options, "timeout_ms");
  }
  const Json& tasks = list(report, "tasks");
  run.tasks.reserve(tasks.size());
  for (const Json& task : tasks) run.tasks.push_back(task_of(task));
}

void read_every(const Json& report, RunReport& run) {
  run.command_line = text(report, "command_line");
  EveryReport every;
  every.interval_ms = number(report, "interval_ms").value_or(0);
  every.now = !report.contains("now") || flag(report, "now");
  const std::string reason = text(report, "end_reason");
  every.end_reason = spelled(kEndReasons, reason).value_or(EndReason::none);
  every.skipped_ticks = count(report, "skipped_ticks");
  every.max_lateness_ms = number(report, "max_lateness_ms").value_or(0);
  every.runs_omitted = count(report, "runs_omitted");
  run.every = every;
  const Json& runs = list(report, "runs");
  run.tasks.reserve(runs.size());
  for (const Json& object : runs) {
    TaskReport task = task_of(object);
    RunSchedule schedule;
    schedule.n = count(object, "n");
    schedule.tick = count(object, "tick");
    schedule.skipped_before = count(object, "skipped_before");
    schedule.scheduled_ms = number(object, "scheduled_ms").value_or(0);
    // A run is named by its number and runs the loop's command, as the run itself names it.
    task.index = schedule.n > 0 ? schedule.n - 1 : 0;
    task.name = fmt::format("#{}", schedule.n);
    task.command = run.command_line;
    task.schedule = schedule;
    run.tasks.push_back(std::move(task));
  }
}

void read_chain(const Json& report, RunReport& run) {
  if (const Json* cmd = child_object(report, "cmd"))
    add_leaf(*cmd, run.tasks);
  for (const Json& level : list(report, "levels")) add_level(level, run.tasks);
}

void read_tree(const Json& report, RunReport& run) {
  run.task_file = text(report, "file");
  for (const Json& target : list(report, "targets")) {
    if (target.is_string())
      run.targets.push_back(target.get<std::string>());
  }
  const Json* root = child_object(report, "root");
  if (root == nullptr)
    not_a_report("a `run` report has no root");
  add_node(*root, run.tasks);
}

}  // namespace

RunReport run_report_from_json(const Json& report) {
  RunReport run;
  run.command = *spelled(kCommands, saved::check_head(report));
  run.exit_code = *integer(report, "exit_code");
  run.version = text(report, "tasker");
  run.started_at = text(report, "started_at");
  run.hostname = text(report, "hostname");
  run.fired = fired_of(report);
  run.duration_ms = number(report, "duration_ms").value_or(0);
  run.interrupted_by = integer(report, "interrupted");
  run.capture_limit = count(report, "capture_limit");
  switch (run.command) {
    case CommandKind::every:
      read_every(report, run);
      break;
    case CommandKind::chain:
      read_chain(report, run);
      break;
    case CommandKind::run:
      read_tree(report, run);
      break;
    case CommandKind::gather:
    case CommandKind::list:
    case CommandKind::any:
    case CommandKind::after:
      read_flat(report, run);
      break;
  }
  return run;
}

RunReport run_report_from_text(const std::string& text) {
  return run_report_from_json(saved::parse(text));
}

}  // namespace tasker::cli
