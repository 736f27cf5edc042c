// Deferred rules A, B and C of docs/rules.md, one test (or more) per rule.
// Everything here is synchronous: no event loop, time only on a ManualClock.

#include "core/deferred/deferred.hpp"

#include "tests/support/failure_recorder.hpp"
#include "tests/support/lifetime_counter.hpp"
#include "tests/support/manual_clock.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tasker {
namespace {

using namespace std::chrono_literals;

struct BoomError : std::runtime_error {
  BoomError() : std::runtime_error("boom") {}
};
struct SubBoomError : BoomError {};
struct OtherError : std::runtime_error {
  OtherError() : std::runtime_error("other") {}
};

Failure boom() {
  return Failure::of(BoomError());
}

// ---- A1, A2: levels and the three shorthands --------------------------------

TEST(DeferredA1, LevelsRunInOrderEachGettingThePreviousResult) {
  Deferred<int> d;
  std::vector<int> seen;
  d.add_callback([&](int v) {
    seen.push_back(v);
    return v + 1;
  });
  d.add_callback([&](int v) {
    seen.push_back(v);
    return v * 10;
  });
  d.callback(1);
  EXPECT_EQ(seen, (std::vector<int>{1, 2}));
  EXPECT_EQ(d.result()->value(), 20);
}

TEST(DeferredA1, OnlyOneSideOfALevelRuns) {
  Deferred<int> d;
  int callbacks = 0;
  int errbacks = 0;
  d.add_callbacks(
      [&](int v) {
        ++callbacks;
        return v;
      },
      [&](Failure f) {
        ++errbacks;
        return f;
      });
  d.errback(boom());
  EXPECT_EQ(callbacks, 0);
  EXPECT_EQ(errbacks, 1);
  d.add_errback([](Failure) {});  // end the chain handled
}

TEST(DeferredA2, AddCallbackPassesAFailureThrough) {
  Deferred<int> d;
  bool called = false;
  std::string seen;
  d.add_callback([&](int v) {
    called = true;
    return v;
  });
  d.add_errback([&](Failure f) {
    seen = f.what();
    return 0;
  });
  d.errback(boom());
  EXPECT_FALSE(called);
  EXPECT_EQ(seen, "boom");
}

TEST(DeferredA2, AddErrbackPassesAValueThrough) {
  Deferred<int> d;
  bool called = false;
  d.add_errback([&](Failure) {
    called = true;
    return 0;
  });
  d.add_callback([](int v) { return v + 1; });
  d.callback(41);
  EXPECT_FALSE(called);
  EXPECT_EQ(d.result()->value(), 42);
}

TEST(DeferredA2, AddBothSeesValuesAndFailures) {
  std::vector<bool> saw_failure;
  auto record = [&](Outcome<int> o) {
    saw_failure.push_back(o.failed());
    return 7;
  };
  Deferred<int> ok;
  ok.add_both(record);
  ok.callback(1);
  Deferred<int> bad;
  bad.add_both(record);
  bad.errback(boom());
  EXPECT_EQ(saw_failure, (std::vector<bool>{false, true}));
  EXPECT_EQ(bad.result()->value(), 7);  // addBoth returning a value recovers
}

// ---- A3: switching tracks ----------------------------------------------------

TEST(DeferredA3, ThrowingCallbackSwitchesToTheErrorTrack) {
  Deferred<int> d;
  std::string seen;
  d.add_callback([](int) -> int { throw BoomError(); });
  d.add_callback([](int v) { return v; });
  d.add_errback([&](Failure f) {
    seen = f.what();
    return 1;
  });
  d.callback(0);
  EXPECT_EQ(seen, "boom");
  EXPECT_EQ(d.result()->value(), 1);
}

TEST(DeferredA3, ReturningAFailureSwitchesToTheErrorTrack) {
  Deferred<int> d;
  bool on_error_track = false;
  d.add_callback([](int) { return boom(); });
  d.add_errback([&](Failure f) {
    on_error_track = f.check<BoomError>();
    return 0;
  });
  d.callback(0);
  EXPECT_TRUE(on_error_track);
}

TEST(DeferredA3, ErrbackReturningAValueRecovers) {
  Deferred<int> d;
  int seen = 0;
  d.add_errback([](Failure) { return 5; });
  d.add_callback([&](int v) {
    seen = v;
    return v;
  });
  d.errback(boom());
  EXPECT_EQ(seen, 5);
}

TEST(DeferredA3, ErrbackReturningNothingRecoversWithNone) {
  Deferred<std::string> d;
  std::optional<std::string> seen;
  d.add_errback([](Failure) {});
  d.add_callback([&](std::string v) {
    seen = v;
    return v;
  });
  d.errback(boom());
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(*seen, "");  // T{} stands for None
}

TEST(DeferredA3, ErrbackThatThrowsStaysOnTheErrorTrackWithTheNewError) {
  Deferred<int> d;
  std::string seen;
  d.add_errback([](Failure) -> int { throw OtherError(); });
  d.add_errback([&](Failure f) {
    seen = f.what();
    return 0;
  });
  d.errback(boom());
  EXPECT_EQ(seen, "other");
}

// ---- A4: addCallbacks(cb, eb) is one level -------------------------------------

TEST(DeferredA4, ErrbackOnTheSameLevelDoesNotSeeItsCallbacksException) {
  Deferred<int> d;
  bool same_level_errback_ran = false;
  std::string next_level_saw;
  d.add_callbacks([](int) -> int { throw BoomError(); },
                  [&](Failure) {
                    same_level_errback_ran = true;
                    return 0;
                  });
  d.add_errback([&](Failure f) {
    next_level_saw = f.what();
    return 0;
  });
  d.callback(1);
  EXPECT_FALSE(same_level_errback_ran);
  EXPECT_EQ(next_level_saw, "boom");
}

TEST(DeferredA4, ErrbackAddedSeparatelySeesTheCallbacksException) {
  Deferred<int> d;
  bool errback_ran = false;
  d.add_callback([](int) -> int { throw BoomError(); });
  d.add_errback([&](Failure) {
    errback_ran = true;
    return 0;
  });
  d.callback(1);
  EXPECT_TRUE(errback_ran);
}

// ---- A5: callback/errback arguments -----------------------------------------------

TEST(DeferredA5, CallbackWithAFailureBehavesLikeErrback) {
  Deferred<int> d;
  bool errback_ran = false;
  d.add_errback([&](Failure) {
    errback_ran = true;
    return 0;
  });
  d.callback(boom());
  EXPECT_TRUE(errback_ran);
}

TEST(DeferredA5, ErrbackWrapsAnException) {
  Deferred<int> d;
  bool is_boom = false;
  d.add_errback([&](Failure f) {
    is_boom = f.check<BoomError>();
    return 0;
  });
  d.errback(BoomError());
  EXPECT_TRUE(is_boom);
}

TEST(DeferredA5, ErrbackWithNoArgumentCapturesTheCurrentException) {
  Deferred<int> d;
  bool is_boom = false;
  d.add_errback([&](Failure f) {
    is_boom = f.check<BoomError>();
    return 0;
  });
  try {
    throw BoomError();
  } catch (...) {
    d.errback();
  }
  EXPECT_TRUE(is_boom);
}

TEST(DeferredA5, ErrbackWithNoArgumentOutsideACatchThrows) {
  Deferred<int> d;
  EXPECT_THROW(d.errback(), NoCurrentExceptionError);
  EXPECT_FALSE(d.called());
}

// ---- A6: fires at most once ---------------------------------------------------------

TEST(DeferredA6, SecondCallbackRaisesAlreadyCalledError) {
  Deferred<int> d;
  d.callback(1);
  EXPECT_THROW(d.callback(2), AlreadyCalledError);
  EXPECT_THROW(d.errback(boom()), AlreadyCalledError);
  EXPECT_EQ(d.result()->value(), 1);
}

TEST(DeferredA6, CallbackAfterErrbackRaisesAlreadyCalledError) {
  FailureRecorder recorder;
  Deferred<int> d;
  d.errback(boom());
  EXPECT_THROW(d.callback(2), AlreadyCalledError);
}

// ---- A7: late callbacks, re-entrancy, pause --------------------------------------------

TEST(DeferredA7, CallbacksAddedAfterFiringRunAtOnce) {
  Deferred<int> d;
  d.callback(3);
  int seen = 0;
  d.add_callback([&](int v) {
    seen = v;
    return v;
  });
  EXPECT_EQ(seen, 3);
}

TEST(DeferredA7, CallbackAddedWhileRunningRunsAfterTheCurrentOneReturns) {
  Deferred<int> d;
  std::vector<std::string> trace;
  d.add_callback([&](int v) {
    d.add_callback([&](int w) {
      trace.push_back("added");
      return w;
    });
    trace.push_back("first returns");
    return v;
  });
  d.add_callback([&](int v) {
    trace.push_back("second");
    return v;
  });
  d.callback(0);
  EXPECT_EQ(trace, (std::vector<std::string>{"first returns", "second", "added"}));
}

TEST(DeferredA7, PausedDeferredRunsNothingUntilUnpausedAsOftenAsPaused) {
  Deferred<int> d;
  int runs = 0;
  d.add_callback([&](int v) {
    ++runs;
    return v;
  });
  d.pause();
  d.pause();
  d.callback(1);
  EXPECT_EQ(runs, 0);
  d.unpause();
  EXPECT_EQ(runs, 0);
  d.unpause();
  EXPECT_EQ(runs, 1);
}

// ---- A8, A9: chaining and result transfer --------------------------------------------------

TEST(DeferredA8, CallbackReturningAPendingDeferredPausesTheOuterChain) {
  Deferred<int> outer;
  Deferred<int> inner;
  int seen = 0;
  outer.add_callback([&](int) { return inner; });
  outer.add_callback([&](int v) {
    seen = v;
    return v;
  });
  outer.callback(1);
  EXPECT_TRUE(outer.waiting());
  EXPECT_EQ(seen, 0);
  inner.callback(2);
  EXPECT_FALSE(outer.waiting());
  EXPECT_EQ(seen, 2);
}

TEST(DeferredA8, InnerFailureBecomesTheOuterFailure) {
  Deferred<int> outer;
  Deferred<int> inner;
  std::string seen;
  outer.add_callback([&](int) { return inner; });
  outer.add_errback([&](Failure f) {
    seen = f.what();
    return 0;
  });
  outer.callback(1);
  inner.errback(BoomError());
  EXPECT_EQ(seen, "boom");
}

TEST(DeferredA8, InnerThatIsPausedIsWaitedOnEvenWithAResult) {
  Deferred<int> outer;
  Deferred<int> inner;
  inner.pause();
  inner.callback(5);
  outer.add_callback([&](int) { return inner; });
  outer.callback(1);
  EXPECT_TRUE(outer.waiting());
  inner.unpause();
  EXPECT_EQ(outer.result()->value(), 5);
}

TEST(DeferredA8, ChainTenThousandDeepResolvesWithoutOverflowingTheStack) {
  constexpr int kDepth = 10'000;
  std::vector<Deferred<int>> ds(kDepth + 1);
  for (int i = 0; i < kDepth; ++i) {
    ds[i].add_callback([next = ds[i + 1]](int) { return next; });
  }
  for (int i = 0; i < kDepth; ++i) ds[i].callback(0);  // each now waits on the next
  EXPECT_TRUE(ds[0].waiting());
  ds[kDepth].callback(99);
  EXPECT_EQ(ds[0].result()->value(), 99);
}

TEST(DeferredA8, DroppingATenThousandDeepUnfiredChainDoesNotOverflowTheStack) {
  LifetimeCounter counter;
  {
    constexpr int kDepth = 10'000;
    std::vector<Deferred<int>> ds(kDepth + 1);
    for (int i = 0; i < kDepth; ++i) {
      ds[i].add_callback([next = ds[i + 1]](int) { return next; });
      ds[i].add_callback([token = counter.token()](int v) { return v; });
    }
    for (int i = 0; i < kDepth; ++i) ds[i].callback(0);
    Deferred<int> last = ds[kDepth];
    ds.clear();  // only `last` owns the chain now, through its continuation
    EXPECT_EQ(counter.alive(), kDepth);
  }
  EXPECT_EQ(counter.alive(), 0);
}

TEST(DeferredA9, AlreadyFiredInnerResultIsTakenAndInnerLeftWithNone) {
  Deferred<std::string> inner;
  inner.callback("payload");
  Deferred<std::string> outer;
  outer.add_callback([&](std::string) { return inner; });
  outer.callback("start");
  EXPECT_EQ(outer.result()->value(), "payload");
  std::optional<std::string> late;
  inner.add_callback([&](std::string v) {
    late = v;
    return v;
  });
  EXPECT_EQ(late, std::string{});  // None
}

TEST(DeferredA9, InnerLeftWithNoneAfterItsContinuationRan) {
  Deferred<std::string> inner;
  Deferred<std::string> outer;
  outer.add_callback([&](std::string) { return inner; });
  outer.callback("start");
  inner.callback("payload");
  EXPECT_EQ(outer.result()->value(), "payload");
  EXPECT_EQ(inner.result()->value(), "");
}

TEST(DeferredA9, FailureHandedOnIsReportedOnceNotTwice) {
  FailureRecorder recorder;
  {
    Deferred<int> inner;
    Deferred<int> outer;
    outer.add_callback([&](int) { return inner; });
    outer.callback(0);
    inner.errback(boom());
  }
  EXPECT_EQ(recorder.unhandled_count(), 1u);
}

TEST(DeferredA9, CallbackReturningItsOwnDeferredFailsInsteadOfHanging) {
  FailureRecorder recorder;
  Deferred<int> d;
  d.add_callback([&](int) { return d; });
  d.callback(0);
  ASSERT_TRUE(d.result().has_value());
  EXPECT_TRUE(d.result()->failed());
  d.add_errback([](Failure) {});
}

// ---- A10, A11, A12 -----------------------------------------------------------------------

TEST(DeferredA10, ChainDeferredFiresTheOtherButNotTheOtherWayRound) {
  Deferred<int> a;
  Deferred<int> b;
  a.chain_deferred(b);
  a.callback(4);
  EXPECT_EQ(b.result()->value(), 4);
  EXPECT_EQ(a.result()->value(), 0);  // b.callback returned None

  Deferred<int> c;
  Deferred<int> e;
  c.chain_deferred(e);
  e.callback(1);
  EXPECT_FALSE(c.called());
}

TEST(DeferredA11, MaybeDeferredWrapsAValue) {
  auto d = maybe_deferred([] { return 3; });
  EXPECT_EQ(d.result()->value(), 3);
}

TEST(DeferredA11, MaybeDeferredTurnsAThrowIntoAFailure) {
  FailureRecorder recorder;
  auto d = maybe_deferred([]() -> int { throw BoomError(); });
  EXPECT_TRUE(d.result()->failure().check<BoomError>());
  d.add_errback([](Failure) {});
}

TEST(DeferredA11, MaybeDeferredTurnsAReturnedFailureIntoAFailedDeferred) {
  FailureRecorder recorder;
  auto d = maybe_deferred<int>([] { return boom(); });
  EXPECT_TRUE(d.result()->failed());
  d.add_errback([](Failure) {});
}

TEST(DeferredA11, MaybeDeferredReturnsTheSameDeferred) {
  Deferred<int> original;
  auto d = maybe_deferred([&] { return original; });
  EXPECT_TRUE(d == original);
}

TEST(DeferredA11, MaybeDeferredOfVoidGivesNothing) {
  bool ran = false;
  Deferred<Nothing> d = maybe_deferred([&] { ran = true; });
  EXPECT_TRUE(ran);
  EXPECT_TRUE(d.result()->succeeded());
}

TEST(DeferredA12, TrapMatchesSubclassesAndCheckDoesNotThrow) {
  Failure f = Failure::of(SubBoomError());
  EXPECT_TRUE(f.check<BoomError>());
  EXPECT_TRUE(f.check<std::exception>());
  EXPECT_FALSE(f.check<OtherError>());
  EXPECT_NO_THROW(f.trap<BoomError>());
}

TEST(DeferredA12, TrapRethrowsSoTheErrbackStaysOnTheErrorTrack) {
  Deferred<int> d;
  bool recovered = false;
  std::string later;
  d.add_errback([&](Failure f) {
    f.trap<OtherError>();
    recovered = true;
    return 0;
  });
  d.add_errback([&](Failure f) {
    later = f.what();
    return 0;
  });
  d.errback(boom());
  EXPECT_FALSE(recovered);
  EXPECT_EQ(later, "boom");
}

// ---- B: unhandled failures ------------------------------------------------------------------

TEST(DeferredB1, FailureAtTheEndOfTheChainIsReportedWhenTheLastHandleGoes) {
  FailureRecorder recorder;
  {
    Deferred<int> d;
    d.errback(boom());
    Deferred<int> copy = d;
    d = Deferred<int>();
    EXPECT_EQ(recorder.unhandled_count(), 0u);  // `copy` still holds it
  }
  ASSERT_EQ(recorder.unhandled_count(), 1u);
  EXPECT_EQ(recorder.unhandled_messages()[0], "boom");
}

TEST(DeferredB1, RecoveredFailureIsNotReported) {
  FailureRecorder recorder;
  {
    Deferred<int> d;
    d.errback(boom());
    d.add_errback([](Failure) { return 0; });  // added late: still handles it
  }
  EXPECT_EQ(recorder.unhandled_count(), 0u);
}

TEST(DeferredB1, SuccessIsNeverReported) {
  FailureRecorder recorder;
  { Deferred<int> d = succeed(1); }
  EXPECT_EQ(recorder.unhandled_count(), 0u);
}

TEST(DeferredB2, ChainEndingOnAFailureAfterAnErrbackThatRethrowsIsReported) {
  FailureRecorder recorder;
  {
    Deferred<int> d;
    d.add_errback([](Failure f) { return f; });
    d.errback(boom());
  }
  EXPECT_EQ(recorder.unhandled_count(), 1u);
}

TEST(DeferredB3, LogErrorReportsAndPassesOnSoALastErrbackReportsTwice) {
  FailureRecorder recorder;
  {
    Deferred<int> d;
    d.add_errback(log_error);
    d.errback(boom());
    EXPECT_EQ(recorder.logged_count(), 1u);
  }
  EXPECT_EQ(recorder.unhandled_count(), 1u);
}

// ---- C1 to C3: cancel ---------------------------------------------------------------------

TEST(DeferredC1, CancelWithoutCancellerErrbacksSynchronously) {
  Deferred<int> d;
  bool cancelled = false;
  d.add_errback([&](Failure f) {
    cancelled = f.check<CancelledError>();
    return 0;
  });
  d.cancel();
  EXPECT_TRUE(cancelled);
}

TEST(DeferredC1, CancellerGetsTheDeferredAndCancelledErrorFollowsIfItDidNotFire) {
  int canceller_calls = 0;
  Deferred<int> d([&](Deferred<int>& self) {
    ++canceller_calls;
    EXPECT_FALSE(self.called());
  });
  bool cancelled = false;
  d.add_errback([&](Failure f) {
    cancelled = f.check<CancelledError>();
    return 0;
  });
  d.cancel();
  EXPECT_EQ(canceller_calls, 1);
  EXPECT_TRUE(cancelled);
}

TEST(DeferredC2, CancelIsForwardedToTheDeferredBeingWaitedOn) {
  int inner_cancels = 0;
  Deferred<int> inner([&](Deferred<int>&) { ++inner_cancels; });
  Deferred<int> outer;
  bool outer_cancelled = false;
  outer.add_callback([&](int) { return inner; });
  outer.add_errback([&](Failure f) {
    outer_cancelled = f.check<CancelledError>();
    return 0;
  });
  outer.callback(0);
  outer.cancel();
  EXPECT_EQ(inner_cancels, 1);
  EXPECT_TRUE(outer_cancelled);
}

TEST(DeferredC2, CancelTwiceRunsTheCancellerOnce) {
  int calls = 0;
  Deferred<int> d([&](Deferred<int>&) { ++calls; });
  d.add_errback([](Failure) { return 0; });
  d.cancel();
  d.cancel();
  EXPECT_EQ(calls, 1);
}

TEST(DeferredC2, CancelAfterFiringAndNotWaitingDoesNothing) {
  int calls = 0;
  Deferred<int> d([&](Deferred<int>&) { ++calls; });
  d.callback(1);
  d.cancel();
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(d.result()->value(), 1);
}

TEST(DeferredC2, CancelWaitingOnAnInnerNobodyElseHoldsStillResumesWithCancelledError) {
  Deferred<int> outer;
  outer.add_callback([](int) { return Deferred<int>(); });
  bool cancelled = false;
  outer.add_errback([&](Failure f) {
    cancelled = f.check<CancelledError>();
    return 0;
  });
  outer.callback(0);
  EXPECT_TRUE(outer.waiting());
  outer.cancel();
  EXPECT_TRUE(cancelled);
}

TEST(DeferredC3, WithoutCancellerTheFirstLateResultIsIgnoredAndTheSecondRaises) {
  Deferred<int> d;
  d.add_errback([](Failure) { return 0; });
  d.cancel();
  EXPECT_NO_THROW(d.callback(1));
  EXPECT_THROW(d.callback(2), AlreadyCalledError);
}

TEST(DeferredC3, WithACancellerThatDidNotFireALateResultRaises) {
  Deferred<int> d([](Deferred<int>&) {});
  d.add_errback([](Failure) { return 0; });
  d.cancel();
  EXPECT_THROW(d.callback(1), AlreadyCalledError);
}

TEST(DeferredC3, CancellerThatCallsBackDecidesTheResult) {
  Deferred<int> d([](Deferred<int>& self) { self.callback(42); });
  d.cancel();
  EXPECT_EQ(d.result()->value(), 42);
}

TEST(DeferredC3, CancellerThatErrbacksWithAnotherErrorDecidesTheResult) {
  FailureRecorder recorder;
  Deferred<int> d([](Deferred<int>& self) { self.errback(OtherError()); });
  d.cancel();
  EXPECT_TRUE(d.result()->failure().check<OtherError>());
  d.add_errback([](Failure) {});
}

// ---- C4: add_timeout ------------------------------------------------------------------------

TEST(DeferredC4, TimeoutTurnsTheCancellationIntoTimeoutError) {
  ManualClock clock;
  Deferred<int> d;
  d.add_timeout(5s, clock);
  std::optional<Failure> seen;
  d.add_errback([&](Failure f) { seen = f; });
  clock.advance(4s);
  EXPECT_FALSE(d.called());
  clock.advance(1s);
  ASSERT_TRUE(seen.has_value());
  EXPECT_TRUE(seen->check<TimeoutError>());
  EXPECT_EQ(seen->get<TimeoutError>()->timeout(), 5s);
}

TEST(DeferredC4, ErrbacksAddedBeforeTheTimeoutSeeCancelledError) {
  ManualClock clock;
  Deferred<int> d;
  bool before_saw_cancelled = false;
  d.add_errback([&](Failure f) {
    before_saw_cancelled = f.check<CancelledError>();
    return f;
  });
  d.add_timeout(1s, clock);
  bool after_saw_timeout = false;
  d.add_errback([&](Failure f) { after_saw_timeout = f.check<TimeoutError>(); });
  clock.advance(1s);
  EXPECT_TRUE(before_saw_cancelled);
  EXPECT_TRUE(after_saw_timeout);
}

TEST(DeferredC4, ExplicitCancelBeforeTheTimeoutKeepsCancelledError) {
  ManualClock clock;
  Deferred<int> d;
  d.add_timeout(1s, clock);
  bool cancelled = false;
  d.add_errback([&](Failure f) { cancelled = f.check<CancelledError>(); });
  d.cancel();
  EXPECT_TRUE(cancelled);
  EXPECT_EQ(clock.pending_count(), 0u);  // the timer was disarmed
}

TEST(DeferredC4, ResultBeforeTheTimeoutIsUnchangedAndDisarmsTheTimer) {
  ManualClock clock;
  Deferred<int> d;
  d.add_timeout(1s, clock);
  d.callback(8);
  EXPECT_EQ(d.result()->value(), 8);
  EXPECT_EQ(clock.pending_count(), 0u);
  clock.advance(2s);
  EXPECT_EQ(d.result()->value(), 8);
}

TEST(DeferredC4, TimeoutCancelsAPendingDeferredReturnedByAnEarlierCallback) {
  ManualClock clock;
  int inner_cancels = 0;
  Deferred<int> inner([&](Deferred<int>&) { ++inner_cancels; });
  Deferred<int> d;
  d.add_callback([&](int) { return inner; });
  d.add_timeout(3s, clock);
  bool timed_out = false;
  d.add_errback([&](Failure f) { timed_out = f.check<TimeoutError>(); });
  d.callback(0);
  clock.advance(3s);
  EXPECT_EQ(inner_cancels, 1);
  EXPECT_TRUE(timed_out);
}

TEST(DeferredC4, CallbacksAddedAfterTheTimeoutAreNotTimed) {
  ManualClock clock;
  Deferred<int> d;
  d.add_timeout(1s, clock);
  Deferred<int> slow;
  d.add_callback([&](int) { return slow; });
  d.callback(0);
  EXPECT_EQ(clock.pending_count(), 0u);  // disarmed once the chain passed the timeout levels
  clock.advance(10s);
  EXPECT_TRUE(d.waiting());
  slow.callback(2);
  EXPECT_EQ(d.result()->value(), 2);
}

TEST(DeferredC4, OtherFailureFromTheCancellerPassesThroughUnchanged) {
  ManualClock clock;
  Deferred<int> d([](Deferred<int>& self) { self.errback(OtherError()); });
  d.add_timeout(1s, clock);
  bool other = false;
  d.add_errback([&](Failure f) { other = f.check<OtherError>(); });
  clock.advance(1s);
  EXPECT_TRUE(other);
}

TEST(DeferredC4, SuccessFromTheCancellerPassesThroughUnchanged) {
  ManualClock clock;
  Deferred<int> d([](Deferred<int>& self) { self.callback(7); });
  d.add_timeout(1s, clock);
  clock.advance(1s);
  EXPECT_EQ(d.result()->value(), 7);
}

TEST(DeferredC4, CustomConverterRunsOnlyOnTimeoutWithTheCurrentValue) {
  ManualClock clock;
  int converter_calls = 0;
  auto convert = [&](Outcome<int> v, std::chrono::nanoseconds t) -> Outcome<int> {
    ++converter_calls;
    EXPECT_TRUE(v.failed());
    EXPECT_EQ(t, 2s);
    return -1;
  };
  Deferred<int> timed;
  timed.add_timeout(2s, clock, convert);
  clock.advance(2s);
  EXPECT_EQ(timed.result()->value(), -1);

  Deferred<int> cancelled;
  cancelled.add_timeout(2s, clock, convert);
  cancelled.add_errback([](Failure) { return 0; });
  cancelled.cancel();
  EXPECT_EQ(converter_calls, 1);
}

// ---- lifetimes ------------------------------------------------------------------------------

TEST(DeferredLifetime, CallbacksAreDestroyedWhenTheDeferredIsCancelled) {
  LifetimeCounter counter;
  Deferred<int> d;
  d.add_callback([token = counter.token()](int v) { return v; });
  d.add_errback([token = counter.token()](Failure) { return 0; });
  EXPECT_EQ(counter.alive(), 2);
  d.cancel();
  EXPECT_EQ(counter.alive(), 0);
}

TEST(DeferredLifetime, CallbacksAreDestroyedWhenTheLastHandleIsDropped) {
  LifetimeCounter counter;
  {
    Deferred<int> d;
    d.add_callback([token = counter.token()](int v) { return v; });
    EXPECT_EQ(counter.alive(), 1);
  }
  EXPECT_EQ(counter.alive(), 0);
}

TEST(DeferredLifetime, CancellerIsReleasedOnceTheDeferredFires) {
  LifetimeCounter counter;
  Deferred<int> d([token = counter.token()](Deferred<int>&) {});
  EXPECT_EQ(counter.alive(), 1);
  d.callback(1);
  EXPECT_EQ(counter.alive(), 0);
}

TEST(DeferredLifetime, TimeoutTimerDoesNotKeepADroppedDeferredAlive) {
  ManualClock clock;
  LifetimeCounter counter;
  {
    Deferred<int> d;
    d.add_callback([token = counter.token()](int v) { return v; });
    d.add_timeout(1s, clock);
  }
  EXPECT_EQ(counter.alive(), 0);
  clock.advance(1s);  // the timer finds nothing to cancel
}

}  // namespace
}  // namespace tasker
