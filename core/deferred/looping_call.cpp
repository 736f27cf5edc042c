#include "core/deferred/looping_call.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>

namespace tasker {
namespace detail {

/// Everything a LoopingCall is, shared so that the clock's calls and the
/// run's callbacks can hold it weakly: once the LoopingCall is gone they do
/// nothing.
struct LoopingCallState : std::enable_shared_from_this<LoopingCallState> {
  LoopingCallState(Clock& c, LoopingCall::Function f) : clock(c), fn(std::move(f)) {}

  Clock& clock;
  LoopingCall::Function fn;

  Duration interval{0};
  Duration start_time{0};
  bool running = false;
  /// A run has been called and has not finished; its outcome decides what
  /// happens next. Cleared when the LoopingCall abandons it.
  bool in_flight = false;
  /// That run's Deferred, held so that it can fire: the function may return
  /// one nobody else holds, such as a then() result.
  std::optional<Deferred<Nothing>> run;
  /// The next run, while idle between runs (Twisted's `self.call`).
  std::shared_ptr<DelayedCall> call;
  /// start()'s Deferred until it fires.
  std::optional<Deferred<Nothing>> deferred;

  // Signed: a now=true start counts the (virtual) previous run as tick -1,
  // so the first run is tick 0 with nothing skipped (F5 without F6).
  std::int64_t last_tick = 0;
  std::int64_t next_tick = 0;
  Duration next_due{0};
  std::size_t runs = 0;
  std::size_t skipped_total = 0;

  /// Twisted's __call__: one run, then schedule or finish from its outcome.
  void run_now() {
    auto keep_alive = shared_from_this();  // fn may destroy the LoopingCall
    call.reset();
    in_flight = true;

    Tick tick;
    tick.n = runs;
    tick.tick = static_cast<std::size_t>(next_tick);
    tick.skipped_before = static_cast<std::size_t>(next_tick - last_tick - 1);
    tick.scheduled = next_due;
    ++runs;
    skipped_total += tick.skipped_before;
    last_tick = next_tick;

    Deferred<Nothing> d = fn(tick);  // fn is adapted by maybe_deferred: never throws
    if (in_flight)
      run = d;  // unless fn stopped and destroyed the LoopingCall
    std::weak_ptr<LoopingCallState> weak = weak_from_this();
    d.add_both([weak](Outcome<Nothing> outcome) -> Outcome<Nothing> {
      auto self = weak.lock();
      if (!self || !self->in_flight) {
        return outcome;  // abandoned: leave it where it is
      }
      self->run_done(outcome);
      return Nothing{};  // the failure, if any, now belongs to start()'s Deferred (F7)
    });
  }

  void run_done(const Outcome<Nothing>& outcome) {
    in_flight = false;
    run.reset();
    if (outcome.failed()) {
      running = false;
      finish(outcome);  // F7, and F8 for a run that fails after stop()
    } else if (running) {
      schedule_from(clock.now());
    } else {
      finish(Nothing{});  // stop() was called during the run (F8)
    }
  }

  /// Twisted's _scheduleFrom with exact integer time: the first grid point
  /// strictly after `when`, so a point equal to `when` is skipped too (F3, F4).
  void schedule_from(Duration when) {
    Duration delay{0};
    if (interval == Duration::zero()) {
      next_tick = last_tick + 1;
      next_due = when - start_time;
    } else {
      const Duration elapsed = std::max(when - start_time, Duration::zero());
      next_tick = elapsed / interval + 1;
      next_due = next_tick * interval;
      delay = start_time + next_due - when;
    }
    std::weak_ptr<LoopingCallState> weak = weak_from_this();
    call = clock.call_later(delay, [weak] {
      if (auto self = weak.lock()) {
        self->run_now();
      }
    });
  }

  /// Fires start()'s Deferred; state is settled first, because its callbacks
  /// may start the loop again.
  void finish(Outcome<Nothing> outcome) {
    if (!deferred) {
      return;
    }
    Deferred<Nothing> d = std::move(*deferred);
    deferred.reset();
    d.resolve(std::move(outcome));
  }

  void cancel_pending_call() {
    if (!call) {
      return;
    }
    call->cancel();
    call.reset();
  }
};

}  // namespace detail

LoopingCall::LoopingCall(Clock& clock, Function f, Adapted)
    : state_(std::make_shared<detail::LoopingCallState>(clock, std::move(f))) {}

LoopingCall::~LoopingCall() {
  // Fires nothing: start()'s callbacks reach into whoever owns this loop, and
  // that owner is being destroyed (its later members are already gone).
  auto& s = *state_;
  s.cancel_pending_call();
  s.running = false;
  s.in_flight = false;
  s.run.reset();
  s.deferred.reset();
}

Deferred<Nothing> LoopingCall::start(Duration interval, bool now) {
  auto& s = *state_;
  if (interval < Duration::zero()) {
    throw std::invalid_argument("LoopingCall::start: interval must be >= 0");
  }
  if (s.running) {
    throw std::logic_error("LoopingCall::start: already running");
  }
  if (s.in_flight) {
    throw std::logic_error("LoopingCall::start: the previous run has not finished yet");
  }

  // A local: the first run may fail and fire it before we return (F7).
  Deferred<Nothing> d;
  s.deferred = d;
  s.running = true;
  s.interval = interval;
  s.start_time = s.clock.now();
  s.runs = 0;
  s.skipped_total = 0;
  if (now) {
    s.last_tick = -1;
    s.next_tick = 0;
    s.next_due = Duration::zero();
    s.run_now();
  } else {
    s.last_tick = 0;
    s.schedule_from(s.start_time);
  }
  return d;
}

void LoopingCall::stop() {
  auto keep_alive = state_;  // finish() runs callbacks that may destroy us
  auto& s = *state_;
  if (!s.running) {
    throw std::logic_error("LoopingCall::stop: not running");
  }
  s.running = false;
  if (s.call) {
    s.cancel_pending_call();
    s.finish(Nothing{});
  }
  // Otherwise a run is in flight: its completion fires start()'s Deferred.
}

void LoopingCall::reset() {
  auto& s = *state_;
  if (!s.running) {
    throw std::logic_error("LoopingCall::reset: not running");
  }
  if (!s.call) {
    return;
  }
  s.cancel_pending_call();
  s.start_time = s.clock.now();
  s.last_tick = 0;
  s.schedule_from(s.start_time);
}

bool LoopingCall::running() const {
  return state_->running;
}
std::size_t LoopingCall::runs() const {
  return state_->runs;
}
std::size_t LoopingCall::skipped_total() const {
  return state_->skipped_total;
}
Duration LoopingCall::started_at() const {
  return state_->start_time;
}

}  // namespace tasker
