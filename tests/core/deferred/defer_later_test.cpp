// defer_later, rule C5 of docs/rules.md, on a ManualClock (no sleeps). The
// cancel cases were checked against task.deferLater in Twisted 22.4.

#include "core/deferred/defer_later.hpp"

#include "tests/support/failure_recorder.hpp"
#include "tests/support/lifetime_counter.hpp"
#include "tests/support/manual_clock.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace tasker {
namespace {

using namespace std::chrono_literals;

struct BoomError : std::runtime_error {
  BoomError() : std::runtime_error("boom") {}
};

TEST(DeferLaterC5, FiresWithFsResultOnceTheDelayHasPassed) {
  ManualClock clock;
  int calls = 0;
  Deferred<int> d = defer_later(clock, 5s, [&] {
    ++calls;
    return 42;
  });
  clock.advance(4999ms);
  EXPECT_EQ(calls, 0);
  EXPECT_FALSE(d.called());
  clock.advance(1ms);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(d.result()->value(), 42);
  EXPECT_EQ(clock.pending_count(), 0u);
}

TEST(DeferLaterC5, ZeroDelayStillWaitsForTheClock) {
  ManualClock clock;
  bool ran = false;
  Deferred<Nothing> d = defer_later(clock, 0s, [&] { ran = true; });
  EXPECT_FALSE(ran);
  clock.advance(0s);
  EXPECT_TRUE(ran);
  EXPECT_TRUE(d.result()->succeeded());
}

TEST(DeferLaterC5, WithoutAFunctionFiresWithNothing) {
  ManualClock clock;
  Deferred<Nothing> d = defer_later(clock, 2s);
  clock.advance(1s);
  EXPECT_FALSE(d.called());
  clock.advance(1s);
  ASSERT_TRUE(d.called());
  EXPECT_TRUE(d.result()->succeeded());
}

TEST(DeferLaterC5, ADeferredReturnedByFIsChained) {
  ManualClock clock;
  Deferred<std::string> inner;
  Deferred<std::string> d = defer_later(clock, 1s, [&] { return inner; });
  clock.advance(1s);
  EXPECT_TRUE(d.waiting());
  inner.callback("done");
  EXPECT_EQ(d.result()->value(), "done");
}

TEST(DeferLaterC5, AnExceptionFromFBecomesAnErrback) {
  FailureRecorder recorder;
  ManualClock clock;
  Deferred<int> d = defer_later(clock, 1s, []() -> int { throw BoomError(); });
  clock.advance(1s);
  ASSERT_TRUE(d.called());
  EXPECT_TRUE(d.result()->failure().check<BoomError>());
  d.add_errback([](Failure) { return 0; });
}

TEST(DeferLaterC5, AFailureReturnedByFBecomesAnErrback) {
  FailureRecorder recorder;
  ManualClock clock;
  Deferred<int> d = defer_later<int>(clock, 1s, [] { return Failure::of(BoomError()); });
  clock.advance(1s);
  EXPECT_TRUE(d.result()->failure().check<BoomError>());
  d.add_errback([](Failure) { return 0; });
}

// Twisted 22.4: cancel() before the delay → CancelledError, f never runs, no call left.
TEST(DeferLaterC5, CancelBeforeTheDelayCancelsTheCallAndFNeverRuns) {
  ManualClock clock;
  bool ran = false;
  Deferred<Nothing> d = defer_later(clock, 5s, [&] { ran = true; });
  EXPECT_EQ(clock.pending_count(), 1u);
  d.cancel();
  EXPECT_EQ(clock.pending_count(), 0u);
  ASSERT_TRUE(d.called());
  EXPECT_TRUE(d.result()->failure().check<CancelledError>());
  clock.advance(10s);
  EXPECT_FALSE(ran);
  d.add_errback([](Failure) {});
}

// Twisted 22.4: after the delay, cancel() reaches the Deferred f returned
// (its canceller runs) and the result is CancelledError.
TEST(DeferLaterC5, CancelAfterTheDelayIsForwardedToTheDeferredFReturned) {
  ManualClock clock;
  bool inner_cancelled = false;
  Deferred<int> inner([&](Deferred<int>&) { inner_cancelled = true; });
  Deferred<int> d = defer_later(clock, 1s, [&] { return inner; });
  clock.advance(1s);
  d.cancel();
  EXPECT_TRUE(inner_cancelled);
  EXPECT_TRUE(d.result()->failure().check<CancelledError>());
  d.add_errback([](Failure) { return 0; });
}

TEST(DeferLaterC5, CancelAfterFiringDoesNothing) {
  ManualClock clock;
  Deferred<int> d = defer_later(clock, 1s, [] { return 1; });
  clock.advance(1s);
  d.cancel();
  EXPECT_EQ(d.result()->value(), 1);
}

TEST(DeferLaterC5, FStillRunsWhenTheCallerDroppedTheHandle) {
  ManualClock clock;
  bool ran = false;
  {
    Deferred<Nothing> dropped = defer_later(clock, 1s, [&] { ran = true; });
  }
  clock.advance(1s);
  EXPECT_TRUE(ran);
}

TEST(DeferLaterLifetime, CancelDestroysFAndEverythingItCaptured) {
  LifetimeCounter counter;
  ManualClock clock;
  Deferred<int> d = defer_later(clock, 1s, [token = counter.token()] { return 1; });
  EXPECT_EQ(counter.alive(), 1);
  d.cancel();
  EXPECT_EQ(counter.alive(), 0);
  d.add_errback([](Failure) { return 0; });
}

TEST(DeferLaterLifetime, FiringReleasesFAndTheClockHoldsNothing) {
  LifetimeCounter counter;
  ManualClock clock;
  Deferred<int> d = defer_later(clock, 1s, [token = counter.token()] { return 1; });
  clock.advance(1s);
  EXPECT_EQ(counter.alive(), 0);
  EXPECT_EQ(clock.pending_count(), 0u);
}

TEST(DeferLaterLifetime, DestroyingTheClockFreesAPendingCall) {
  LifetimeCounter counter;
  {
    ManualClock clock;
    {
      Deferred<int> d = defer_later(clock, 1s, [token = counter.token()] { return 1; });
    }
    EXPECT_EQ(counter.alive(), 1);  // the clock keeps f for when it is due
  }
  EXPECT_EQ(counter.alive(), 0);
}

}  // namespace
}  // namespace tasker
