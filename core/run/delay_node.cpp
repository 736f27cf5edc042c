#include "core/run/delay_node.hpp"

#include "core/deferred/defer_later.hpp"

#include <utility>

namespace tasker {

DelayNode::DelayNode(std::string name, std::string path, Duration delay, NodeMaker child)
    : Node(NodeKind::delay, std::move(name), std::move(path)),
      delay_(delay),
      make_child_(std::move(child)) {}

DelayNode::~DelayNode() = default;

Deferred<StepValue> DelayNode::run(RunContext& context, const StepInput& input) {
  outcome_ = make_outcome();
  waiting_ = defer_later(context.clock, delay_, [this, &context, input] {
    child_ = make_child_(0, path());
    child_->when_ended([this] { end(); });
    return child_->start(context, input);
  });
  waiting_->add_callbacks(
      [this](StepValue value) {
        if (!outcome_.called())
          outcome_.callback(std::move(value));
      },
      [this](const Failure& failure) {
        if (!outcome_.called())
          outcome_.errback(failure);
        if (!child_)
          end();  // cancelled before the delay: nothing ran, nothing to wait for
      });
  return outcome_;
}

void DelayNode::stop() {
  if (waiting_ && !waiting_->called()) {
    // Before the delay: the call is cancelled. After: the child is (C2).
    Deferred<StepValue> waiting = *waiting_;
    waiting.cancel();
  }
}

}  // namespace tasker
