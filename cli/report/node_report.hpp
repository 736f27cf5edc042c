#pragma once
// NodeReport: what a node of a run tree did, as plain data read off the nodes once the run has
// ended: the JSON report, the summary and JUnit of `tasker chain` and `tasker run` are views of it
// (docs/behaviour.md "Chain output and report", "Task file report").

#include "cli/report/run_report.hpp"
#include "core/run/chain_node.hpp"
#include "core/run/group_node.hpp"
#include "core/run/node.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {

struct LevelReport;

struct NodeReport {
  std::string name;
  std::string path;
  NodeKind kind = NodeKind::run;
  TaskState state = TaskState::not_started;
  std::optional<int> status;
  std::optional<double> started_ms;
  std::optional<double> duration_ms;
  /// When it was ready to start, for one that started: its group's ready time for a member
  /// (waiting for a --jobs slot), the end of its chain's needs for a chain's body, its tick for
  /// a run of `every`, else its start. started_ms - queued_ms is its queue wait.
  std::optional<double> queued_ms;
  /// Its failure is left unhandled where it is (docs/behaviour.md "Task file exit status").
  bool unhandled = false;
  /// Where a shared task is reported in full, when this is a reference to it.
  std::optional<std::string> ref;

  /// `run`: the task.
  std::optional<TaskReport> task;
  /// Groups (`gather`, `list`, `any`, `needs`): what fired, and the members.
  Fired fired = Fired::none;
  std::optional<std::size_t> fire_index;
  GroupOptions group;
  std::vector<NodeReport> children;
  /// `chain`: its needs and body (none or one each), and its levels.
  std::vector<NodeReport> needs;
  std::vector<NodeReport> body;
  std::vector<LevelReport> levels;
  /// The step whose failure a failed chain ends on: unhandled there.
  std::string failed_from;
  /// `every`: its runs (the last ones), and how it went.
  std::vector<NodeReport> runs;
  std::size_t runs_omitted = 0;
  double interval_ms = 0;
  EndReason end_reason = EndReason::none;
  std::size_t skipped_ticks = 0;
  /// `delay`: the delay, and the run after it (none if cancelled first).
  double delay_ms = 0;
  std::vector<NodeReport> child;
};

/// A chain level: `levels` in docs/behaviour.md "Chain output and report".
struct LevelReport {
  std::size_t index = 0;
  LevelKind kind = LevelKind::then;
  std::string name;
  Fired ran = Fired::none;
  std::string trap;  ///< as given, empty without one
  Fired track_after = Fired::none;
  std::vector<NodeReport> node;  ///< the step it ran, if it ran
};

/// How a run tree went, for the exit status: its root's outcome, and every
/// failure left unhandled in it (a shared task's counted once).
struct TreeTally {
  std::size_t unhandled = 0;
  std::size_t tasks = 0;
};

class ReportBuilder;
class TaskEventsPrinter;

/// The report of `node` and all below it. `output` hands over what --json
/// captured of each task. `ready_ms`: when the node was ready to start, if before its start
/// (see NodeReport::queued_ms).
[[nodiscard]] NodeReport report_of(const Node& node, const ReportBuilder& builder,
                                   TaskEventsPrinter& output,
                                   std::optional<double> ready_ms = std::nullopt);

/// Calls `visit` on every node of the tree, in report order, each shared task where it ran.
void for_each_node(const NodeReport& root, const std::function<void(const NodeReport&)>& visit);

/// Counts what the exit status needs over the tree.
[[nodiscard]] TreeTally tally_of(const NodeReport& root);

/// Every task of the tree, in the order they appear: for JUnit and the summary.
void for_each_task(const NodeReport& root, const std::function<void(const NodeReport&)>& visit);

}  // namespace tasker::cli
