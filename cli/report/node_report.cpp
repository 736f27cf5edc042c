#include "cli/report/node_report.hpp"

#include "cli/output/task_events_printer.hpp"
#include "cli/report/report_builder.hpp"
#include "core/run/attempts_node.hpp"
#include "core/run/command_node.hpp"
#include "core/run/delay_node.hpp"
#include "core/run/every_node.hpp"
#include "core/run/shared_node.hpp"

#include <algorithm>

namespace tasker::cli {
namespace {

double to_ms(Duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

NodeReport not_started(std::string name, std::string path, NodeKind kind) {
  NodeReport r;
  r.name = std::move(name);
  r.path = std::move(path);
  r.kind = kind;
  return r;
}

}  // namespace

NodeReport report_of(const Node& node, const ReportBuilder& builder, TaskEventsPrinter& output,
                     std::optional<double> ready_ms) {
  NodeReport r;
  r.name = node.name();
  r.path = node.path();
  r.kind = node.kind();
  r.state = node.state() == TaskState::queued ? TaskState::not_started : node.state();
  r.status = node.status();
  if (node.started_at()) {
    r.started_ms = builder.ms_since_start(*node.started_at());
    if (node.ended_at())
      r.duration_ms = to_ms(*node.ended_at() - *node.started_at());
    r.queued_ms = std::min(ready_ms.value_or(*r.started_ms), *r.started_ms);
  }

  if (const auto* shared = dynamic_cast<const SharedNode*>(&node)) {
    if (!shared->first() || shared->shared() == nullptr) {
      if (shared->shared() != nullptr)
        r.ref = shared->first_path();
      return r;
    }
    NodeReport full = report_of(*shared->shared(), builder, output, ready_ms);
    full.unhandled = r.unhandled;
    return full;
  }
  if (const auto* command = dynamic_cast<const CommandNode*>(&node)) {
    if (const Task* task = command->task()) {
      r.task = builder.task_report(*task, false, output.take_output(task->index()));
      r.task->name = node.name();
    }
    return r;
  }
  if (const auto* group = dynamic_cast<const GroupNode*>(&node)) {
    r.fired = group->verdict().fired();
    r.fire_index = group->verdict().fire_index();
    r.group = group->spec();
    for (std::size_t i = 0; i < group->members().size(); ++i) {
      const GroupNode::Member& member = group->members()[i];
      // Every member is ready when its group is: one started later waited for a slot.
      NodeReport child = member.node ? report_of(*member.node, builder, output, r.queued_ms)
                                     : not_started(std::to_string(i), "", NodeKind::run);
      child.unhandled = member.unhandled;
      r.children.push_back(std::move(child));
    }
    return r;
  }
  if (const auto* chain = dynamic_cast<const ChainNode*>(&node)) {
    // The needs are ready with the chain; its body once they are done.
    std::optional<double> body_ready = r.queued_ms;
    if (chain->needs() != nullptr) {
      r.needs.push_back(report_of(*chain->needs(), builder, output, r.queued_ms));
      const NodeReport& needs = r.needs.back();
      body_ready = needs.started_ms
                       ? std::optional<double>(*needs.started_ms + needs.duration_ms.value_or(0))
                       : std::nullopt;
    }
    if (chain->body() != nullptr)
      r.body.push_back(report_of(*chain->body(), builder, output, body_ready));
    r.failed_from = chain->failed_from();
    for (std::size_t i = 0; i < chain->levels().size(); ++i) {
      const ChainNode::LevelRecord& record = chain->levels()[i];
      LevelReport level;
      level.index = i;
      level.kind = record.kind;
      level.name = record.node ? record.node->name() : level_step_name(record.kind, i);
      level.ran = record.ran;
      level.trap = record.trap ? record.trap->text() : std::string();
      level.track_after = record.track_after;
      if (record.node)
        level.node.push_back(report_of(*record.node, builder, output));
      r.levels.push_back(std::move(level));
    }
    return r;
  }
  if (const auto* every = dynamic_cast<const EveryNode*>(&node)) {
    r.interval_ms = to_ms(every->options().interval);
    r.end_reason = every->end_reason();
    r.skipped_ticks = every->skipped_ticks();
    r.runs_omitted = every->runs_dropped();
    // A run is ready at its tick: one that started late waited for the run before it.
    for (const EveryNode::KeptRun& run : every->kept_runs()) {
      const double due = builder.ms_since_start(every->loop_started_at() + run.tick.scheduled);
      r.runs.push_back(report_of(*run.node, builder, output, due));
    }
    return r;
  }
  if (const auto* delay = dynamic_cast<const DelayNode*>(&node)) {
    r.delay_ms = to_ms(delay->delay());
    if (delay->child() != nullptr)
      r.child.push_back(report_of(*delay->child(), builder, output));
    return r;
  }
  if (const auto* attempts = dynamic_cast<const AttemptsNode*>(&node)) {
    // The attempt that counted stands for the node; the count says how many there were.
    if (!attempts->attempts().empty()) {
      NodeReport last = report_of(*attempts->attempts().back(), builder, output);
      last.state = r.state;
      last.status = r.status;
      last.started_ms = r.started_ms;
      last.duration_ms = r.duration_ms;
      last.queued_ms = r.queued_ms;
      return last;
    }
  }
  return r;
}

void for_each_node(const NodeReport& node, const std::function<void(const NodeReport&)>& visit) {
  if (node.ref)
    return;  // reported where it ran
  visit(node);
  for (const auto* list : {&node.needs, &node.body, &node.children, &node.runs, &node.child}) {
    for (const NodeReport& child : *list) for_each_node(child, visit);
  }
  for (const LevelReport& level : node.levels) {
    for (const NodeReport& child : level.node) for_each_node(child, visit);
  }
}

TreeTally tally_of(const NodeReport& root) {
  TreeTally t;
  for_each_node(root, [&t](const NodeReport& node) {
    if (node.unhandled)
      ++t.unhandled;
    if (node.task && node.task->attempts > 0)
      ++t.tasks;
  });
  return t;
}

void for_each_task(const NodeReport& root, const std::function<void(const NodeReport&)>& visit) {
  for_each_node(root, [&visit](const NodeReport& node) {
    if (node.task)
      visit(node);
  });
}

}  // namespace tasker::cli
