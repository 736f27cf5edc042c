#pragma once
// DelayNode: a task file's `delay = "5s"` (docs/behaviour.md "One run of a task"):
// deferLater (docs/rules.md C5) before one run of its child. Cancelled before the delay, nothing
// runs.

#include "core/run/group_node.hpp"
#include "core/run/node.hpp"

#include <memory>
#include <string>

namespace tasker {

class DelayNode final : public Node {
 public:
  DelayNode(std::string name, std::string path, Duration delay, NodeMaker child);
  ~DelayNode() override;

  [[nodiscard]] Duration delay() const { return delay_; }
  /// The run after the delay, once it started.
  [[nodiscard]] const Node* child() const { return child_.get(); }

 private:
  Deferred<StepValue> run(RunContext& context, const StepInput& input) override;
  void stop() override;

  Duration delay_;
  NodeMaker make_child_;
  std::unique_ptr<Node> child_;
  std::optional<Deferred<StepValue>> waiting_;
  Deferred<StepValue> outcome_;
};

}  // namespace tasker
