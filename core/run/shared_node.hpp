#pragma once
// SharedNode: a named task reached through `needs` or a group, which runs at
// most once per scope however many tasks reach it (docs/behaviour.md "Named tasks", docs/rules.md
// I6). The first referrer starts it; every referrer gets a Deferred of its own, fired with the one
// outcome, so each chain sees it (A9 would leave the others None if they shared one). A referrer
// that is cancelled leaves; the run is cancelled only when no referrer is left waiting on it.

#include "core/run/group_node.hpp"
#include "core/run/node.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tasker {

/// One run's named tasks, by name: each tick of an `every` opens a fresh one.
class Scope {
 public:
  struct Run {
    Node* node = nullptr;  // owned by the referrer that started it (SharedNode::owned_)
    std::optional<Deferred<StepValue>> outcome;
    std::vector<Deferred<StepValue>> waiting;  // referrers' own Deferreds, not fired yet
    std::optional<Outcome<StepValue>> result;  // once it fired: for referrers that come late
    std::string first_path;                    // where it is reported in full
  };
  /// The run of `name`, made by `make` the first time it is asked for.
  Run& run_of(const std::string& name);

 private:
  std::map<std::string, std::unique_ptr<Run>> runs_;
};

class SharedNode final : public Node {
 public:
  /// Refers to the named task `name` of `scope`, made by `make` if it has not run yet.
  SharedNode(std::string name, std::string path, std::shared_ptr<Scope> scope, NodeMaker make);
  ~SharedNode() override;

  /// The task's run, and whether this referrer is where it ran (reported in
  /// full there, as {"ref": PATH} elsewhere).
  [[nodiscard]] const Node* shared() const { return run_ != nullptr ? run_->node : nullptr; }
  [[nodiscard]] bool first() const { return first_; }
  [[nodiscard]] const std::string& first_path() const { return run_->first_path; }

 private:
  Deferred<StepValue> run(RunContext& context, const StepInput& input) override;
  void stop() override;

  std::shared_ptr<Scope> scope_;
  NodeMaker make_;
  Scope::Run* run_ = nullptr;
  // The task's run, when this referrer started it. Not the scope's: its makers hold the scope,
  // which would then hold them, and neither would ever be freed.
  std::unique_ptr<Node> owned_;
  bool first_ = false;
  Deferred<StepValue> outcome_;
};

}  // namespace tasker
