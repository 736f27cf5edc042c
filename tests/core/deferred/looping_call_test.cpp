// LoopingCall, rules F1-F10 and I2 of docs/rules.md, on a ManualClock (no
// sleeps). Tests marked "Twisted 22.4" reproduce a scenario that was run
// against task.LoopingCall / LoopingCall.withCount on task.Clock with
// /usr/bin/python3, with the times and counts Twisted gave.

#include "core/deferred/looping_call.hpp"

#include "tests/support/failure_recorder.hpp"
#include "tests/support/lifetime_counter.hpp"
#include "tests/support/manual_clock.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace tasker {
namespace {

using namespace std::chrono_literals;

struct BoomError : std::runtime_error {
  BoomError() : std::runtime_error("boom") {}
};

/// One run as the function saw it.
struct Seen {
  Duration at;
  Tick tick;
};

/// Records every run; optionally hands out a pending Deferred per run.
struct Runs {
  explicit Runs(ManualClock& c) : clock(c) {}

  ManualClock& clock;
  std::vector<Seen> seen;
  std::vector<Deferred<Nothing>> pending;
  bool defer = false;

  /// A run function: plain when !defer, else returns a Deferred the test fires.
  auto fn() {
    return [this](const Tick& t) -> Deferred<Nothing> {
      seen.push_back({clock.now(), t});
      if (!defer) {
        return succeed(Nothing{});
      }
      pending.emplace_back();
      return pending.back();
    };
  }

  [[nodiscard]] std::vector<Duration> times() const {
    std::vector<Duration> out;
    for (const Seen& s : seen) {
      out.push_back(s.at);
    }
    return out;
  }
  [[nodiscard]] std::vector<std::size_t> ticks() const {
    std::vector<std::size_t> out;
    for (const Seen& s : seen) {
      out.push_back(s.tick.tick);
    }
    return out;
  }
  [[nodiscard]] std::vector<std::size_t> skipped() const {
    std::vector<std::size_t> out;
    for (const Seen& s : seen) {
      out.push_back(s.tick.skipped_before);
    }
    return out;
  }
};

using Times = std::vector<Duration>;
using Counts = std::vector<std::size_t>;

/// Watches how start()'s Deferred ends.
struct Ending {
  std::optional<Outcome<Nothing>> outcome;
  void watch(Deferred<Nothing>& d) {
    d.add_both([this](Outcome<Nothing> o) {
      outcome = o;
      return Nothing{};  // handled
    });
  }
  [[nodiscard]] bool called_back() const { return outcome && outcome->succeeded(); }
  [[nodiscard]] bool errbacked() const { return outcome && outcome->failed(); }
};

// ---- F1: start() ----------------------------------------------------------------------------

TEST(LoopingCallF1, NegativeIntervalThrowsInvalidArgument) {
  ManualClock clock;
  LoopingCall lc(clock, [](const Tick&) {});
  EXPECT_THROW((void)lc.start(-1ns), std::invalid_argument);
  EXPECT_FALSE(lc.running());
  EXPECT_EQ(clock.pending_count(), 0u);
}

TEST(LoopingCallF1, WithNowTheFirstRunHappensInsideStart) {
  ManualClock clock;
  clock.advance(10s);
  Runs runs(clock);
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  ASSERT_EQ(runs.seen.size(), 1u);
  EXPECT_EQ(runs.seen[0].at, 10s);
  EXPECT_EQ(runs.seen[0].tick.n, 0u);
  EXPECT_EQ(runs.seen[0].tick.tick, 0u);
  EXPECT_EQ(lc.started_at(), 10s);
  EXPECT_TRUE(lc.running());
  EXPECT_FALSE(d.called());
  clock.advance(1s);
  EXPECT_EQ(runs.times(), (Times{10s, 11s}));
}

TEST(LoopingCallF1, WithoutNowTheFirstRunIsOneIntervalLater) {
  ManualClock clock;
  Runs runs(clock);
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(2s, false);
  EXPECT_TRUE(runs.seen.empty());
  clock.advance(1999ms);
  EXPECT_TRUE(runs.seen.empty());
  clock.advance(1ms);
  EXPECT_EQ(runs.times(), (Times{2s}));
  EXPECT_EQ(runs.ticks(), (Counts{1}));
}

TEST(LoopingCallF1, StartingTwiceThrowsLogicError) {
  ManualClock clock;
  LoopingCall lc(clock, [](const Tick&) {});
  Deferred<Nothing> d = lc.start(1s);
  EXPECT_THROW((void)lc.start(1s), std::logic_error);  // Twisted: AssertionError
  lc.stop();
}

// ---- F2: a returned Deferred blocks the next run ----------------------------------------------

TEST(LoopingCallF2, ARunsDeferredBlocksTheNextRunUntilItFires) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  EXPECT_EQ(clock.pending_count(), 0u);  // nothing scheduled while in flight
  clock.advance(5s);
  EXPECT_EQ(runs.seen.size(), 1u);
  runs.pending[0].callback(Nothing{});
  EXPECT_EQ(clock.pending_count(), 1u);
  clock.advance(1s);
  EXPECT_EQ(runs.times(), (Times{0s, 6s}));
  EXPECT_TRUE(lc.running());
}

// A then() result is held only weakly by its source: the loop holds the run's
// Deferred itself until it fires, or the run's end would be lost.
TEST(LoopingCallF2, ARunsDeferredThatNobodyElseHoldsStillEndsTheRun) {
  ManualClock clock;
  std::vector<Deferred<int>> sources;
  LoopingCall lc(clock, [&](const Tick&) {
    sources.emplace_back();
    return sources.back().then([](int) {});
  });
  Deferred<Nothing> d = lc.start(1s);
  sources[0].callback(1);
  clock.advance(1s);
  ASSERT_EQ(sources.size(), 2u);
  lc.stop();
  sources[1].callback(2);
  EXPECT_TRUE(d.result()->succeeded());
}

// ---- F3: fixed rate, anchored at start ------------------------------------------------------

TEST(LoopingCallF3, RunDurationDoesNotPushLaterRunsBack) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  for (int i = 0; i < 3; ++i) {
    clock.advance(300ms);
    runs.pending.back().callback(Nothing{});  // each run takes 0.3 s
    clock.advance(700ms);
  }
  EXPECT_EQ(runs.times(), (Times{0s, 1s, 2s, 3s}));
  EXPECT_EQ(runs.skipped(), (Counts{0, 0, 0, 0}));
}

// Twisted 22.4 (test_reactorTimeSkips): clock jumps 0 → 3.5 → 4; runs at 0,
// 3.5, 4. withCount reports 1, 3, 1 there: it pins the two missed grid points
// on the late run. tasker keeps each run's own tick (1: it was due at 1 s and
// ran 2.5 s late) and counts the missed points 2 and 3 before tick 4. The
// total skipped is the same.
TEST(LoopingCallF3, LateClockWakeUpRunsOnceThenRealignsToTheGrid) {
  ManualClock clock;
  Runs runs(clock);
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  clock.advance(3500ms);
  clock.advance(500ms);
  EXPECT_EQ(runs.times(), (Times{0s, 3500ms, 4s}));
  EXPECT_EQ(runs.ticks(), (Counts{0, 1, 4}));
  EXPECT_EQ(runs.skipped(), (Counts{0, 0, 2}));
  EXPECT_EQ(runs.seen[1].tick.scheduled, 1s);
  EXPECT_EQ(lc.skipped_total(), 2u);
}

// ---- F4: overrun skips grid points, no catch-up ---------------------------------------------

// Twisted 22.4: interval 1, first run finishes at 2.5 → one call, at 3.
TEST(LoopingCallF4, OverrunSkipsGridPointsWithoutCatchUp) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  clock.advance(2500ms);
  runs.pending[0].callback(Nothing{});
  EXPECT_EQ(clock.pending_count(), 1u);
  EXPECT_EQ(clock.next_due(), 3s);
  clock.advance(500ms);
  EXPECT_EQ(runs.times(), (Times{0s, 3s}));
}

// Twisted 22.4: now=False, run at 1 finishes at exactly 3 → next call at 4.
TEST(LoopingCallF4, CompletionExactlyOnAGridPointSkipsThatPoint) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s, false);
  clock.advance(1s);
  clock.advance(2s);
  runs.pending[0].callback(Nothing{});
  EXPECT_EQ(clock.next_due(), 4s);
  clock.advance(1s);
  EXPECT_EQ(runs.times(), (Times{1s, 4s}));
  EXPECT_EQ(runs.ticks(), (Counts{1, 4}));
  EXPECT_EQ(runs.skipped(), (Counts{0, 2}));  // withCount gave 1, 3
}

TEST(LoopingCallF4, SynchronousRunFinishingExactlyOnTheGridSkipsToTheNextPoint) {
  ManualClock clock;
  Runs runs(clock);
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  // The run fires at 1 s and finishes at 1 s: 1 s is the present, so the next is 2 s.
  clock.advance(1s);
  EXPECT_EQ(clock.next_due(), 2s);
  EXPECT_EQ(clock.pending_count(), 1u);
}

// ---- F5: ticks and skipped counts (withCount) -----------------------------------------------

// Twisted 22.4: withCount, interval 1, now=True at t=0, the first run's
// Deferred fires at 2.5: counts 1, 3, 1 at 0, 3, 4.
TEST(LoopingCallF5, SkippedCountsMatchTwistedWithCountOnOverrun) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  clock.advance(2500ms);
  runs.pending[0].callback(Nothing{});
  clock.advance(500ms);
  runs.pending[1].callback(Nothing{});
  clock.advance(1s);
  EXPECT_EQ(runs.times(), (Times{0s, 3s, 4s}));
  EXPECT_EQ(runs.ticks(), (Counts{0, 3, 4}));
  EXPECT_EQ(runs.skipped(), (Counts{0, 2, 0}));  // withCount's count - 1
  EXPECT_EQ(lc.skipped_total(), 2u);
  EXPECT_EQ(lc.runs(), 3u);
}

TEST(LoopingCallF5, EachRunKnowsItsNumberTickAndScheduledTime) {
  ManualClock clock;
  clock.advance(100s);
  Runs runs(clock);
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(250ms, false);
  clock.pump({250ms, 250ms, 250ms});
  ASSERT_EQ(runs.seen.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const Tick& t = runs.seen[i].tick;
    EXPECT_EQ(t.n, i);
    EXPECT_EQ(t.tick, i + 1);
    EXPECT_EQ(t.skipped_before, 0u);
    EXPECT_EQ(t.scheduled, static_cast<long>(i + 1) * 250ms);
    EXPECT_EQ(runs.seen[i].at, lc.started_at() + t.scheduled);
  }
}

TEST(LoopingCallF5, StartingAgainResetsTheCounts) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> first = lc.start(1s);
  clock.advance(3s);
  runs.pending[0].callback(Nothing{});
  clock.advance(1s);  // tick 4, 3 skipped
  EXPECT_EQ(lc.skipped_total(), 3u);
  lc.stop();
  runs.pending[1].callback(Nothing{});
  Deferred<Nothing> second = lc.start(1s);
  EXPECT_EQ(lc.skipped_total(), 0u);
  EXPECT_EQ(lc.runs(), 1u);
  EXPECT_EQ(runs.seen.back().tick.tick, 0u);
  EXPECT_EQ(runs.seen.back().tick.n, 0u);
  runs.pending[2].callback(Nothing{});
  lc.stop();
}

// ---- F6 / I2: no withCount quirk -------------------------------------------------------------

// Twisted 22.4's withCount drops the immediate first call for interval 0.1 s
// at time.time()-sized start times (float truncation, docs/rules.md F6). tasker
// counts in integer nanoseconds: the first run is always immediate, tick 0.
TEST(LoopingCallI2, FirstRunWithNowIsAlwaysImmediateAtLargeClockValues) {
  for (const Duration start : {Duration(1'700'000'000'123'456'789), Duration(1), Duration(7)}) {
    for (const Duration interval : {Duration(100ms), Duration(300ms), Duration(1)}) {
      ManualClock clock;
      clock.advance(start);
      Runs runs(clock);
      LoopingCall lc(clock, runs.fn());
      Deferred<Nothing> d = lc.start(interval);
      ASSERT_EQ(runs.seen.size(), 1u);
      EXPECT_EQ(runs.seen[0].at, start);
      EXPECT_EQ(runs.seen[0].tick.tick, 0u);
      EXPECT_EQ(runs.seen[0].tick.skipped_before, 0u);
      clock.advance(interval);
      EXPECT_EQ(runs.ticks(), (Counts{0, 1}));
      lc.stop();
    }
  }
}

// ---- F7: a failure stops the loop -----------------------------------------------------------

TEST(LoopingCallF7, AThrowStopsTheLoopAndErrbacksStartsDeferred) {
  FailureRecorder recorder;
  ManualClock clock;
  int calls = 0;
  LoopingCall lc(clock, [&](const Tick&) {
    if (++calls == 3) {
      throw BoomError();
    }
  });
  Deferred<Nothing> d = lc.start(1s);
  Ending end;
  end.watch(d);
  clock.pump({1s, 1s});
  ASSERT_TRUE(end.errbacked());
  EXPECT_TRUE(end.outcome->failure().check<BoomError>());
  EXPECT_FALSE(lc.running());
  EXPECT_EQ(clock.pending_count(), 0u);
  clock.advance(10s);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(recorder.unhandled_count(), 0u);
}

// Twisted 22.4 (testFailurePropagation): the start() Deferred errbacks with
// the very same failure; nothing left scheduled; stop() then asserts.
TEST(LoopingCallF7, FailureFromAReturnedDeferredIsTheSameFailureOnStartsDeferred) {
  FailureRecorder recorder;
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  Ending end;
  end.watch(d);
  runs.pending[0].callback(Nothing{});
  clock.advance(1s);
  const Failure failure = Failure::of(BoomError());
  runs.pending[1].errback(failure);
  ASSERT_TRUE(end.errbacked());
  EXPECT_TRUE(end.outcome->failure() == failure);
  EXPECT_FALSE(lc.running());
  EXPECT_EQ(clock.pending_count(), 0u);
  EXPECT_THROW(lc.stop(), std::logic_error);
  // The run's own Deferred handed the failure on: nothing reported twice.
  runs.pending.clear();
  EXPECT_EQ(recorder.unhandled_count(), 0u);
}

TEST(LoopingCallF7, AFirstRunFailingInsideStartReturnsAnAlreadyFailedDeferred) {
  FailureRecorder recorder;
  ManualClock clock;
  LoopingCall lc(clock, [](const Tick&) { return Failure::of(BoomError()); });
  Deferred<Nothing> d = lc.start(1s);
  ASSERT_TRUE(d.called());
  EXPECT_TRUE(d.result()->failure().check<BoomError>());
  EXPECT_FALSE(lc.running());
  EXPECT_EQ(clock.pending_count(), 0u);
  d.add_errback([](Failure) {});
}

// B2: a loop failure nobody handles is reported once, from start()'s Deferred.
TEST(LoopingCallF7, UnhandledLoopFailureIsReportedOnce) {
  FailureRecorder recorder;
  ManualClock clock;
  LoopingCall lc(clock, [](const Tick&) -> Deferred<Nothing> { throw BoomError(); });
  { Deferred<Nothing> dropped = lc.start(1s); }
  EXPECT_EQ(recorder.unhandled_messages(), (std::vector<std::string>{"boom"}));
}

// ---- F8: stop() -----------------------------------------------------------------------------

TEST(LoopingCallF8, StopWhileIdleCancelsThePendingCallAndCallsBackAtOnce) {
  ManualClock clock;
  Runs runs(clock);
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  Ending end;
  end.watch(d);
  EXPECT_EQ(clock.pending_count(), 1u);
  lc.stop();
  EXPECT_TRUE(end.called_back());
  EXPECT_FALSE(lc.running());
  EXPECT_EQ(clock.pending_count(), 0u);
  clock.advance(5s);
  EXPECT_EQ(runs.seen.size(), 1u);
}

// Twisted 22.4: f calls stop() at t=1 → the start() Deferred fires at 1,
// after f returned; nothing is scheduled.
TEST(LoopingCallF8, StopFromInsideTheFunctionFiresOnceTheRunReturns) {
  ManualClock clock;
  std::vector<std::string> events;
  std::unique_ptr<LoopingCall> lc;
  lc = std::make_unique<LoopingCall>(clock, [&](const Tick&) {
    events.push_back("run");
    lc->stop();
    events.push_back("after stop");
  });
  Deferred<Nothing> d = lc->start(1s, false);
  d.add_callback([&](Nothing) { events.push_back("fired"); });
  clock.advance(1s);
  EXPECT_EQ(events, (std::vector<std::string>{"run", "after stop", "fired"}));
  EXPECT_FALSE(lc->running());
  EXPECT_EQ(clock.pending_count(), 0u);
}

TEST(LoopingCallF8, StopWhileARunIsInFlightWaitsForItThenCallsBack) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  Ending end;
  end.watch(d);
  lc.stop();
  EXPECT_FALSE(lc.running());
  EXPECT_FALSE(end.outcome.has_value());
  clock.advance(3s);
  runs.pending[0].callback(Nothing{});
  EXPECT_TRUE(end.called_back());
  EXPECT_EQ(clock.pending_count(), 0u);
  EXPECT_EQ(runs.seen.size(), 1u);
}

// Twisted 22.4: stop() while in flight, then the run errbacks → start()'s
// Deferred errbacks with it.
TEST(LoopingCallF8, StopWhileInFlightThenTheRunFailsErrbacks) {
  FailureRecorder recorder;
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  Ending end;
  end.watch(d);
  lc.stop();
  runs.pending[0].errback(BoomError());
  ASSERT_TRUE(end.errbacked());
  EXPECT_TRUE(end.outcome->failure().check<BoomError>());
  EXPECT_EQ(recorder.unhandled_count(), 0u);
}

TEST(LoopingCallF8, StopWhenNotRunningThrowsLogicError) {
  ManualClock clock;
  LoopingCall lc(clock, [](const Tick&) {});
  EXPECT_THROW(lc.stop(), std::logic_error);
  Deferred<Nothing> d = lc.start(1s);
  lc.stop();
  EXPECT_THROW(lc.stop(), std::logic_error);
}

TEST(LoopingCallF8, RestartIsRefusedUntilTheStoppedRunFinishes) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> first = lc.start(1s);
  lc.stop();
  EXPECT_THROW((void)lc.start(1s), std::logic_error);  // runs would overlap
  runs.pending[0].callback(Nothing{});
  EXPECT_TRUE(first.called());
  Deferred<Nothing> second = lc.start(1s);
  EXPECT_EQ(runs.seen.size(), 2u);
  EXPECT_TRUE(lc.running());
  runs.pending[1].callback(Nothing{});
  lc.stop();
  EXPECT_TRUE(second.called());
}

TEST(LoopingCallF8, StartsDeferredCallbackMayStartTheLoopAgain) {
  ManualClock clock;
  Runs runs(clock);
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> first = lc.start(1s);
  std::optional<Deferred<Nothing>> second;
  first.add_callback([&](Nothing) { second = lc.start(2s, false); });
  lc.stop();
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(lc.running());
  clock.advance(2s);
  EXPECT_EQ(runs.times(), (Times{0s, 2s}));
  lc.stop();
}

// ---- F9: interval 0 -------------------------------------------------------------------------

TEST(LoopingCallF9, IntervalZeroRunsBackToBackYieldingToTheClockBetweenRuns) {
  ManualClock clock;
  std::vector<std::string> events;
  std::unique_ptr<LoopingCall> lc;
  lc = std::make_unique<LoopingCall>(clock, [&](const Tick& t) {
    events.push_back("run " + std::to_string(t.n));
    if (t.n == 2) {
      lc->stop();
    }
  });
  Deferred<Nothing> d = lc->start(0s);
  EXPECT_EQ(events, (std::vector<std::string>{"run 0"}));  // the next run is a call_later(0)
  EXPECT_EQ(clock.pending_count(), 1u);
  auto other = clock.call_later(0s, [&] { events.push_back("other"); });
  clock.advance(0s);
  EXPECT_EQ(events, (std::vector<std::string>{"run 0", "run 1", "other", "run 2"}));
  EXPECT_TRUE(d.called());
  EXPECT_EQ(clock.pending_count(), 0u);
}

// Twisted 22.4 (testEveryIteration-like): runs 1, pending 0; after the
// Deferred fires one call at +0; advance(0) → run 2.
TEST(LoopingCallF9, IntervalZeroStillWaitsForARunsDeferred) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(0s);
  EXPECT_EQ(runs.seen.size(), 1u);
  EXPECT_EQ(clock.pending_count(), 0u);
  clock.advance(0s);
  EXPECT_EQ(runs.seen.size(), 1u);
  runs.pending[0].callback(Nothing{});
  EXPECT_EQ(runs.seen.size(), 1u);
  EXPECT_EQ(clock.next_due(), 0s);
  clock.advance(0s);
  EXPECT_EQ(runs.seen.size(), 2u);
  runs.pending[1].callback(Nothing{});
  lc.stop();
}

// Twisted 22.4: withCount with interval 0 gives 1, 1, 1 (nothing skipped).
TEST(LoopingCallF9, IntervalZeroNeverSkipsAndTicksCountRuns) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(0s);
  clock.advance(5s);
  runs.pending[0].callback(Nothing{});  // a long run, but there is no grid to skip
  clock.advance(0s);
  runs.pending[1].callback(Nothing{});
  clock.advance(1s);
  EXPECT_EQ(runs.ticks(), (Counts{0, 1, 2}));
  EXPECT_EQ(runs.skipped(), (Counts{0, 0, 0}));
  EXPECT_EQ(runs.seen[1].tick.scheduled, 5s);  // due when the previous run finished
  runs.pending[2].callback(Nothing{});
  lc.stop();
}

// ---- F10: reset() ---------------------------------------------------------------------------

// Twisted 22.4: start at 0 (interval 1), reset at 0.5 → runs at 0, 1.5, 2.5.
TEST(LoopingCallF10, ResetSkipsThePendingRunAndReanchorsTheGrid) {
  ManualClock clock;
  Runs runs(clock);
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  clock.advance(500ms);
  lc.reset();
  EXPECT_EQ(lc.started_at(), 500ms);
  clock.pump({1s, 1s});
  EXPECT_EQ(runs.times(), (Times{0s, 1500ms, 2500ms}));
  EXPECT_EQ(runs.ticks(), (Counts{0, 1, 2}));
  EXPECT_EQ(runs.skipped(), (Counts{0, 0, 0}));
  lc.stop();
  EXPECT_THROW(lc.reset(), std::logic_error);
}

// As Twisted's reset(): `self.call is None` while in flight, so nothing happens.
TEST(LoopingCallF10, ResetWhileARunIsInFlightDoesNothing) {
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  clock.advance(1500ms);
  lc.reset();
  EXPECT_EQ(lc.started_at(), 0s);
  runs.pending[0].callback(Nothing{});
  EXPECT_EQ(clock.next_due(), 2s);
  clock.advance(500ms);
  runs.pending[1].callback(Nothing{});
  lc.stop();
}

// ---- Lifetimes ------------------------------------------------------------------------------

TEST(LoopingCallLifetime, DestroyingARunningLoopCancelsItsCallAndReleasesTheFunction) {
  LifetimeCounter counter;
  ManualClock clock;
  Ending end;
  {
    LoopingCall lc(clock, [token = counter.token()](const Tick&) {});
    Deferred<Nothing> d = lc.start(1s);
    end.watch(d);
    EXPECT_EQ(clock.pending_count(), 1u);
  }
  EXPECT_EQ(counter.alive(), 0);
  EXPECT_EQ(clock.pending_count(), 0u);
  EXPECT_FALSE(end.outcome.has_value());  // the destructor fires nothing
}

TEST(LoopingCallLifetime, CompletionOfARunAbandonedByTheDestructorIsIgnored) {
  FailureRecorder recorder;
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  Ending end;
  {
    LoopingCall lc(clock, runs.fn());
    Deferred<Nothing> d = lc.start(1s);
    end.watch(d);
  }
  EXPECT_FALSE(end.outcome.has_value());  // the destructor fires nothing
  runs.pending[0].errback(BoomError());   // nobody to tell: stays on the run's Deferred
  EXPECT_EQ(clock.pending_count(), 0u);
  runs.pending.clear();
  EXPECT_EQ(recorder.unhandled_count(), 1u);
}

TEST(LoopingCallLifetime, DestroyingTheLoopFromInsideItsFunctionIsSafe) {
  ManualClock clock;
  Ending end;
  std::unique_ptr<LoopingCall> lc;
  int calls = 0;
  lc = std::make_unique<LoopingCall>(clock, [&](const Tick&) {
    if (++calls == 2) {
      lc.reset();
    }
  });
  Deferred<Nothing> d = lc->start(1s);
  end.watch(d);
  clock.advance(1s);
  EXPECT_EQ(lc, nullptr);
  EXPECT_FALSE(end.outcome.has_value());  // the destructor fires nothing
  EXPECT_EQ(clock.pending_count(), 0u);
  clock.advance(5s);
  EXPECT_EQ(calls, 2);
}

TEST(LoopingCallLifetime, StoppedLoopKeepsNoPendingCallsOrRunDeferreds) {
  LifetimeCounter counter;
  ManualClock clock;
  Runs runs(clock);
  runs.defer = true;
  LoopingCall lc(clock, runs.fn());
  Deferred<Nothing> d = lc.start(1s);
  runs.pending[0].add_callback([token = counter.token()](Nothing) {});
  runs.pending[0].callback(Nothing{});
  EXPECT_EQ(counter.alive(), 0);
  lc.stop();
  EXPECT_EQ(clock.pending_count(), 0u);
}

// The usual owner holds a LoopingCall as a member and hears from start()'s
// Deferred; members declared after the loop are destroyed before it.
TEST(LoopingCallLifetime, DestroyingTheLoopCallsNothingBackIntoItsHalfDestroyedOwner) {
  ManualClock clock;
  bool fired = false;
  struct Owner {
    Owner(Clock& c, bool& f) : loop(c, [](const Tick&) {}), fired(f) {
      loop.start(1s).add_both([this](Outcome<Nothing> o) {
        *later = 1;
        fired = true;
        return o;
      });
    }
    LoopingCall loop;
    bool& fired;
    std::unique_ptr<int> later = std::make_unique<int>(0);
  };
  { Owner owner(clock, fired); }
  EXPECT_FALSE(fired);
  EXPECT_EQ(clock.pending_count(), 0u);
}

}  // namespace
}  // namespace tasker
