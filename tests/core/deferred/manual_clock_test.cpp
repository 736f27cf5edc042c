#include "tests/support/manual_clock.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tasker {
namespace {

using std::chrono::seconds;
using ::testing::ElementsAre;

// Shared state a test's calls append to, so the order they ran in can be checked.
struct Log {
  std::vector<std::string> entries;
  std::function<void()> add(std::string entry) {
    return [this, entry = std::move(entry)] { entries.push_back(entry); };
  }
};

TEST(ManualClock, StartsAtZeroAndOnlyMovesWhenAdvanced) {
  ManualClock clock;
  EXPECT_EQ(clock.now(), Duration::zero());
  clock.advance(seconds(3));
  EXPECT_EQ(clock.now(), seconds(3));
  clock.advance(Duration::zero());
  EXPECT_EQ(clock.now(), seconds(3));
}

TEST(ManualClock, RunsACallOnlyOnceItIsDue) {
  ManualClock clock;
  int runs = 0;
  const auto call = clock.call_later(seconds(2), [&runs] { ++runs; });
  EXPECT_TRUE(call->active());
  EXPECT_EQ(clock.pending_count(), 1U);

  clock.advance(seconds(1));
  EXPECT_EQ(runs, 0);
  EXPECT_TRUE(call->active());

  clock.advance(seconds(1));  // due exactly now: runs
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(call->active());
  EXPECT_EQ(clock.pending_count(), 0U);

  clock.advance(seconds(10));
  EXPECT_EQ(runs, 1);
}

TEST(ManualClock, NeverRunsInsideCallLater) {
  ManualClock clock;
  int runs = 0;
  clock.call_later(Duration::zero(), [&runs] { ++runs; });
  EXPECT_EQ(runs, 0);
  clock.advance(Duration::zero());
  EXPECT_EQ(runs, 1);
}

TEST(ManualClock, NegativeDelayCountsAsZero) {
  ManualClock clock;
  clock.advance(seconds(5));
  Log log;
  clock.call_later(seconds(-3), log.add("negative"));
  clock.call_later(Duration::zero(), log.add("zero"));
  EXPECT_EQ(clock.next_due(), seconds(5));
  clock.advance(Duration::zero());
  // Both due at 5s, so scheduling order decides.
  EXPECT_THAT(log.entries, ElementsAre("negative", "zero"));
}

TEST(ManualClock, RunsDueCallsInTimeOrderThenSchedulingOrder) {
  ManualClock clock;
  Log log;
  clock.call_later(seconds(3), log.add("c@3"));
  clock.call_later(seconds(1), log.add("a@1"));
  clock.call_later(seconds(2), log.add("b1@2"));
  clock.call_later(seconds(2), log.add("b2@2"));
  clock.call_later(seconds(1), log.add("a2@1"));
  clock.advance(seconds(10));
  EXPECT_THAT(log.entries, ElementsAre("a@1", "a2@1", "b1@2", "b2@2", "c@3"));
}

TEST(ManualClock, NowReadsTheNewTimeWhileCallsRun) {
  // As Twisted's Clock.advance: time jumps first, then the due calls run.
  ManualClock clock;
  std::vector<Duration> seen;
  clock.call_later(seconds(1), [&] { seen.push_back(clock.now()); });
  clock.call_later(seconds(4), [&] { seen.push_back(clock.now()); });
  clock.advance(seconds(5));
  EXPECT_THAT(seen, ElementsAre(seconds(5), seconds(5)));
}

TEST(ManualClock, CancelPreventsTheCallAndReleasesItsFunction) {
  ManualClock clock;
  auto token = std::make_shared<int>(0);
  const std::weak_ptr<int> watch = token;
  int runs = 0;
  const auto call = clock.call_later(seconds(1), [&runs, token = std::move(token)] { ++runs; });
  ASSERT_FALSE(watch.expired());

  call->cancel();
  EXPECT_FALSE(call->active());
  EXPECT_TRUE(watch.expired()) << "a cancelled call must not keep its captures alive";
  EXPECT_EQ(clock.pending_count(), 0U);

  clock.advance(seconds(5));
  EXPECT_EQ(runs, 0);
}

TEST(ManualClock, CancelIsANoOpOnceInactive) {
  ManualClock clock;
  int runs = 0;
  const auto call = clock.call_later(seconds(1), [&runs] { ++runs; });
  call->cancel();
  call->cancel();
  EXPECT_FALSE(call->active());

  const auto ran = clock.call_later(seconds(1), [&runs] { ++runs; });
  clock.advance(seconds(1));
  EXPECT_EQ(runs, 1);
  ran->cancel();  // already ran: nothing to do
  EXPECT_FALSE(ran->active());
  EXPECT_EQ(runs, 1);
}

TEST(ManualClock, DroppedHandleStillRuns) {
  ManualClock clock;
  int runs = 0;
  (void)clock.call_later(seconds(1), [&runs] { ++runs; });
  clock.advance(seconds(1));
  EXPECT_EQ(runs, 1);
}

TEST(ManualClock, CallIsInactiveWhileItRuns) {
  ManualClock clock;
  std::shared_ptr<DelayedCall> call;
  bool active_inside = true;
  call = clock.call_later(seconds(1), [&] {
    active_inside = call->active();
    call->cancel();  // cancelling itself while running is a no-op
  });
  clock.advance(seconds(1));
  EXPECT_FALSE(active_inside);
}

TEST(ManualClock, CallsScheduledDuringAdvanceThatAreAlreadyDueRunInTheSameAdvance) {
  // Twisted's Clock.advance loops until nothing is due, so calls that a running call schedules
  // run in the same advance if they are due by the new now().
  ManualClock clock;
  Log log;
  clock.call_later(seconds(1), [&] {
    log.entries.push_back("first");
    clock.call_later(Duration::zero(), log.add("zero-delay"));
    clock.call_later(seconds(2), log.add("two-later"));
    clock.call_later(seconds(10), log.add("too-late"));
  });
  clock.call_later(seconds(4), log.add("at-4"));
  clock.advance(seconds(5));
  // The new calls are due at now() + delay with now() = 5s, so zero-delay (5s) sorts after at-4,
  // and two-later (7s) and too-late (15s) wait.
  EXPECT_THAT(log.entries, ElementsAre("first", "at-4", "zero-delay"));
  EXPECT_EQ(clock.pending_count(), 2U);
  clock.advance(seconds(2));
  EXPECT_THAT(log.entries, ElementsAre("first", "at-4", "zero-delay", "two-later"));
}

TEST(ManualClock, ARescheduleChainRunsWithinOneAdvance) {
  ManualClock clock;
  int runs = 0;
  std::function<void()> again = [&] {
    if (++runs < 5) {
      clock.call_later(Duration::zero(), again);
    }
  };
  clock.call_later(seconds(1), again);
  clock.advance(seconds(1));
  EXPECT_EQ(runs, 5);
  EXPECT_EQ(clock.pending_count(), 0U);
}

TEST(ManualClock, ACallMayCancelALaterOne) {
  ManualClock clock;
  Log log;
  std::shared_ptr<DelayedCall> victim;
  clock.call_later(seconds(1), [&] {
    log.entries.push_back("canceller");
    victim->cancel();
  });
  victim = clock.call_later(seconds(1), log.add("victim"));
  clock.advance(seconds(1));
  EXPECT_THAT(log.entries, ElementsAre("canceller"));
}

TEST(ManualClock, PumpAdvancesStepByStep) {
  ManualClock clock;
  std::vector<Duration> seen;
  clock.call_later(seconds(1), [&] { seen.push_back(clock.now()); });
  clock.call_later(seconds(3), [&] { seen.push_back(clock.now()); });
  clock.pump({seconds(2), seconds(2)});
  EXPECT_THAT(seen, ElementsAre(seconds(2), seconds(4)));
}

TEST(ManualClock, AdvanceRejectsNegativeAmounts) {
  ManualClock clock;
  EXPECT_THROW(clock.advance(seconds(-1)), std::invalid_argument);
  EXPECT_EQ(clock.now(), Duration::zero());
}

TEST(ManualClock, AThrowingCallLeavesTheRestScheduled) {
  ManualClock clock;
  int runs = 0;
  clock.call_later(seconds(1), [] { throw std::runtime_error("boom"); });
  clock.call_later(seconds(2), [&runs] { ++runs; });
  EXPECT_THROW(clock.advance(seconds(2)), std::runtime_error);
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(clock.pending_count(), 1U);
  clock.advance(Duration::zero());
  EXPECT_EQ(runs, 1);
}

TEST(ManualClock, HugeDelaySaturatesInsteadOfOverflowing) {
  ManualClock clock;
  clock.advance(seconds(1));
  int runs = 0;
  clock.call_later(Duration::max(), [&runs] { ++runs; });
  EXPECT_EQ(clock.next_due(), Duration::max());
  clock.advance(seconds(1000));
  EXPECT_EQ(runs, 0);
}

TEST(ManualClock, HandlesOutliveTheClockAsInactive) {
  std::shared_ptr<DelayedCall> call;
  auto token = std::make_shared<int>(0);
  const std::weak_ptr<int> watch = token;
  {
    ManualClock clock;
    call = clock.call_later(seconds(1), [token = std::move(token)] {});
  }
  EXPECT_FALSE(call->active());
  EXPECT_TRUE(watch.expired());
  call->cancel();  // no clock any more: harmless
}

}  // namespace
}  // namespace tasker
