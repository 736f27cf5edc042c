#pragma once

// The pending-call bookkeeping shared by AsioClock and ManualClock, so both order, cancel and
// run calls identically; they differ only in how time moves.

#include "core/deferred/clock.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>

namespace tasker::detail {

// When a call made at `now` with `delay` is due: a negative delay counts as zero, and a huge one
// saturates at Duration::max() ("never") instead of overflowing.
[[nodiscard]] Duration due_time(Duration now, Duration delay);

class TimerQueue {
 public:
  TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;
  // Cancels every pending call (their handles report !active()).
  ~TimerQueue();

  // Adds a call due at `due`. Ties are broken by scheduling order.
  std::shared_ptr<DelayedCall> schedule(Duration due, std::function<void()> fn);

  // When the earliest pending call is due, if any.
  [[nodiscard]] std::optional<Duration> next_due() const;

  // Removes the earliest pending call due at or before `until` and runs it; the call is
  // inactive while it runs. Returns false, doing nothing, when no call is due by `until`.
  bool run_next_due(Duration until);

  [[nodiscard]] std::size_t size() const;

  // Cancels every pending call. Does not call the cancel hook.
  void cancel_all();

  // Called after a handle's cancel() removed its call from this queue, e.g. so AsioClock can
  // stop a timer that no longer has anything to wait for. Must not destroy the queue.
  void set_cancel_hook(std::function<void()> hook);

 private:
  class Call;
  // (due, sequence number): the map's order is exactly the run order.
  using Key = std::pair<Duration, std::uint64_t>;
  struct State {
    std::map<Key, std::shared_ptr<Call>> calls;
    std::uint64_t next_sequence = 0;
    std::function<void()> cancel_hook;
  };

  // Shared so a handle can unschedule itself, and can tell when the queue is gone.
  std::shared_ptr<State> state_;
};

}  // namespace tasker::detail
