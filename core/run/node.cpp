#include "core/run/node.hpp"

#include "core/status_numbers.hpp"

#include <utility>

namespace tasker {

std::string_view to_string(NodeKind kind) {
  switch (kind) {
    case NodeKind::run:
      return "run";
    case NodeKind::gather:
      return "gather";
    case NodeKind::list:
      return "list";
    case NodeKind::any:
      return "any";
    case NodeKind::chain:
      return "chain";
    case NodeKind::every:
      return "every";
    case NodeKind::delay:
      return "delay";
    case NodeKind::needs:
      return "needs";
  }
  return "unknown";
}

Node::Node(NodeKind kind, std::string name, std::string path)
    : kind_(kind), name_(std::move(name)), path_(std::move(path)) {}

Node::~Node() = default;

Deferred<StepValue> Node::start(RunContext& context, const StepInput& input) {
  context_ = &context;
  state_ = NodeState::running;
  started_at_ = context.clock.now();
  context.listener.on_node_start(*this);
  Deferred<StepValue> outcome = run(context, input);
  // The node's own record of how it went; the outcome passes on unchanged.
  outcome.add_both([this](Outcome<StepValue> result) {
    settle(result);
    return result;
  });
  return outcome;
}

Deferred<StepValue> Node::make_outcome() {
  return Deferred<StepValue>([this](Deferred<StepValue>&) {
    cancelled_ = true;
    stop();
  });
}

void Node::settle(const Outcome<StepValue>& outcome) {
  outcome_fired_ = true;
  if (outcome.succeeded()) {
    state_ = NodeState::succeeded;
    status_ = status::kSuccess;
  } else if (cancelled_ || outcome.failure().check<CancelledError>()) {
    state_ = NodeState::cancelled;
    status_ = facts_of(outcome.failure()).status;
  } else {
    const FailureFacts facts = facts_of(outcome.failure());
    state_ = facts.status == status::kTimedOut && facts.error == "timed out" ? NodeState::timed_out
                                                                             : NodeState::failed;
    status_ = facts.status;
  }
  if (end_called_ && !ended_)
    tell_ended();
}

void Node::when_ended(std::function<void()> ended) {
  if (ended_) {
    ended();
    return;
  }
  when_ended_.push_back(std::move(ended));
}

void Node::tell_ended() {
  ended_ = true;
  context_->listener.on_node_end(*this);
  for (auto& ended : std::exchange(when_ended_, {})) ended();
}

void Node::end() {
  if (end_called_)
    return;
  end_called_ = true;
  if (ended_at_ == std::nullopt)
    ended_at_ = context_->clock.now();
  // The end is told once the outcome is known too: a report read then is whole.
  if (outcome_fired_ && !ended_)
    tell_ended();
}

}  // namespace tasker
