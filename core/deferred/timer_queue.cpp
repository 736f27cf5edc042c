#include "core/deferred/timer_queue.hpp"

#include <algorithm>

namespace tasker::detail {

Duration due_time(Duration now, Duration delay) {
  delay = std::max(delay, Duration::zero());
  return delay > Duration::max() - now ? Duration::max() : now + delay;
}

class TimerQueue::Call final : public DelayedCall {
 public:
  Call(Key key, std::function<void()> fn, std::weak_ptr<State> state)
      : key_(key), fn_(std::move(fn)), state_(std::move(state)) {}

  void cancel() override {
    if (!active_) {
      return;
    }
    deactivate();
    if (const auto state = state_.lock()) {
      if (const auto it = state->calls.find(key_); it != state->calls.end()) {
        // The map may hold the last reference to this call: release it only on the way out.
        const std::shared_ptr<Call> keep_alive = std::move(it->second);
        state->calls.erase(it);
        if (state->cancel_hook) {
          state->cancel_hook();
        }
      }
    }
  }

  [[nodiscard]] bool active() const override { return active_; }

  // Marks the call as no longer pending and hands over its function (to run or to drop).
  std::function<void()> deactivate() {
    active_ = false;
    return std::exchange(fn_, nullptr);
  }

 private:
  Key key_;
  std::function<void()> fn_;
  std::weak_ptr<State> state_;
  bool active_ = true;
};

TimerQueue::TimerQueue() : state_(std::make_shared<State>()) {}

TimerQueue::~TimerQueue() {
  state_->cancel_hook = nullptr;
  cancel_all();
}

std::shared_ptr<DelayedCall> TimerQueue::schedule(Duration due, std::function<void()> fn) {
  const Key key{due, state_->next_sequence++};
  auto call = std::make_shared<Call>(key, std::move(fn), state_);
  state_->calls.emplace(key, call);
  return call;
}

std::optional<Duration> TimerQueue::next_due() const {
  if (state_->calls.empty()) {
    return std::nullopt;
  }
  return state_->calls.begin()->first.first;
}

bool TimerQueue::run_next_due(Duration until) {
  auto& calls = state_->calls;
  if (calls.empty() || calls.begin()->first.first > until) {
    return false;
  }
  // Unlink before running, so the function may schedule, cancel or destroy freely.
  const std::shared_ptr<Call> call = std::move(calls.begin()->second);
  calls.erase(calls.begin());
  const std::function<void()> fn = call->deactivate();
  if (fn) {
    fn();
  }
  return true;
}

std::size_t TimerQueue::size() const {
  return state_->calls.size();
}

void TimerQueue::cancel_all() {
  // Detach the map first: dropping a function may run destructors that cancel other calls.
  auto calls = std::exchange(state_->calls, {});
  for (auto& [key, call] : calls) {
    call->deactivate();
  }
}

void TimerQueue::set_cancel_hook(std::function<void()> hook) {
  state_->cancel_hook = std::move(hook);
}

}  // namespace tasker::detail
