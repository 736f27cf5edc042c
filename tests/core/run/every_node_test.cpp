// EveryNode (tasker every) on a ManualClock and a FakeSpawner: the schedule,
// overrun skipping, and each stopping rule of docs/behaviour.md "every", deterministically.

#include "core/run/every_node.hpp"

#include "core/run/command_node.hpp"
#include "tests/support/failure_recorder.hpp"
#include "tests/support/fake_spawner.hpp"
#include "tests/support/manual_clock.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tasker {
namespace {

using namespace std::chrono_literals;

class NullListener final : public NodeListener {
 public:
  void on_task_output(const Task&, OutputStream, std::string_view) override {}
  void on_task_end(const Task&) override {}
};

struct RunSeen {
  std::size_t n;
  std::size_t tick;
  std::size_t skipped_before;
  Duration scheduled;
  Duration started;
  TaskState state;
};

struct EveryOptions {
  spec::Every every;
  TaskOptions task;
};

class EveryNodeTest : public ::testing::Test {
 protected:
  void make(const EveryOptions& options) {
    CommandSpec run;
    run.command = "check";
    run.task = options.task;
    loop_ = std::make_unique<EveryNode>(
        "every", "", options.every,
        [run](std::size_t n, const std::string&) {
          return std::make_unique<CommandNode>(fmt::format("#{}", n + 1), "", run);
        },
        [this](const Node& node, const Tick& tick) {
          const Task& task = *static_cast<const CommandNode&>(node).task();
          runs.push_back({tick.n, tick.tick, tick.skipped_before, tick.scheduled,
                          *task.started_at(), task.state()});
        });
  }
  Deferred<StepValue> start(const EveryOptions& options) {
    make(options);
    Deferred<StepValue> d = loop_->start(context, StepInput{});
    d.add_errback([this](Failure f) { failure = f; });
    return d;
  }
  // Ends the latest process with `exit`, then lets the loop's zero-delay calls run.
  void finish_latest(ProcessExit exit) {
    spawner.finish(spawner.spawned() - 1, exit);
    clock.advance(0s);
  }
  [[nodiscard]] int failure_status() const { return facts_of(*failure).status; }

  FailureRecorder recorder;
  ManualClock clock;
  FakeSpawner spawner;
  NullListener listener;
  RunContext context{clock, spawner, listener, ProcessOptions{}, std::nullopt};
  std::unique_ptr<EveryNode> loop_;
  std::vector<RunSeen> runs;
  std::optional<Failure> failure;
};

EveryOptions every(Duration interval) {
  EveryOptions options;
  options.every.interval = interval;
  return options;
}

TEST_F(EveryNodeTest, RunsAtOnceThenOnAFixedGrid) {
  start(every(10s));
  ASSERT_EQ(spawner.spawned(), 1u);
  clock.advance(3s);
  finish_latest(ProcessExit::exited(0));  // run 1 took 3 s: run 2 is still due at 10 s
  clock.advance(6s);
  EXPECT_EQ(spawner.spawned(), 1u);
  clock.advance(1s);
  ASSERT_EQ(spawner.spawned(), 2u);
  finish_latest(ProcessExit::exited(0));
  clock.advance(10s);
  EXPECT_EQ(spawner.spawned(), 3u);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].tick, 1u);
  EXPECT_EQ(runs[1].scheduled, 10s);
  EXPECT_EQ(runs[1].started, 10s);
  EXPECT_EQ(spawner.process(0).command, "check");
}

TEST_F(EveryNodeTest, NoNowWaitsOneIntervalForTheFirstRun) {
  EveryOptions options = every(5s);
  options.every.now = false;
  start(options);
  EXPECT_EQ(spawner.spawned(), 0u);
  clock.advance(5s);
  EXPECT_EQ(spawner.spawned(), 1u);
  finish_latest(ProcessExit::exited(0));
  EXPECT_EQ(runs[0].tick, 1u);
}

TEST_F(EveryNodeTest, OverrunSkipsTheMissedTicksAndCountsThem) {
  start(every(1s));
  clock.advance(2500ms);
  finish_latest(ProcessExit::exited(0));  // ticks 1 and 2 passed during the run
  EXPECT_EQ(spawner.spawned(), 1u);
  clock.advance(500ms);
  ASSERT_EQ(spawner.spawned(), 2u);  // no catch-up burst: one run, at tick 3
  finish_latest(ProcessExit::exited(0));
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].tick, 3u);
  EXPECT_EQ(runs[1].skipped_before, 2u);
  EXPECT_EQ(loop_->skipped_ticks(), 2u);
}

TEST_F(EveryNodeTest, CountStopsAfterThatManyRuns) {
  EveryOptions options = every(1s);
  options.every.count = 2;
  auto d = start(options);
  finish_latest(ProcessExit::exited(0));
  clock.advance(1s);
  EXPECT_FALSE(d.called());  // the second run is in flight: it finishes first
  finish_latest(ProcessExit::exited(0));
  EXPECT_TRUE(d.result()->succeeded());
  EXPECT_EQ(loop_->end_reason(), EndReason::count);
  clock.advance(10s);
  EXPECT_EQ(spawner.spawned(), 2u);
}

TEST_F(EveryNodeTest, FailedRunStopsTheLoopWithItsFailure) {
  auto d = start(every(1s));
  finish_latest(ProcessExit::exited(3));
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure_status(), 3);
  EXPECT_EQ(loop_->end_reason(), EndReason::failure);
  clock.advance(10s);
  EXPECT_EQ(spawner.spawned(), 1u);
}

TEST_F(EveryNodeTest, ForStopsWhileIdleAtOnce) {
  EveryOptions options = every(10s);
  options.every.run_for = 15s;
  auto d = start(options);
  finish_latest(ProcessExit::exited(0));
  clock.advance(10s);
  finish_latest(ProcessExit::exited(0));
  clock.advance(5s);
  EXPECT_TRUE(d.result()->succeeded());
  EXPECT_EQ(loop_->end_reason(), EndReason::duration);
}

TEST_F(EveryNodeTest, ForLetsTheRunInFlightFinishAndSucceed) {
  EveryOptions options = every(10s);
  options.every.run_for = 5s;
  auto d = start(options);
  clock.advance(5s);
  EXPECT_FALSE(d.called());  // F8: only the flag is set
  EXPECT_EQ(spawner.process(0).cancels, 0);
  finish_latest(ProcessExit::exited(0));
  EXPECT_TRUE(d.result()->succeeded());
  EXPECT_EQ(loop_->end_reason(), EndReason::duration);
}

TEST_F(EveryNodeTest, ForRunInFlightThatFailsStillFailsTheLoop) {
  EveryOptions options = every(10s);
  options.every.run_for = 5s;
  auto d = start(options);
  clock.advance(5s);
  finish_latest(ProcessExit::exited(4));
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure_status(), 4);
}

TEST_F(EveryNodeTest, UntilSuccessGoesOnThroughFailuresAndStopsAtTheFirstSuccess) {
  EveryOptions options = every(1s);
  options.every.until_success = true;
  auto d = start(options);
  finish_latest(ProcessExit::exited(1));
  clock.advance(1s);
  finish_latest(ProcessExit::exited(1));
  clock.advance(1s);
  EXPECT_FALSE(d.called());
  finish_latest(ProcessExit::exited(0));
  EXPECT_TRUE(d.result()->succeeded());
  EXPECT_EQ(loop_->end_reason(), EndReason::until_success);
  EXPECT_EQ(runs.size(), 3u);
}

TEST_F(EveryNodeTest, KeepGoingEndsAfterMaxFailuresInARow) {
  EveryOptions options = every(1s);
  options.every.keep_going = true;
  options.every.max_failures = 2;
  auto d = start(options);
  finish_latest(ProcessExit::exited(1));
  clock.advance(1s);
  finish_latest(ProcessExit::exited(0));  // resets the streak
  clock.advance(1s);
  finish_latest(ProcessExit::exited(1));
  clock.advance(1s);
  EXPECT_FALSE(d.called());
  finish_latest(ProcessExit::exited(5));
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure_status(), 5);
  EXPECT_EQ(loop_->end_reason(), EndReason::max_failures);
}

TEST_F(EveryNodeTest, KeepGoingWithoutALimitNeverStopsOnFailures) {
  EveryOptions options = every(1s);
  options.every.keep_going = true;
  options.every.count = 3;
  auto d = start(options);
  for (int i = 0; i < 3; ++i) {
    finish_latest(ProcessExit::exited(1));
    clock.advance(1s);
  }
  EXPECT_TRUE(d.result()->succeeded());
  EXPECT_EQ(runs.size(), 3u);
}

TEST_F(EveryNodeTest, IntervalZeroRunsBackToBackAfterEachRunEnds) {
  EveryOptions options = every(0s);
  options.every.count = 3;
  auto d = start(options);
  EXPECT_EQ(spawner.spawned(), 1u);
  finish_latest(ProcessExit::exited(0));
  EXPECT_EQ(spawner.spawned(), 2u);
  finish_latest(ProcessExit::exited(0));
  finish_latest(ProcessExit::exited(0));
  EXPECT_EQ(spawner.spawned(), 3u);
  EXPECT_TRUE(d.result()->succeeded());
}

TEST_F(EveryNodeTest, InterruptCancelsTheRunInFlightAndStartsNoOther) {
  auto d = start(every(1s));
  loop_->interrupt();
  EXPECT_EQ(spawner.process(0).cancels, 1);
  EXPECT_TRUE(d.called());
  EXPECT_EQ(loop_->end_reason(), EndReason::interrupted);
  finish_latest(ProcessExit::killed(15));
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].state, TaskState::cancelled);
  clock.advance(10s);
  EXPECT_EQ(spawner.spawned(), 1u);
}

TEST_F(EveryNodeTest, InterruptWhileIdleStopsAtOnce) {
  auto d = start(every(1s));
  finish_latest(ProcessExit::exited(0));
  loop_->interrupt();
  EXPECT_TRUE(d.result()->succeeded());
  EXPECT_EQ(loop_->end_reason(), EndReason::interrupted);
}

TEST_F(EveryNodeTest, TimeoutPerRunFailsTheRunWith124) {
  EveryOptions options = every(10s);
  options.task.timeout = 2s;
  start(options);
  clock.advance(2s);
  EXPECT_EQ(spawner.process(0).cancels, 1);
  finish_latest(ProcessExit::killed(15));
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure_status(), 124);
  EXPECT_EQ(runs[0].state, TaskState::timed_out);
}

// Tearing the loop down while it runs (between runs, a --for deadline
// pending) must call nothing back into it: its members are being destroyed.
TEST_F(EveryNodeTest, DestroyingARunningLoopCallsNothingBackIntoIt) {
  EveryOptions options = every(10s);
  options.every.run_for = 60s;
  auto d = start(options);
  finish_latest(ProcessExit::exited(0));
  loop_.reset();
  EXPECT_FALSE(d.called());
  EXPECT_EQ(clock.pending_count(), 0u);
}

}  // namespace
}  // namespace tasker
