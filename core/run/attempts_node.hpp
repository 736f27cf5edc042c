#pragma once
// AttemptsNode: `timeout`, `retries` and `retry_delay` on a group body of a
// task file (docs/behaviour.md "Task options"): the timeout cancels the whole group at once
// and fails it with status 124; a retry runs the whole group again, after a
// delay doubling each time, once the failed attempt has ended. (A command's
// own timeout and retries are its Task's.)

#include "core/run/group_node.hpp"
#include "core/run/node.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace tasker {

class AttemptsNode final : public Node {
 public:
  AttemptsNode(NodeKind kind, std::string name, std::string path, NodeMaker child,
               std::optional<Duration> timeout, unsigned retries, Duration retry_delay);
  ~AttemptsNode() override;

  /// Each attempt's run, in order; the last one is the one that counted.
  [[nodiscard]] const std::vector<std::unique_ptr<Node>>& attempts() const { return attempts_; }

 private:
  Deferred<StepValue> run(RunContext& context, const StepInput& input) override;
  void stop() override;
  void attempt();
  void after_attempt(const Outcome<StepValue>& result);

  NodeMaker make_child_;
  std::optional<Duration> timeout_;
  unsigned retries_;
  Duration next_delay_;
  StepInput input_;
  std::vector<std::unique_ptr<Node>> attempts_;
  std::optional<Deferred<StepValue>> running_;
  std::shared_ptr<DelayedCall> timer_;
  std::shared_ptr<DelayedCall> retry_;
  bool timed_out_ = false;
  bool stopped_ = false;
  Deferred<StepValue> outcome_;
};

}  // namespace tasker
