#include "core/run/attempts_node.hpp"

#include "core/input/duration.hpp"
#include "core/status_numbers.hpp"

#include <utility>

namespace tasker {

AttemptsNode::AttemptsNode(NodeKind kind, std::string name, std::string path, NodeMaker child,
                           std::optional<Duration> timeout, unsigned retries, Duration retry_delay)
    : Node(kind, std::move(name), std::move(path)),
      make_child_(std::move(child)),
      timeout_(timeout),
      retries_(retries),
      next_delay_(retry_delay) {}

AttemptsNode::~AttemptsNode() {
  if (timer_)
    timer_->cancel();
  if (retry_)
    retry_->cancel();
}

Deferred<StepValue> AttemptsNode::run(RunContext& /*context*/, const StepInput& input) {
  input_ = input;
  outcome_ = make_outcome();
  attempt();
  return outcome_;
}

void AttemptsNode::attempt() {
  timed_out_ = false;
  attempts_.push_back(make_child_(attempts_.size(), path()));
  Node& child = *attempts_.back();
  Deferred<StepValue> outcome = child.start(context(), input_);
  running_ = outcome;
  if (timeout_) {
    timer_ = context().clock.call_later(*timeout_, [this] {
      timed_out_ = true;
      if (running_ && !running_->called()) {
        Deferred<StepValue> running = *running_;
        running.cancel();  // the whole group, at once
      }
    });
  }
  outcome.add_both([this](Outcome<StepValue> result) {
    if (timer_)
      timer_->cancel();
    running_.reset();
    after_attempt(result);
    return StepValue{};  // handed on below, to whoever runs this node
  });
}

void AttemptsNode::after_attempt(const Outcome<StepValue>& result) {
  Node& child = *attempts_.back();
  const bool last = stopped_ || result.succeeded() || attempts_.size() > retries_;
  if (last) {
    if (!outcome_.called()) {
      if (timed_out_) {
        outcome_.errback(StepFailed(status::kTimedOut, "timed out", StepValue{name(), nullptr}));
      } else {
        outcome_.resolve(result);
      }
    }
    child.when_ended([this] { end(); });
    return;
  }
  // Another attempt, once this one is gone and the delay has passed.
  child.when_ended([this] {
    const Duration delay = next_delay_;
    next_delay_ = delay > kMaxDuration / 2 ? kMaxDuration : delay * 2;
    retry_ = context().clock.call_later(delay, [this] {
      if (stopped_) {
        end();
        return;
      }
      attempt();
    });
  });
}

void AttemptsNode::stop() {
  stopped_ = true;
  if (running_ && !running_->called()) {
    Deferred<StepValue> running = *running_;
    running.cancel();
  } else if (retry_ && retry_->active()) {
    retry_->cancel();
    end();  // between attempts: nothing is running
  }
}

}  // namespace tasker
