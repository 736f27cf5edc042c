#include "cli/commands/tree_run.hpp"

#include "cli/commands/executor_options.hpp"
#include "cli/output/task_events_printer.hpp"
#include "cli/report/node_report.hpp"
#include "cli/report/report_builder.hpp"
#include "cli/runtime.hpp"

#include <signal.h>

#include <memory>
#include <optional>
#include <vector>

namespace tasker::cli {
namespace {

// The failure a chain ends on is unhandled at the step that produced it (Twisted would log it),
// in the tree and in that step's task report, which the JSON, JUnit and summary all read.
void mark_unhandled(NodeReport& chain, const std::string& step) {
  const auto mark = [&step](NodeReport& node) {
    if (node.name != step)
      return;
    node.unhandled = true;
    if (node.task)
      node.task->unhandled = true;
  };
  for (NodeReport& body : chain.body) mark(body);
  for (LevelReport& level : chain.levels) {
    for (NodeReport& node : level.node) mark(node);
  }
}

}  // namespace

CommandExit run_tree(const GlobalOptions& global, CommandKind command, const NodeMaker& root,
                     ReportOutputs& outputs, const std::vector<std::string>& labels,
                     const std::function<void(RunReport&)>& decorate) {
  Runtime runtime(executor_choice(global, 0));
  TaskEventsPrinter events(global, runtime.stdout_writer(), runtime.stderr_writer(),
                           [&runtime] { runtime.interrupt(SIGPIPE); });
  for (const std::string& label : labels) events.expect_label(label);
  ReportBuilder reports(runtime.clock(), runtime.started_at());
  RunContext context{runtime.clock(), runtime.spawner(), events,
                     process_options(global, std::chrono::seconds(2)), std::nullopt};
  std::unique_ptr<Node> node = root(0, "");

  std::optional<Outcome<StepValue>> outcome;
  node->start(context, StepInput{}).add_both([&outcome](Outcome<StepValue> result) {
    outcome = result;
    return StepValue{};  // the command takes it: not left unhandled on the chain
  });
  const std::optional<int> interrupted = runtime.run([&node] { return node->ended(); },
                                                     [&context, &node](int signo) {
                                                       context.interrupted_by = signo;
                                                       node->interrupt();
                                                     },
                                                     [&context] { context.killed = true; });

  auto tree = std::make_shared<NodeReport>(report_of(*node, reports, events));
  // The failure a chain ends on is unhandled at the step that produced it
  // (docs/behaviour.md "Chain exit status").
  if (outcome && outcome->failed() && tree->kind == NodeKind::chain)
    mark_unhandled(*tree, tree->failed_from);
  RunResult result;
  result.command = command;
  result.interrupted_by = interrupted;
  if (outcome) {
    result.fired = outcome->succeeded() ? Fired::callback : Fired::errback;
    if (outcome->failed())
      result.failure_status = facts_of(outcome->failure(), interrupted).status;
  }
  const TreeTally tally = tally_of(*tree);
  result.unhandled = tally.unhandled;
  result.tasks = tally.tasks;
  // Every command of the tree, by path: the summary's rows and JUnit's testcases. In the tree's
  // order, not the order they started in: the order the JSON report lists them, so a saved
  // report renders the same JUnit (`tasker report --junit`).
  std::vector<TaskReport> tasks;
  for_each_task(*tree, [&tasks](const NodeReport& leaf) {
    TaskReport task = *leaf.task;
    task.name = leaf.path.empty() ? leaf.name : leaf.path;
    task.unhandled = leaf.unhandled;
    tasks.push_back(std::move(task));
  });
  RunReport report = reports.build(result, report_capture_limit(global));
  report.tasks = std::move(tasks);
  report.tree = std::move(tree);
  if (decorate)
    decorate(report);
  return {outputs.deliver(report), interrupted};
}

}  // namespace tasker::cli
