#include "cli/report/report_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace tasker::cli {
namespace {

using Json = nlohmann::json;

using saved::child_object;
using saved::flag;
using saved::integer;
using saved::list;
using saved::not_a_report;
using saved::number;
using saved::require_object;
using saved::text;

// A task object of docs/behaviour.md "JSON report" (also a run of `every`, a chain step, a
// task node of a tree).
ReportRow task_row(const Json& task, std::size_t depth, double queued_ms) {
  require_object(task, "a task");
  if (const std::optional<double> queued = number(task, "queued_ms"))
    queued_ms = *queued;  // the report says when it was ready; older ones do not
  ReportRow row;
  row.depth = depth;
  row.name = text(task, "name");
  row.command = text(task, "command");
  row.state = text(task, "state");
  row.status = integer(task, "status");
  row.started_ms = number(task, "started_ms");
  row.duration_ms = number(task, "duration_ms");
  row.queued_ms = std::min(queued_ms, row.started_ms.value_or(queued_ms));
  row.unhandled = flag(task, "unhandled");
  row.host = text(task, "host");
  row.kind = "run";
  return row;
}

class TreeReader {
 public:
  explicit TreeReader(ReportView& view) : view_(view) {}

  std::optional<std::size_t> fire_row;

  void read_node(const Json& node, std::size_t depth, double queued_ms, bool is_root = false) {
    require_object(node, "a node");
    // A report that says when the node was ready is right where the guess below is not: a
    // member that waited for a slot inside its group, a run of `every` due at its tick.
    if (const std::optional<double> queued = number(node, "queued_ms"))
      queued_ms = *queued;
    if (node.contains("ref")) {
      ReportRow row;
      row.depth = depth;
      row.name = fmt::format("{} (shared: {})", text(node, "name"), text(node, "ref"));
      row.task = false;
      row.kind = "ref";
      view_.rows.push_back(std::move(row));
      return;
    }
    const std::string kind = text(node, "kind");
    if (kind == "run") {
      view_.rows.push_back(task_row(node, depth, queued_ms));
      return;
    }
    ReportRow group;
    group.depth = depth;
    group.name = text(node, "name");
    group.state = text(node, "state");
    group.status = integer(node, "status");
    group.started_ms = number(node, "started_ms");
    group.duration_ms = number(node, "duration_ms");
    group.queued_ms = std::min(queued_ms, group.started_ms.value_or(queued_ms));
    group.unhandled = flag(node, "unhandled");
    group.task = false;
    group.kind = kind;
    const double start = group.started_ms.value_or(queued_ms);
    view_.rows.push_back(std::move(group));
    const std::optional<int> fire_index = integer(node, "fire_index");
    std::size_t index = 0;
    for (const Json& child : list(node, "children")) {
      if (is_root && fire_index && static_cast<std::size_t>(*fire_index) == index)
        fire_row = view_.rows.size();
      read_node(child, depth + 1, start);
      ++index;
    }
    // A chain's body is ready once its needs are done, not when the chain started.
    double body_ready = start;
    if (const Json* needs = child_object(node, "needs")) {
      const std::size_t at = view_.rows.size();
      read_node(*needs, depth + 1, start);
      body_ready = end_of(view_.rows[at]).value_or(start);
    }
    if (const Json* body = child_object(node, "body"))
      read_node(*body, depth + 1, body_ready);
    for (const Json& level : list(node, "levels")) read_level(level, depth + 1);
    for (const Json& run : list(node, "runs")) read_node(run, depth + 1, start);
    if (const Json* child = child_object(node, "child"))
      read_node(*child, depth + 1, start + number(node, "delay_ms").value_or(0));
  }

  // A chain level: its step as a task (its fields merged in), or the callback or errback
  // that ran, or a node; a level that did not run is a row with no process.
  void read_level(const Json& level, std::size_t depth) {
    require_object(level, "a chain level");
    const Json* ran = child_object(level, "callback");
    if (ran == nullptr)
      ran = child_object(level, "errback");
    if (ran == nullptr)
      ran = child_object(level, "node");
    const double queued = previous_end();
    if (ran != nullptr) {
      if (ran->contains("kind") && !ran->contains("command")) {
        read_node(*ran, depth, queued);
      } else {
        ReportRow row = task_row(*ran, depth, queued);
        row.name = text(level, "name");
        view_.rows.push_back(std::move(row));
      }
      return;
    }
    ReportRow row = level.contains("command") ? task_row(level, depth, queued) : ReportRow{};
    row.depth = depth;
    row.name = text(level, "name");
    // A step the chain's track passed by: no task was due, none failed.
    const auto ran_field = level.find("ran");
    if (ran_field != level.end() && ran_field->is_boolean() && !ran_field->get<bool>()) {
      row.task = false;
      row.state = "skipped";
      row.kind = "skipped";
    } else if (row.state.empty()) {
      row.state = "not_started";
    }
    view_.rows.push_back(std::move(row));
  }

 private:
  // A chain step waits for the one before it, not in a queue.
  double previous_end() const {
    for (auto row = view_.rows.rbegin(); row != view_.rows.rend(); ++row) {
      if (const std::optional<double> end = end_of(*row))
        return *end;
    }
    return 0;
  }

  ReportView& view_;
};

void read_flat(const Json& report, ReportView& view) {
  const double queued = number(report, "delay_ms").value_or(0);
  const Json& tasks = list(report, "tasks");
  view.rows.reserve(tasks.size());  // 10 000 rows moved as the vector grows were a tenth of it
  for (const Json& task : tasks) view.rows.push_back(task_row(task, 0, queued));
  if (const std::optional<int> fire = integer(report, "fire_index")) {
    if (*fire >= 0 && static_cast<std::size_t>(*fire) < view.rows.size())
      view.fire_ms = end_of(view.rows[static_cast<std::size_t>(*fire)]);
  }
}

void read_every(const Json& report, ReportView& view) {
  view.title = text(report, "command_line");
  view.interval_ms = number(report, "interval_ms").value_or(0);
  view.end_reason = text(report, "end_reason");
  view.skipped_ticks = static_cast<std::size_t>(number(report, "skipped_ticks").value_or(0));
  view.runs_omitted = static_cast<std::size_t>(number(report, "runs_omitted").value_or(0));
  const Json& runs = list(report, "runs");
  view.rows.reserve(runs.size());
  for (const Json& run : runs) {
    const std::optional<double> scheduled = number(run, "scheduled_ms");
    ReportRow row = task_row(run, 0, scheduled.value_or(0));
    if (row.name.empty())
      row.name = fmt::format("#{}", integer(run, "n").value_or(0));
    row.command = view.title;
    row.scheduled_ms = scheduled;
    row.skipped_before = static_cast<std::size_t>(number(run, "skipped_before").value_or(0));
    view.rows.push_back(std::move(row));
  }
}

void read_chain(const Json& report, ReportView& view) {
  TreeReader reader(view);
  if (const Json* cmd = child_object(report, "cmd"))
    view.rows.push_back(task_row(*cmd, 0, 0));
  for (const Json& level : list(report, "levels")) reader.read_level(level, 0);
}

void read_tree(const Json& report, ReportView& view) {
  view.title = text(report, "file");
  const Json* root = child_object(report, "root");
  if (root == nullptr)
    not_a_report("a `run` report has no root");
  TreeReader reader(view);
  reader.read_node(*root, 0, 0, true);
  if (reader.fire_row)
    view.fire_ms = end_of(view.rows[*reader.fire_row]);
}

// When the run fired, if read_*() did not find the task that fired it.
std::optional<double> fire_moment(const ReportView& view) {
  std::optional<double> last_end;
  std::optional<double> first_cut;
  for (const ReportRow& row : view.rows) {
    const std::optional<double> end = end_of(row);
    if (!row.task || !end)
      continue;
    last_end = std::max(last_end.value_or(*end), *end);
    if (row.state == "cancelled")
      first_cut = std::min(first_cut.value_or(*end), *end);
  }
  if (view.interrupted && first_cut)
    return first_cut;
  return last_end;
}

}  // namespace

std::optional<double> end_of(const ReportRow& row) {
  if (!row.started_ms)
    return std::nullopt;
  return *row.started_ms + row.duration_ms.value_or(0);
}

std::size_t task_count(const ReportView& view) {
  return static_cast<std::size_t>(
      std::count_if(view.rows.begin(), view.rows.end(), [](const ReportRow& r) { return r.task; }));
}

bool did_not_succeed(const ReportRow& row) {
  return row.task && row.state != "succeeded" && row.state != "skipped";
}

ReportView read_report(const Json& report) {
  ReportView view;
  view.command = saved::check_head(report);
  view.exit_code = *integer(report, "exit_code");
  view.started_at = text(report, "started_at");
  view.hostname = text(report, "hostname");
  view.fired = text(report, "fired");
  view.interrupted = integer(report, "interrupted");
  view.duration_ms = number(report, "duration_ms").value_or(0);
  if (view.command == "every") {
    read_every(report, view);
  } else if (view.command == "chain") {
    read_chain(report, view);
  } else if (view.command == "run") {
    read_tree(report, view);
  } else {
    read_flat(report, view);
  }
  if (!view.fire_ms)
    view.fire_ms = fire_moment(view);
  return view;
}

ReportView read_report_text(const std::string& text) {
  return read_report(saved::parse(text));
}

}  // namespace tasker::cli
