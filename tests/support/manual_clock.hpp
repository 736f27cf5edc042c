#pragma once

// ManualClock: Twisted's task.Clock for tasker. Time stands still until a test calls advance(),
// which runs every call that has come due, deterministically and without sleeping.

#include "core/deferred/clock.hpp"
#include "core/deferred/timer_queue.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace tasker {

class ManualClock final : public Clock {
 public:
  // Time starts at zero.
  ManualClock() = default;

  [[nodiscard]] Duration now() const override { return now_; }

  std::shared_ptr<DelayedCall> call_later(Duration delay, std::function<void()> fn) override {
    return queue_.schedule(detail::due_time(now_, delay), std::move(fn));
  }

  // Moves time forward by `amount`, then runs every call due at or before the new now(), in
  // (due time, scheduling order). As in Twisted's Clock.advance, now() already reads the new
  // time while those calls run, and a call they schedule that is due by then runs in this same
  // advance. advance(Duration::zero()) runs what is due without moving time.
  // Precondition: amount >= 0.
  void advance(Duration amount) {
    if (amount < Duration::zero()) {
      throw std::invalid_argument("ManualClock::advance: time cannot go backwards");
    }
    now_ += amount;
    while (queue_.run_next_due(now_)) {
    }
  }

  // advance() by each amount in turn (Twisted's Clock.pump).
  void pump(const std::vector<Duration>& amounts) {
    for (const Duration amount : amounts) {
      advance(amount);
    }
  }

  // Calls scheduled and neither run nor cancelled.
  [[nodiscard]] std::size_t pending_count() const { return queue_.size(); }

  // When the earliest pending call is due, if any.
  [[nodiscard]] std::optional<Duration> next_due() const { return queue_.next_due(); }

 private:
  Duration now_{0};
  detail::TimerQueue queue_;
};

}  // namespace tasker
