#include "core/deferred/asio_clock.hpp"

#include <boost/asio/io_context.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tasker {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::ElementsAre;

// Generous: every io.run_for here returns as soon as the io_context runs out of work, long
// before this, unless the clock is broken.
constexpr auto kDeadline = seconds(10);

class AsioClockTest : public ::testing::Test {
 protected:
  // Runs the io_context until it is out of work (or the deadline); returns how long it took.
  Duration run() {
    const auto start = std::chrono::steady_clock::now();
    io_.restart();
    io_.run_for(kDeadline);
    return std::chrono::steady_clock::now() - start;
  }

  boost::asio::io_context io_;
};

TEST_F(AsioClockTest, NowFollowsSteadyClock) {
  AsioClock clock(io_);
  const Duration before = std::chrono::steady_clock::now().time_since_epoch();
  const Duration now = clock.now();
  const Duration after = std::chrono::steady_clock::now().time_since_epoch();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

TEST_F(AsioClockTest, RunsACallAfterItsDelay) {
  AsioClock clock(io_);
  const Duration start = clock.now();
  Duration ran_at{-1};
  const auto call = clock.call_later(milliseconds(20), [&] { ran_at = clock.now(); });
  EXPECT_TRUE(call->active());
  EXPECT_LT(ran_at, Duration::zero()) << "must not run inside call_later";

  run();
  EXPECT_GE(ran_at - start, milliseconds(20));
  EXPECT_FALSE(call->active());
}

TEST_F(AsioClockTest, CancelPreventsTheCall) {
  AsioClock clock(io_);
  std::vector<std::string> log;
  const auto cancelled = clock.call_later(milliseconds(10), [&] { log.push_back("cancelled"); });
  clock.call_later(milliseconds(30), [&] { log.push_back("kept"); });
  cancelled->cancel();
  EXPECT_FALSE(cancelled->active());
  run();
  EXPECT_THAT(log, ElementsAre("kept"));
  cancelled->cancel();  // no-op once inactive
}

TEST_F(AsioClockTest, CancellingEverythingLetsAnIdleRunReturn) {
  AsioClock clock(io_);
  bool ran = false;
  const auto call = clock.call_later(std::chrono::hours(1), [&] { ran = true; });
  call->cancel();
  EXPECT_LT(run(), seconds(5)) << "a cancelled call must not keep the io_context busy";
  EXPECT_FALSE(ran);
}

TEST_F(AsioClockTest, RunsCallsInDueOrderThenSchedulingOrder) {
  AsioClock clock(io_);
  std::vector<std::string> log;
  clock.call_later(milliseconds(30), [&] { log.push_back("30ms"); });
  clock.call_later(milliseconds(10), [&] { log.push_back("10ms"); });
  for (int i = 0; i < 5; ++i) {
    clock.call_later(Duration::zero(), [&log, i] { log.push_back("zero" + std::to_string(i)); });
  }
  clock.call_later(milliseconds(-5), [&] { log.push_back("negative"); });
  run();
  EXPECT_THAT(log,
              ElementsAre("zero0", "zero1", "zero2", "zero3", "zero4", "negative", "10ms", "30ms"));
}

TEST_F(AsioClockTest, ACallMayScheduleAnother) {
  AsioClock clock(io_);
  int runs = 0;
  std::function<void()> again = [&] {
    if (++runs < 3) {
      clock.call_later(milliseconds(1), again);
    }
  };
  clock.call_later(milliseconds(1), again);
  run();
  EXPECT_EQ(runs, 3);
}

TEST_F(AsioClockTest, AnEarlierCallScheduledLaterStillRunsFirst) {
  AsioClock clock(io_);
  std::vector<std::string> log;
  clock.call_later(seconds(1), [&] { log.push_back("late"); });
  clock.call_later(milliseconds(5), [&] { log.push_back("early"); });
  run();
  EXPECT_THAT(log, ElementsAre("early", "late"));
}

TEST_F(AsioClockTest, DestroyingTheClockCancelsPendingCalls) {
  auto clock = std::make_unique<AsioClock>(io_);
  bool ran = false;
  const auto call = clock->call_later(milliseconds(5), [&] { ran = true; });
  clock.reset();
  EXPECT_FALSE(call->active());
  EXPECT_LT(run(), seconds(5));
  EXPECT_FALSE(ran);
  call->cancel();  // the handle outlives the clock harmlessly
}

TEST_F(AsioClockTest, ACallMayDestroyTheClock) {
  auto clock = std::make_unique<AsioClock>(io_);
  std::vector<std::string> log;
  clock->call_later(milliseconds(5), [&] {
    log.push_back("destroyer");
    clock.reset();
  });
  const auto survivor = clock->call_later(milliseconds(5), [&] { log.push_back("survivor"); });
  run();
  EXPECT_THAT(log, ElementsAre("destroyer"));
  EXPECT_FALSE(survivor->active());
}

TEST_F(AsioClockTest, AThrowingCallPropagatesAndTheClockKeepsWorking) {
  AsioClock clock(io_);
  bool ran = false;
  clock.call_later(milliseconds(1), [] { throw std::runtime_error("boom"); });
  clock.call_later(milliseconds(20), [&] { ran = true; });
  io_.restart();
  EXPECT_THROW(io_.run_for(kDeadline), std::runtime_error);
  EXPECT_FALSE(ran);
  run();
  EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace tasker
