// Deferred<T>::then: the continuation that changes the value's type. It is
// one callback level (A1-A4) whose outcome goes to a new Deferred, waited on
// as A8 and handed on as A9, and whose cancel() follows C1-C3.

#include "core/deferred/deferred.hpp"
#include "tests/support/failure_recorder.hpp"
#include "tests/support/lifetime_counter.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tasker {
namespace {

struct BoomError : std::runtime_error {
  BoomError() : std::runtime_error("boom") {}
};

using Messages = std::vector<std::string>;

// ---- The value track ------------------------------------------------------------------------

TEST(DeferredThen, MapsTheValueToAnotherType) {
  Deferred<int> d;
  Deferred<std::string> text = d.then([](int v) { return std::to_string(v * 2); });
  EXPECT_FALSE(text.called());
  d.callback(21);
  EXPECT_EQ(text.result()->value(), "42");
}

TEST(DeferredThen, OnAFiredDeferredRunsAtOnce) {
  Deferred<std::string> text = succeed(7).then([](int v) { return std::to_string(v); });
  EXPECT_EQ(text.result()->value(), "7");
}

TEST(DeferredThen, AVoidFunctionGivesNothing) {
  bool ran = false;
  Deferred<Nothing> done = succeed(1).then([&](int) { ran = true; });
  EXPECT_TRUE(ran);
  EXPECT_TRUE(done.result()->succeeded());
}

TEST(DeferredThen, AnOutcomeOrAFailureReturnedPicksTheTrack) {
  FailureRecorder recorder;
  Deferred<long> ok = succeed(1).then([](int v) { return Outcome<long>(v + 1L); });
  EXPECT_EQ(ok.result()->value(), 2);

  const Failure boom = Failure::of(BoomError());
  Deferred<long> failed = succeed(1).then<long>([&](int) { return boom; });
  EXPECT_TRUE(failed.result()->failure() == boom);
  failed.add_errback([](Failure) { return 0L; });
  EXPECT_EQ(recorder.unhandled_count(), 0u);
}

TEST(DeferredThen, AThrowBecomesTheResultsFailure) {  // A3
  FailureRecorder recorder;
  Deferred<std::string> r = succeed(1).then([](int) -> std::string { throw BoomError(); });
  EXPECT_TRUE(r.result()->failure().check<BoomError>());
  r.add_errback([](Failure) { return std::string(); });
  EXPECT_EQ(recorder.unhandled_count(), 0u);
}

// ---- The error track ------------------------------------------------------------------------

TEST(DeferredThen, AFailurePassesThroughUnchangedWithoutCallingTheFunction) {
  FailureRecorder recorder;
  Deferred<int> d;
  bool called = false;
  Deferred<char> r = d.then([&](int) {
    called = true;
    return 'x';
  });
  const Failure boom = Failure::of(BoomError());
  d.errback(boom);
  EXPECT_FALSE(called);
  EXPECT_TRUE(r.result()->failure() == boom);  // the very same Failure
  r.add_errback([](Failure) { return 'y'; });
}

TEST(DeferredThen, WithAnErrorFunctionAFailureMayRecover) {
  Deferred<int> d;
  Deferred<std::string> r = d.then([](int v) { return std::to_string(v); },
                                   [](const Failure& f) { return "recovered from " + f.what(); });
  d.errback(BoomError());
  EXPECT_EQ(r.result()->value(), "recovered from boom");
}

TEST(DeferredThen, TheErrorFunctionIsOnTheSameLevelAndMissesTheValueFunctionsFailure) {  // A4
  FailureRecorder recorder;
  bool error_function_ran = false;
  Deferred<long> r = succeed(1).then([](int) -> long { throw BoomError(); },
                                     [&](Failure) {
                                       error_function_ran = true;
                                       return 0L;
                                     });
  EXPECT_FALSE(error_function_ran);
  EXPECT_TRUE(r.result()->failure().check<BoomError>());
  r.add_errback([](Failure) { return 0L; });
}

// ---- A returned Deferred (A8) ---------------------------------------------------------------

TEST(DeferredThen, WaitsOnADeferredTheFunctionReturns) {
  Deferred<int> d;
  Deferred<std::string> inner;
  Deferred<std::string> r = d.then([&](int) { return inner; });
  d.callback(1);
  EXPECT_FALSE(r.called());  // not called while it waits
  inner.callback("done");
  EXPECT_EQ(r.result()->value(), "done");
  EXPECT_EQ(inner.result()->value(), "");  // handed on, None left behind (A9)
}

TEST(DeferredThen, TakesTheResultOfAnAlreadyFiredReturnedDeferredAtOnce) {
  FailureRecorder recorder;
  Deferred<std::string> r =
      succeed(1).then([](int) { return fail<std::string>(Failure::of(BoomError())); });
  EXPECT_TRUE(r.result()->failure().check<BoomError>());
  r.add_errback([](Failure) { return std::string(); });
  EXPECT_EQ(recorder.unhandled_count(), 0u);  // the inner one handed its failure on
}

TEST(DeferredThen, AFunctionReturningTheDeferredItFeedsFailsInsteadOfHanging) {
  FailureRecorder recorder;
  Deferred<int> d;
  auto self = std::make_shared<std::optional<Deferred<int>>>();
  Deferred<int> r = d.then([self](int) { return **self; });
  *self = r;
  d.callback(1);
  EXPECT_TRUE(r.result()->failure().check<std::logic_error>());
  r.add_errback([](Failure) { return 0; });
  self->reset();
}

// ---- cancel() on the result (C1, C2, C3) ----------------------------------------------------

TEST(DeferredThenCancel, BeforeTheSourceFiredCancelsTheSource) {
  int cancels = 0;
  Deferred<int> d([&](Deferred<int>&) { ++cancels; });
  bool called = false;
  Deferred<char> r = d.then([&](int) {
    called = true;
    return 'x';
  });
  r.cancel();
  EXPECT_EQ(cancels, 1);
  EXPECT_FALSE(called);
  EXPECT_TRUE(r.result()->failure().check<CancelledError>());
  EXPECT_TRUE(d.result()->succeeded());  // handed on (A9)
  r.add_errback([](Failure) { return 'y'; });
}

TEST(DeferredThenCancel, ASourceCancellerThatCallsBackGoesThroughTheFunction) {  // C3
  Deferred<int> d([](Deferred<int>& self) { self.callback(5); });
  Deferred<long> r = d.then([](int v) { return v * 2L; });
  r.cancel();
  EXPECT_EQ(r.result()->value(), 10);
}

TEST(DeferredThenCancel, WhileWaitingCancelsTheReturnedDeferred) {  // C2
  int source_cancels = 0;
  int inner_cancels = 0;
  Deferred<int> d([&](Deferred<int>&) { ++source_cancels; });
  Deferred<std::string> inner([&](Deferred<std::string>&) { ++inner_cancels; });
  Deferred<std::string> r = d.then([&](int) { return inner; });
  d.callback(1);
  r.cancel();
  EXPECT_EQ(source_cancels, 0);
  EXPECT_EQ(inner_cancels, 1);
  EXPECT_TRUE(r.result()->failure().check<CancelledError>());
  EXPECT_EQ(inner.result()->value(), "");  // its CancelledError was handed on (A9)
  r.add_errback([](Failure) { return std::string(); });
}

TEST(DeferredThenCancel, AfterTheResultFiredDoesNothing) {
  int cancels = 0;
  Deferred<int> d([&](Deferred<int>&) { ++cancels; });
  Deferred<int> r = d.then([](int v) { return v; });
  d.callback(1);
  r.cancel();
  r.cancel();
  EXPECT_EQ(cancels, 0);
  EXPECT_EQ(r.result()->value(), 1);
}

// A source whose cancel() does not fire it (a composite such as DeferredList):
// the result errbacks with CancelledError at once, and the real result that
// comes later stays on the source, raising nothing.
TEST(DeferredThenCancel, ASourceThatDoesNotFireOnCancelLeavesTheLateResultThere) {
  FailureRecorder recorder;
  Deferred<int> d;
  d.set_cancel_override([] {});
  bool called = false;
  Deferred<char> r = d.then([&](int) {
    called = true;
    return 'x';
  });
  r.cancel();
  EXPECT_TRUE(r.result()->failure().check<CancelledError>());
  EXPECT_NO_THROW(d.callback(3));
  EXPECT_FALSE(called);
  EXPECT_EQ(d.result()->value(), 3);
  r.add_errback([](Failure) { return 'y'; });
}

TEST(DeferredThenCancel, AnInnerDeferredThatDoesNotFireOnCancelKeepsItsLateResult) {
  FailureRecorder recorder;
  Deferred<std::string> inner;
  inner.set_cancel_override([] {});
  Deferred<std::string> r = succeed(1).then([&](int) { return inner; });
  r.cancel();
  EXPECT_TRUE(r.result()->failure().check<CancelledError>());
  EXPECT_NO_THROW(inner.callback("late"));
  EXPECT_EQ(inner.result()->value(), "late");
  r.add_errback([](Failure) { return std::string(); });
}

// ---- Result transfer (A9) and unhandled failures (B1) ----------------------------------------

TEST(DeferredThenHandOn, TheSourceIsLeftWithNoneAndTheFailureIsReportedOnceByTheResult) {
  FailureRecorder recorder;
  Deferred<int> d;
  {
    Deferred<int> r = d.then([](int v) { return v; });
    d.errback(BoomError());
    ASSERT_TRUE(d.result()->succeeded());
    EXPECT_EQ(d.result()->value(), 0);  // T{}: Twisted's None
    int late = -1;
    d.add_callback([&](int v) { late = v; });
    EXPECT_EQ(late, 0);  // later callbacks on the source see None
    EXPECT_EQ(recorder.unhandled_count(), 0u);
  }
  EXPECT_EQ(recorder.unhandled_messages(), (Messages{"boom"}));  // at the result
  d = Deferred<int>();
  EXPECT_EQ(recorder.unhandled_count(), 1u);  // not again at the source
}

TEST(DeferredThenHandOn, ADroppedResultLeavesTheFailureOnTheSource) {
  FailureRecorder recorder;
  {
    Deferred<int> d;
    static_cast<void>(d.then([](int v) { return v; }));
    d.errback(BoomError());
    ASSERT_TRUE(d.result()->failed());
    EXPECT_EQ(recorder.unhandled_count(), 0u);
  }
  EXPECT_EQ(recorder.unhandled_messages(), (Messages{"boom"}));  // once, at the source
}

TEST(DeferredThenHandOn, ForADroppedResultTheFunctionStillRunsAndItsFailureStaysOnTheSource) {
  FailureRecorder recorder;
  bool ran = false;
  {
    Deferred<int> d;
    static_cast<void>(d.then([&](int) -> long {
      ran = true;
      throw BoomError();
    }));
    d.callback(1);
    EXPECT_TRUE(ran);  // a callback on the source, as in Twisted
    ASSERT_TRUE(d.result()->failed());
  }
  EXPECT_EQ(recorder.unhandled_messages(), (Messages{"boom"}));
}

TEST(DeferredThenHandOn, AReturnedDeferredWhoseResultIsDroppedKeepsItsOwnOutcome) {
  FailureRecorder recorder;
  Deferred<int> d;
  Deferred<std::string> inner;
  {
    static_cast<void>(d.then([&](int) { return inner; }));
  }
  d.callback(1);
  inner.errback(BoomError());
  EXPECT_TRUE(inner.result()->failed());
  EXPECT_EQ(recorder.unhandled_count(), 0u);  // still held by `inner`
  inner = Deferred<std::string>();
  EXPECT_EQ(recorder.unhandled_messages(), (Messages{"boom"}));
}

// ---- Lifetimes ------------------------------------------------------------------------------

TEST(DeferredThenLifetime, DroppingEveryHandleOfAPendingPairFreesBoth) {
  LifetimeCounter counter;
  {
    Deferred<int> d;
    Deferred<int> r = d.then([token = counter.token()](int v) { return v; });
    r.add_callback([token = counter.token()](int v) { return v; });
  }
  EXPECT_EQ(counter.alive(), 0);
}

TEST(DeferredThenLifetime, DroppingEveryHandleWhileWaitingOnTheInnerDeferredFreesAll) {
  LifetimeCounter counter;
  {
    Deferred<int> d;
    Deferred<int> inner;
    inner.add_callback([token = counter.token()](int v) { return v; });
    Deferred<int> r = d.then([inner, token = counter.token()](int) { return inner; });
    r.add_callback([token = counter.token()](int v) { return v; });
    d.callback(1);
  }
  EXPECT_EQ(counter.alive(), 0);
}

TEST(DeferredThenLifetime, AFiredPairKeepsNothingAlive) {
  LifetimeCounter counter;
  Deferred<int> d;
  Deferred<int> inner;
  Deferred<int> r = d.then([inner, token = counter.token()](int) { return inner; });
  r.add_callback([token = counter.token()](int v) { return v; });
  d.callback(1);
  inner.callback(2);
  EXPECT_EQ(r.result()->value(), 2);
  EXPECT_EQ(counter.alive(), 0);  // every level ran and was released
}

TEST(DeferredThenLifetime, TheResultHoldsTheSourceSoThatItCanCancelIt) {
  int cancels = 0;
  Deferred<int> r = Deferred<int>([&](Deferred<int>&) { ++cancels; }).then([](int v) { return v; });
  r.cancel();
  EXPECT_EQ(cancels, 1);
  EXPECT_TRUE(r.result()->failure().check<CancelledError>());
  r.add_errback([](Failure) { return 0; });
}

}  // namespace
}  // namespace tasker
