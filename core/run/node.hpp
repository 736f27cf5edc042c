#pragma once
// Node: one unit of a run tree (docs/behaviour.md "Task files") — a command, a group of nodes, a
// chain of levels, a loop, a delay. Every construct of a task file is one,
// and they nest: a group's members, a chain's body and levels, a loop's runs
// are nodes too. Each runs over the Clock& and Spawner& of its RunContext,
// and its outcome is a Deferred<StepValue> (step_value.hpp).
//
// A node may outlive its outcome: a cancel errbacks the outcome at once
// (docs/rules.md C1), while the node's processes take their grace to go and a
// chain still runs its cleanup levels. on_node_end says when everything it
// started is gone; only then is its report final.

#include "core/deferred/clock.hpp"
#include "core/deferred/deferred.hpp"
#include "core/process/spawner.hpp"
#include "core/run/run_result.hpp"
#include "core/run/step_value.hpp"
#include "core/run/task.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tasker {

/// What kind of node (`kind` in docs/behaviour.md "Task file report").
enum class NodeKind { run, gather, list, any, chain, every, delay, needs };
[[nodiscard]] std::string_view to_string(NodeKind kind);

class Node;

/// Hears what the nodes of a run and their tasks do.
class NodeListener : public TaskListener {
 public:
  /// The node started.
  virtual void on_node_start(const Node& node) { static_cast<void>(node); }
  /// Everything the node started has ended: its report is final.
  virtual void on_node_end(const Node& node) { static_cast<void>(node); }
};

/// What every node of one run shares.
struct RunContext {
  Clock& clock;
  Spawner& spawner;
  NodeListener& listener;
  /// How processes run, from the global flags; nodes add env, cwd and stdin.
  ProcessOptions process;
  /// Set by the first interrupt (SIGINT, SIGTERM, ...): from then on a chain
  /// runs only its cleanup levels (`finally`, `both`), docs/rules.md I5.
  std::optional<int> interrupted_by;
  /// Set by a second interrupt, which killed every process at once: from
  /// then on no step starts, not even a cleanup level (docs/behaviour.md "Interrupts in a chain").
  bool killed = false;
  /// The index the next task of the run gets: unique in the run, so that
  /// printing and reports can tell every task of a tree apart.
  std::size_t next_task_index = 0;
};

/// The current result a node handles when it runs as a chain level; empty
/// for a body (no TASKER_* variables, stdin per --stdin).
struct StepInput {
  std::optional<Outcome<StepValue>> current;
};

/// Where a node is in its life, as a task's state (`state` in docs/behaviour.md "JSON report").
using NodeState = TaskState;

class Node {
 public:
  Node(NodeKind kind, std::string name, std::string path);
  virtual ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  /// Runs the node once, handling `input`. The Deferred fires with its
  /// outcome. Cancelling it stops the node: its tasks get SIGTERM (then
  /// SIGKILL after their grace), a chain runs only its cleanup levels, and
  /// the outcome errbacks at once; on_node_end follows when all is gone.
  /// Preconditions: called once; `context` outlives the node's run.
  [[nodiscard]] Deferred<StepValue> start(RunContext& context, const StepInput& input);

  /// An interrupt reaching the root of a run: the node stops as a cancel
  /// would stop it, but its outcome is what that makes of it (a loop
  /// stopped between runs calls back, a chain gives what its cleanup left)
  /// rather than CancelledError at once. Preconditions: started.
  void interrupt() { stop(); }

  [[nodiscard]] NodeKind kind() const { return kind_; }
  /// Its name, and its path from the root joined with '/' ("release/checks/lint").
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& path() const { return path_; }

  [[nodiscard]] NodeState state() const { return state_; }
  /// The status number of a node that ended: 0, or its failure's.
  [[nodiscard]] std::optional<int> status() const { return status_; }
  [[nodiscard]] const std::optional<Duration>& started_at() const { return started_at_; }
  [[nodiscard]] const std::optional<Duration>& ended_at() const { return ended_at_; }
  /// True once everything the node started is gone.
  [[nodiscard]] bool ended() const { return ended_; }
  /// True when the node's outcome was cancelled by whoever ran it.
  [[nodiscard]] bool cancelled() const { return cancelled_; }

  /// Calls `ended` once the node has ended (see on_node_end), or now if it
  /// has: its parent learns there when a slot frees and when it can end.
  void when_ended(std::function<void()> ended);

 protected:
  /// What a node does when started; see start(). It returns the outcome
  /// make_outcome() gave it, or a Deferred chained to it.
  [[nodiscard]] virtual Deferred<StepValue> run(RunContext& context, const StepInput& input) = 0;
  /// Stops what runs: called once, when the outcome is cancelled.
  virtual void stop() = 0;

  /// A Deferred whose cancel() stops the node (stop()) and then errbacks
  /// CancelledError (docs/rules.md C1), for run() to fire with the outcome.
  [[nodiscard]] Deferred<StepValue> make_outcome();

  /// Says everything the node started is gone: every subclass calls it
  /// exactly once, after its outcome fired.
  void end();

  [[nodiscard]] RunContext& context() const { return *context_; }

 private:
  void settle(const Outcome<StepValue>& outcome);
  void tell_ended();

  NodeKind kind_;
  std::string name_;
  std::string path_;
  RunContext* context_ = nullptr;
  NodeState state_ = NodeState::queued;
  std::optional<int> status_;
  std::optional<Duration> started_at_;
  std::optional<Duration> ended_at_;
  bool outcome_fired_ = false;
  bool end_called_ = false;
  bool ended_ = false;
  bool cancelled_ = false;
  std::vector<std::function<void()>> when_ended_;
};

}  // namespace tasker
