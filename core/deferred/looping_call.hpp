#pragma once
// LoopingCall: Twisted's task.LoopingCall (docs/rules.md F1-F10), on a Clock.
// `tasker every` is one of these. Runs are on a fixed-rate grid anchored at
// start(), never overlap, and a run that overruns skips the grid points it
// missed; each run is told which grid point it is and how many it skipped,
// which is Twisted's withCount (F5) without its first-call quirk (F6, I2).

#include "core/deferred/clock.hpp"
#include "core/deferred/deferred.hpp"
#include "core/input/duration.hpp"

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

namespace tasker {

/// What a LoopingCall tells each run.
struct Tick {
  /// Runs before this one since start(): 0 for the first run.
  std::size_t n = 0;
  /// The grid point this run was scheduled at: start() time + tick * interval.
  /// With now=true the first run is tick 0, otherwise tick 1. With interval
  /// 0 there is no grid and each run is the previous tick + 1.
  std::size_t tick = 0;
  /// Grid points skipped just before this run because the previous one
  /// overran them (F4): tick - previous tick - 1. When runs start on time
  /// this is withCount's count - 1 (F5). When the clock itself wakes up late
  /// past grid points, withCount puts the missed points on the late run;
  /// here the late run keeps its own tick and the next run counts them.
  std::size_t skipped_before = 0;
  /// When this run was due, measured from start(): tick * interval, or with
  /// interval 0 the time the previous run finished. The run may start later
  /// if the clock fires late; that lateness is not counted as skipping.
  Duration scheduled{0};
};

namespace detail {
struct LoopingCallState;
}

/// Calls a function on a fixed-rate schedule until stopped or until a run
/// fails.
///
/// Single-threaded. Only the Clock interface is used, so time is whatever
/// the clock says (monotonic for AsioClock, I2). A LoopingCall can be
/// started again after it stopped.
class LoopingCall {
 public:
  /// The form every run function is adapted to.
  using Function = std::function<Deferred<Nothing>(const Tick&)>;

  /// `f(tick)` is called for each run. It may return void, a Deferred<Nothing>
  /// (the next run waits until it fires, F2), an Outcome<Nothing> or a Failure;
  /// a throw or a failure stops the loop (F7).
  /// Preconditions: `clock` outlives this LoopingCall.
  template <std::invocable<const Tick&> F>
  LoopingCall(Clock& clock, F f)
      : LoopingCall(clock, Function([f = std::move(f)](const Tick& tick) mutable {
                      return maybe_deferred<Nothing>([&] { return f(tick); });
                    }),
                    Adapted{}) {}

  /// Abandons the loop and fires nothing: start()'s Deferred never fires,
  /// because its callbacks typically reach into the object that owns this
  /// LoopingCall, which is being destroyed. A run in flight is abandoned
  /// too: its outcome stays on the run's own Deferred (a failure there is
  /// reported as unhandled if nobody else handles it, B1). Cancels the
  /// pending call, so the clock holds nothing of this LoopingCall afterwards.
  ~LoopingCall();

  LoopingCall(const LoopingCall&) = delete;
  LoopingCall& operator=(const LoopingCall&) = delete;

  /// Starts the loop with runs at start + k * interval (F1, F3).
  ///
  /// With `now`, the first run (tick 0) happens synchronously inside
  /// start(); otherwise the first run is tick 1, one interval later. After a
  /// run finishes at time w, the next one is at the first grid point strictly
  /// after w: grid points passed while the run was in flight (including one
  /// equal to w) are skipped, with no catch-up (F4). With interval 0 every
  /// next run is call_later(0), so other due calls get their turn (F9).
  ///
  /// Returns a Deferred that calls back with Nothing once the loop is
  /// stopped (F8), or errbacks with the very Failure of the run that failed
  /// (F7). It may already have fired on return, if the first run failed.
  /// Only the LoopingCall fires it. As in Twisted it has no canceller:
  /// cancelling it does not stop the loop; call stop().
  ///
  /// Preconditions: interval >= 0, else std::invalid_argument; !running()
  /// and no run of a previous start() still in flight, else
  /// std::logic_error.
  /// Postconditions: skipped_total() == 0 before the first run.
  [[nodiscard]] Deferred<Nothing> start(Duration interval, bool now = true);

  /// Stops the loop (F8). When idle between runs, the pending call is
  /// cancelled and start()'s Deferred calls back before stop() returns.
  /// When a run is in flight (including stop() called from inside the
  /// function), no further run is scheduled and start()'s Deferred fires
  /// when that run finishes: callback if it succeeded, errback if it failed.
  /// Preconditions: running(), else std::logic_error (Twisted asserts; a
  /// failed run already stopped the loop, F7).
  /// Postconditions: !running().
  void stop();

  /// Skips the pending run and re-anchors the grid at now, so the next run is
  /// one interval from now, as tick 1 of the new grid with skipped_before 0
  /// (F10). Does nothing while a run is in flight, as in Twisted.
  /// Preconditions: running(), else std::logic_error.
  void reset();

  /// True from start() until stop() or a failed run.
  [[nodiscard]] bool running() const;

  /// Runs started since the last start().
  [[nodiscard]] std::size_t runs() const;

  /// Sum of skipped_before over the runs since the last start().
  [[nodiscard]] std::size_t skipped_total() const;

  /// Clock time of the grid's anchor: the last start() (or reset()).
  [[nodiscard]] Duration started_at() const;

 private:
  struct Adapted {};
  LoopingCall(Clock& clock, Function f, Adapted);

  std::shared_ptr<detail::LoopingCallState> state_;
};

}  // namespace tasker
