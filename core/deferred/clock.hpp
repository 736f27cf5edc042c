#pragma once

// The scheduling seam (Twisted's IReactorTime): LoopingCall, timeouts and defer_later take a
// Clock&, so production runs on AsioClock and tests on ManualClock (tests/support), which
// moves time only when told to.

#include "core/input/duration.hpp"

#include <functional>
#include <memory>

namespace tasker {

// A call scheduled with Clock::call_later (Twisted's IDelayedCall).
class DelayedCall {
 public:
  DelayedCall() = default;
  DelayedCall(const DelayedCall&) = delete;
  DelayedCall& operator=(const DelayedCall&) = delete;
  virtual ~DelayedCall() = default;

  // Prevents the call from running and releases its function. A no-op on an inactive call
  // (already run, already cancelled, or its clock destroyed).
  // Postcondition: !active().
  virtual void cancel() = 0;

  // True while the call is scheduled and has not started running.
  [[nodiscard]] virtual bool active() const = 0;
};

// A source of time plus a scheduler for delayed calls. Single-threaded: every member and every
// scheduled function runs on the thread that drives the clock.
class Clock {
 public:
  Clock() = default;
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;
  virtual ~Clock() = default;

  // Current time as a span since an arbitrary, fixed epoch; never goes backwards.
  [[nodiscard]] virtual Duration now() const = 0;

  // Schedules `fn` to run once, `delay` from now(). A negative delay counts as zero; the call
  // never runs synchronously inside call_later. Calls due at the same time run in the order they
  // were scheduled. The handle may be dropped: the call still runs. Destroying the clock cancels
  // every call still pending. `fn` should not throw; if it does, the exception leaves whatever
  // is driving the clock (io_context::run, ManualClock::advance).
  virtual std::shared_ptr<DelayedCall> call_later(Duration delay, std::function<void()> fn) = 0;
};

}  // namespace tasker
