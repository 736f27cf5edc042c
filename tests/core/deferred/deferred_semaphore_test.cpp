// DeferredSemaphore, rules G1 and G2 of docs/rules.md. Synchronous: tasks are
// Deferreds the test fires by hand. Event orders marked "Twisted 22.4" were
// checked against defer.DeferredSemaphore with /usr/bin/python3.

#include "core/deferred/deferred_semaphore.hpp"

#include "tests/support/failure_recorder.hpp"
#include "tests/support/lifetime_counter.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tasker {
namespace {

struct BoomError : std::runtime_error {
  BoomError() : std::runtime_error("boom") {}
};

/// Tasks whose Deferreds the test completes by hand, logging what happens.
struct Tasks {
  std::vector<std::string> log;
  std::map<std::string, Deferred<int>> pending;

  /// A task function: logs its start and returns a Deferred whose canceller logs.
  auto task(const std::string& name) {
    return [this, name] {
      log.push_back("start " + name);
      Deferred<int> d([this, name](Deferred<int>&) { log.push_back("canceller " + name); });
      pending.emplace(name, d);
      return d;
    };
  }

  /// Logs how `d` ends, without changing it.
  void watch(Deferred<int>& d, const std::string& name) {
    d.add_both([this, name](Outcome<int> o) {
      if (o.failed()) {
        log.push_back("done " + name +
                      (o.failure().check<CancelledError>() ? " cancelled" : " failed"));
      } else {
        log.push_back("done " + name + " " + std::to_string(o.value()));
      }
      return o;
    });
  }
};

using Log = std::vector<std::string>;

// ---- G1: tokens, FIFO, run(), release() -----------------------------------------------------

TEST(DeferredSemaphoreG1, ZeroTokensThrowsInvalidArgument) {
  EXPECT_THROW(DeferredSemaphore(0), std::invalid_argument);
  DeferredSemaphore sem(3);
  EXPECT_EQ(sem.tokens(), 3u);
  EXPECT_EQ(sem.limit(), 3u);
  EXPECT_EQ(sem.waiting(), 0u);
}

TEST(DeferredSemaphoreG1, AcquireTakesAFreeTokenAtOnceAndQueuesInFifoOrder) {
  DeferredSemaphore sem(1);
  Deferred<Nothing> first = sem.acquire();
  EXPECT_TRUE(first.called());
  EXPECT_EQ(sem.tokens(), 0u);

  std::vector<int> order;
  Deferred<Nothing> second = sem.acquire();
  Deferred<Nothing> third = sem.acquire();
  second.add_callback([&](Nothing) { order.push_back(2); });
  third.add_callback([&](Nothing) { order.push_back(3); });
  EXPECT_EQ(sem.waiting(), 2u);

  sem.release();
  EXPECT_EQ(order, (std::vector<int>{2}));
  sem.release();
  EXPECT_EQ(order, (std::vector<int>{2, 3}));
  EXPECT_EQ(sem.tokens(), 0u);
  sem.release();
  EXPECT_EQ(sem.tokens(), 1u);
}

TEST(DeferredSemaphoreG1, ReleasingMoreThanAcquiredThrowsLogicError) {
  DeferredSemaphore sem(2);
  EXPECT_THROW(sem.release(), std::logic_error);  // Twisted: AssertionError
  EXPECT_EQ(sem.tokens(), 2u);
}

TEST(DeferredSemaphoreG1, CancellingAQueuedAcquireRemovesTheWaiterWithCancelledError) {
  DeferredSemaphore sem(1);
  Deferred<Nothing> held = sem.acquire();
  Deferred<Nothing> a = sem.acquire();
  Deferred<Nothing> b = sem.acquire();
  bool a_cancelled = false;
  a.add_errback([&](Failure f) { a_cancelled = f.check<CancelledError>(); });
  a.cancel();
  EXPECT_TRUE(a_cancelled);
  EXPECT_EQ(sem.waiting(), 1u);
  sem.release();  // goes to b, skipping a
  EXPECT_TRUE(b.called());
  EXPECT_EQ(sem.waiting(), 0u);
}

TEST(DeferredSemaphoreG1, RunCallsFInsideRunWhenATokenIsFree) {
  DeferredSemaphore sem(1);
  bool ran = false;
  Deferred<int> d = sem.run([&] {
    ran = true;
    return 7;
  });
  EXPECT_TRUE(ran);
  EXPECT_EQ(d.result()->value(), 7);
  EXPECT_EQ(sem.tokens(), 1u);  // a synchronous f gives its token straight back
}

TEST(DeferredSemaphoreG1, RunOfAVoidFunctionFiresWithNothing) {
  DeferredSemaphore sem(1);
  Deferred<Nothing> d = sem.run([] {});
  EXPECT_TRUE(d.result()->succeeded());
}

TEST(DeferredSemaphoreG1, AtMostLimitTasksRunAtOnceAndTheRestStartInOrder) {
  DeferredSemaphore sem(2);
  Tasks t;
  std::vector<Deferred<int>> ds;
  for (const char* name : {"a", "b", "c", "d"}) {
    ds.push_back(sem.run(t.task(name)));
  }
  EXPECT_EQ(t.log, (Log{"start a", "start b"}));
  EXPECT_EQ(sem.waiting(), 2u);

  t.pending.at("b").callback(2);
  EXPECT_EQ(t.log, (Log{"start a", "start b", "start c"}));
  t.pending.at("a").callback(1);
  EXPECT_EQ(t.log, (Log{"start a", "start b", "start c", "start d"}));
  t.pending.at("c").callback(3);
  t.pending.at("d").callback(4);
  EXPECT_EQ(sem.tokens(), 2u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(ds[i].result()->value(), i + 1);
  }
}

TEST(DeferredSemaphoreG1, FailureReleasesTheTokenAndPropagates) {
  FailureRecorder recorder;
  DeferredSemaphore sem(1);
  Deferred<int> d = sem.run([]() -> int { throw BoomError(); });
  EXPECT_EQ(sem.tokens(), 1u);
  ASSERT_TRUE(d.result().has_value());
  EXPECT_TRUE(d.result()->failure().check<BoomError>());

  Deferred<int> inner;
  Failure failure = Failure::of(BoomError());
  Deferred<int> d2 = sem.run([&] { return inner; });
  EXPECT_EQ(sem.tokens(), 0u);
  inner.errback(failure);
  EXPECT_EQ(sem.tokens(), 1u);
  EXPECT_TRUE(d2.result()->failure() == failure);  // the very same Failure

  d.add_errback([](Failure) { return 0; });
  d2.add_errback([](Failure) { return 0; });
  EXPECT_EQ(recorder.unhandled_count(), 0u);  // f's own Deferred handed the failure on
}

// Twisted 22.4: the next queued f starts inside the previous task's
// callback(), before the previous run() Deferred's own callbacks run.
TEST(DeferredSemaphoreG1, ReleaseStartsTheNextQueuedTaskBeforeThePreviousResultIsDelivered) {
  DeferredSemaphore sem(1);
  Tasks t;
  Deferred<int> a = sem.run(t.task("a"));
  Deferred<int> b = sem.run(t.task("b"));
  t.watch(a, "a");
  t.watch(b, "b");
  t.pending.at("a").callback(1);
  EXPECT_EQ(t.log, (Log{"start a", "start b", "done a 1"}));
}

// ---- G2: cancelling run() Deferreds ---------------------------------------------------------

TEST(DeferredSemaphoreG2, CancelWhileQueuedRemovesTheWaiterAndFNeverRuns) {
  DeferredSemaphore sem(1);
  Tasks t;
  Deferred<int> a = sem.run(t.task("a"));
  Deferred<int> b = sem.run(t.task("b"));
  Deferred<int> c = sem.run(t.task("c"));
  t.watch(b, "b");
  b.cancel();
  EXPECT_EQ(sem.waiting(), 1u);
  t.pending.at("a").callback(1);  // the token goes to c, not b
  EXPECT_EQ(t.log, (Log{"start a", "done b cancelled", "start c"}));
  EXPECT_EQ(t.pending.count("b"), 0u);
  t.pending.at("c").callback(3);
  EXPECT_EQ(sem.tokens(), 1u);
}

TEST(DeferredSemaphoreG2, CancelWhileRunningIsForwardedToFsDeferred) {
  DeferredSemaphore sem(1);
  Tasks t;
  Deferred<int> a = sem.run(t.task("a"));
  t.watch(a, "a");
  a.cancel();
  EXPECT_EQ(t.log, (Log{"start a", "canceller a", "done a cancelled"}));
  // The CancelledError was handed on to the run's Deferred, leaving None (A9).
  EXPECT_TRUE(t.pending.at("a").result()->succeeded());
  EXPECT_EQ(sem.tokens(), 1u);
}

// Twisted 22.4, same order: start a, canceller a, start b, done a cancelled.
TEST(DeferredSemaphoreG2, CancellingARunningTaskReleasesItsTokenAndStartsTheNextAtOnce) {
  DeferredSemaphore sem(1);
  Tasks t;
  Deferred<int> a = sem.run(t.task("a"));
  Deferred<int> b = sem.run(t.task("b"));
  t.watch(a, "a");
  t.watch(b, "b");
  a.cancel();
  EXPECT_EQ(t.log, (Log{"start a", "canceller a", "start b", "done a cancelled"}));
  EXPECT_EQ(sem.tokens(), 0u);  // b holds it now
  t.pending.at("b").callback(5);
  EXPECT_EQ(t.log.back(), "done b 5");
  EXPECT_EQ(sem.tokens(), 1u);
}

// What DeferredList::cancel does over run() Deferreds (D10): each queued task
// is started by the previous one's release, then cancelled straight away.
// Twisted 22.4: start x, canceller x, start y, canceller y, start z, canceller z.
TEST(DeferredSemaphoreG2, CancellingEveryTaskInOrderStartsEachQueuedOneThenCancelsIt) {
  DeferredSemaphore sem(1);
  Tasks t;
  std::vector<Deferred<int>> ds;
  for (const char* name : {"x", "y", "z"}) {
    ds.push_back(sem.run(t.task(name)));
  }
  for (auto& d : ds) {
    d.cancel();
  }
  EXPECT_EQ(t.log,
            (Log{"start x", "canceller x", "start y", "canceller y", "start z", "canceller z"}));
  for (auto& d : ds) {
    EXPECT_TRUE(d.result()->failure().check<CancelledError>());
  }
  EXPECT_EQ(sem.tokens(), 1u);
  EXPECT_EQ(sem.waiting(), 0u);
}

TEST(DeferredSemaphoreG2, WhateverFsCancellerFiresBecomesTheRunResult) {
  DeferredSemaphore sem(1);
  Deferred<int> d =
      sem.run([] { return Deferred<int>([](Deferred<int>& self) { self.callback(9); }); });
  d.cancel();
  EXPECT_EQ(d.result()->value(), 9);  // C3: no CancelledError
  EXPECT_EQ(sem.tokens(), 1u);
}

TEST(DeferredSemaphoreG2, AResultNobodyWaitsForDoesNotStopQueuedTasks) {
  DeferredSemaphore sem(1);
  Tasks t;
  Deferred<int> a = sem.run(t.task("a"));
  { Deferred<int> b = sem.run(t.task("b")); }  // handle dropped while queued
  t.pending.at("a").callback(1);
  EXPECT_EQ(t.log, (Log{"start a", "start b"}));
  t.pending.at("b").callback(2);
  EXPECT_EQ(sem.tokens(), 1u);
}

// ---- Lifetimes ------------------------------------------------------------------------------

TEST(DeferredSemaphoreLifetime, CancellingAQueuedRunDestroysF) {
  LifetimeCounter counter;
  DeferredSemaphore sem(1);
  Deferred<Nothing> held = sem.acquire();
  Deferred<int> d = sem.run([token = counter.token()] { return 1; });
  EXPECT_EQ(counter.alive(), 1);
  d.cancel();
  EXPECT_EQ(counter.alive(), 0);
}

TEST(DeferredSemaphoreLifetime, AFinishedRunKeepsNothingAlive) {
  LifetimeCounter counter;
  DeferredSemaphore sem(1);
  Deferred<int> inner;
  Deferred<int> d = sem.run([&inner, token = counter.token()] { return inner; });
  inner.add_callback([token = counter.token()](int v) { return v; });
  inner.callback(3);
  EXPECT_EQ(d.result()->value(), 3);
  EXPECT_EQ(counter.alive(), 0);
}

TEST(DeferredSemaphoreLifetime, DroppingEveryHandleOfAPendingRunFreesIt) {
  LifetimeCounter counter;
  DeferredSemaphore sem(1);
  {
    Deferred<int> inner;
    Deferred<int> d = sem.run([inner] { return inner; });
    d.add_callback([token = counter.token()](int v) { return v; });
  }
  EXPECT_EQ(counter.alive(), 0);  // no cycle between the run and f's Deferred
}

TEST(DeferredSemaphoreLifetime, DeferredsStaySafeAfterTheSemaphoreIsGone) {
  std::optional<DeferredSemaphore> sem(std::in_place, 1);
  Deferred<int> inner;
  Deferred<int> running = sem->run([&] { return inner; });
  Deferred<int> queued = sem->run([] { return 1; });
  sem.reset();
  queued.cancel();
  EXPECT_TRUE(queued.result()->failure().check<CancelledError>());
  inner.callback(4);  // releases nothing: there is nothing left to release
  EXPECT_EQ(running.result()->value(), 4);
}

TEST(DeferredSemaphoreLifetime, FailureOfARunNobodyHoldsIsReportedOnce) {
  FailureRecorder recorder;
  DeferredSemaphore sem(1);
  Deferred<int> first;
  Deferred<int> held = sem.run([&] { return first; });
  Deferred<int> inner;
  {
    Deferred<int> dropped = sem.run([&] { return inner; });
  }
  first.callback(1);
  inner.errback(BoomError());
  EXPECT_EQ(recorder.unhandled_count(), 0u);  // still held by `inner`
  inner = Deferred<int>();
  EXPECT_EQ(recorder.unhandled_messages(), (std::vector<std::string>{"boom"}));
}

}  // namespace
}  // namespace tasker
