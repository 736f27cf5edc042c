#pragma once
// defer_later: Twisted's task.deferLater (docs/rules.md C5). `tasker after`
// is one of these: run something once after a delay, or nothing if
// cancelled first.

#include "core/deferred/clock.hpp"
#include "core/deferred/deferred.hpp"

#include <memory>
#include <type_traits>
#include <utility>

namespace tasker {

/// Calls `f()` once `delay` has passed on `clock` and returns a Deferred of
/// its result: a value fires it, a returned Deferred is chained (A8), a
/// thrown exception or returned Failure errbacks it. `f` may return R, void
/// (R = Nothing), Deferred<R>, Outcome<R> or, with T given, a Failure.
///
/// Cancelling before the delay is over cancels the DelayedCall: `f` never
/// runs (and is destroyed at once) and the Deferred errbacks with
/// CancelledError. Cancelling while a Deferred returned by `f` is pending
/// cancels that one (C2).
///
/// Preconditions: `clock` outlives the call (destroying the clock first
/// drops the call, and the Deferred then never fires).
/// Postconditions: `f` has not run on return, even when delay <= 0.
template <class T = void, class F>
[[nodiscard]] auto defer_later(Clock& clock, Duration delay, F f) {
  using Returned = std::decay_t<std::invoke_result_t<F&>>;
  using R =
      std::conditional_t<std::is_void_v<T>, typename detail::DeferredValue<Returned>::type, T>;

  // The canceller is made before the call it cancels exists; share a slot.
  auto call = std::make_shared<std::shared_ptr<DelayedCall>>();
  Deferred<R> d([call](Deferred<R>&) { (*call)->cancel(); });
  // As Twisted: fire with None after the delay, and let a callback call f.
  d.add_callback([f = std::move(f)](R) mutable { return f(); });
  // The clock owns the Deferred until the call runs or is cancelled, so f
  // still runs if the caller drops the handle (as with Twisted's reactor).
  *call = clock.call_later(delay, [d]() mutable { d.callback(R{}); });
  return d;
}

/// A Deferred that fires with Nothing once `delay` has passed on `clock`;
/// cancelling it first cancels the DelayedCall and errbacks with
/// CancelledError (C5, deferLater without a callable).
[[nodiscard]] inline Deferred<Nothing> defer_later(Clock& clock, Duration delay) {
  return defer_later(clock, delay, [] {});
}

}  // namespace tasker
