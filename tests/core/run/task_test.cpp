// Task: status numbers, timeout (124), retries with a doubling delay, cancel.
// On a FakeSpawner and a ManualClock: deterministic, no processes, no sleeps.

#include "core/run/task.hpp"

#include "core/input/duration.hpp"
#include "tests/support/failure_recorder.hpp"
#include "tests/support/fake_spawner.hpp"
#include "tests/support/manual_clock.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tasker {
namespace {

using namespace std::chrono_literals;

class RecordingListener final : public TaskListener {
 public:
  void on_task_start(const Task& task) override {
    events.push_back("start " + std::to_string(task.attempts()));
  }
  void on_task_output(const Task&, OutputStream stream, std::string_view bytes) override {
    events.push_back((stream == OutputStream::stdout_stream ? "out " : "err ") +
                     std::string(bytes));
  }
  void on_task_retry(const Task&, Duration delay) override {
    events.push_back("retry in " + std::to_string(delay / 1ms) + "ms");
  }
  void on_task_stopped(const Task&, int signo) override {
    events.push_back("stopped " + std::to_string(signo));
  }
  void on_task_end(const Task& task) override {
    events.push_back("end " + std::string(to_string(task.state())));
  }
  void on_task_waiting_for_process(const Task&, const ProcessExit& failed_start) override {
    events.push_back("wait: " + failed_start.describe());
  }
  std::vector<std::string> events;
};

class TaskTest : public ::testing::Test {
 protected:
  // The task keeps a reference to its options: they live in the fixture.
  Deferred<ProcessExit> start(TaskOptions options = {}) {
    options_ = std::move(options);
    return task.start(spawner, clock, options_, listener);
  }

  FailureRecorder recorder;
  FakeSpawner spawner;
  ManualClock clock;
  RecordingListener listener;
  TaskOptions options_;
  Task task{0, "#0", "make test"};
};

TEST_F(TaskTest, ExitZeroCallsBackWithTheExit) {
  auto d = start();
  EXPECT_EQ(spawner.process(0).command, "make test");
  EXPECT_EQ(task.state(), TaskState::running);
  spawner.finish(0, ProcessExit::exited(0));
  ASSERT_TRUE(d.result()->succeeded());
  EXPECT_EQ(task.state(), TaskState::succeeded);
  EXPECT_EQ(task.status(), 0);
  EXPECT_EQ(listener.events, (std::vector<std::string>{"start 1", "end succeeded"}));
}

TEST_F(TaskTest, ListenerHearsThatTheProcessStopped) {
  auto d = start();
  spawner.stop(0, SIGTTIN);
  EXPECT_EQ(task.state(), TaskState::running);
  spawner.finish(0, ProcessExit::exited(0));
  EXPECT_EQ(listener.events, (std::vector<std::string>{"start 1", "stopped 21", "end succeeded"}));
}

TEST_F(TaskTest, NonZeroExitIsAFailureCarryingTheStatus) {
  auto d = start();
  spawner.finish(0, ProcessExit::exited(3));
  ASSERT_TRUE(d.result()->failed());
  const std::optional<TaskFailed> failed = d.result()->failure().get<TaskFailed>();
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->status(), 3);
  EXPECT_EQ(task.state(), TaskState::failed);
  d.add_errback([](const Failure&) {});
}

TEST_F(TaskTest, DeathBySignalIsStatus128PlusN) {
  auto d = start();
  spawner.finish(0, ProcessExit::killed(15));
  EXPECT_EQ(task.status(), 143);
  d.add_errback([](const Failure&) {});
}

TEST_F(TaskTest, CommandThatCannotStartIsStatus127) {
  auto d = start();
  spawner.finish(0, ProcessExit::not_started("cannot run /nope: No such file or directory"));
  EXPECT_EQ(task.status(), 127);
  EXPECT_EQ(d.result()->failure().what(), "cannot run /nope: No such file or directory");
  d.add_errback([](const Failure&) {});
}

TEST_F(TaskTest, OutputReachesTheListener) {
  auto d = start();
  spawner.write(0, OutputStream::stdout_stream, "hello\n");
  spawner.write(0, OutputStream::stderr_stream, "oops\n");
  spawner.finish(0, ProcessExit::exited(0));
  EXPECT_EQ(listener.events,
            (std::vector<std::string>{"start 1", "out hello\n", "err oops\n", "end succeeded"}));
}

TEST_F(TaskTest, TimeoutCancelsTheProcessAndFailsWith124) {
  TaskOptions options;
  options.timeout = 5s;
  auto d = start(options);
  clock.advance(4s);
  EXPECT_EQ(spawner.process(0).cancels, 0);
  clock.advance(1s);
  EXPECT_EQ(spawner.process(0).cancels, 1);
  EXPECT_FALSE(d.called());  // the task ends when its process is gone
  spawner.finish(0, ProcessExit::killed(15));
  ASSERT_TRUE(d.result()->failed());
  EXPECT_TRUE(d.result()->failure().check<TimeoutError>());
  EXPECT_EQ(task.state(), TaskState::timed_out);
  EXPECT_EQ(task.status(), status::kTimedOut);
  d.add_errback([](const Failure&) {});
}

TEST_F(TaskTest, ProcessEndingBeforeTheTimeoutDisarmsIt) {
  TaskOptions options;
  options.timeout = 5s;
  auto d = start(options);
  spawner.finish(0, ProcessExit::exited(0));
  EXPECT_EQ(clock.pending_count(), 0u);
  EXPECT_TRUE(d.result()->succeeded());
}

TEST_F(TaskTest, RetriesRunAgainWithADoublingDelayBeforeTheFailureCounts) {
  TaskOptions options;
  options.retries = 2;
  options.retry_delay = 100ms;
  auto d = start(options);
  spawner.finish(0, ProcessExit::exited(1));
  EXPECT_FALSE(d.called());
  EXPECT_EQ(spawner.spawned(), 1u);
  clock.advance(100ms);
  ASSERT_EQ(spawner.spawned(), 2u);
  spawner.finish(1, ProcessExit::exited(1));
  clock.advance(199ms);
  EXPECT_EQ(spawner.spawned(), 2u);
  clock.advance(1ms);
  ASSERT_EQ(spawner.spawned(), 3u);
  spawner.finish(2, ProcessExit::exited(4));
  ASSERT_TRUE(d.result()->failed());
  EXPECT_EQ(task.attempts(), 3u);
  EXPECT_EQ(task.status(), 4);
  EXPECT_EQ(listener.events, (std::vector<std::string>{"start 1", "retry in 100ms", "start 2",
                                                       "retry in 200ms", "start 3", "end failed"}));
  d.add_errback([](const Failure&) {});
}

TEST_F(TaskTest, RetryDelayStopsDoublingAtTheLongestDuration) {
  // Doubled twice, 36500d overflows the nanosecond count (UB, caught by UBSan).
  TaskOptions options;
  options.retries = 2;
  options.retry_delay = kMaxDuration;
  auto d = start(options);
  spawner.finish(0, ProcessExit::exited(1));
  clock.advance(kMaxDuration);
  ASSERT_EQ(spawner.spawned(), 2u);
  spawner.finish(1, ProcessExit::exited(1));
  clock.advance(kMaxDuration);
  ASSERT_EQ(spawner.spawned(), 3u);
  spawner.finish(2, ProcessExit::exited(1));
  const std::string retry = "retry in " + std::to_string(kMaxDuration / 1ms) + "ms";
  EXPECT_EQ(listener.events, (std::vector<std::string>{"start 1", retry, "start 2", retry,
                                                       "start 3", "end failed"}));
  d.add_errback([](const Failure&) {});
}

TEST_F(TaskTest, RetryThatSucceedsEndsTheTaskSucceeded) {
  TaskOptions options;
  options.retries = 3;
  auto d = start(options);
  spawner.finish(0, ProcessExit::exited(1));
  clock.advance(0s);
  spawner.finish(1, ProcessExit::exited(0));
  EXPECT_TRUE(d.result()->succeeded());
  EXPECT_EQ(task.attempts(), 2u);
}

TEST_F(TaskTest, TimedOutAttemptIsRetriedToo) {
  TaskOptions options;
  options.timeout = 1s;
  options.retries = 1;
  auto d = start(options);
  clock.advance(1s);
  spawner.finish(0, ProcessExit::killed(15));
  clock.advance(0s);
  ASSERT_EQ(spawner.spawned(), 2u);
  spawner.finish(1, ProcessExit::exited(0));
  EXPECT_TRUE(d.result()->succeeded());
}

TEST_F(TaskTest, CancelErrbacksAtOnceAndTheTaskEndsWhenItsProcessIsGone) {
  auto d = start();
  bool cancelled = false;
  d.add_errback([&](const Failure& f) { cancelled = f.check<CancelledError>(); });
  d.cancel();
  EXPECT_TRUE(cancelled);
  EXPECT_EQ(spawner.process(0).cancels, 1);
  EXPECT_EQ(task.state(), TaskState::running);
  spawner.finish(0, ProcessExit::killed(15));
  EXPECT_EQ(task.state(), TaskState::cancelled);
  EXPECT_EQ(task.status(), 143);
  EXPECT_TRUE(task.cancel_requested());
}

TEST_F(TaskTest, CancelBetweenRetriesEndsAtOnceAndStartsNothing) {
  TaskOptions options;
  options.retries = 1;
  options.retry_delay = 1s;
  auto d = start(options);
  d.add_errback([](const Failure&) {});
  spawner.finish(0, ProcessExit::exited(1));
  d.cancel();
  EXPECT_EQ(task.state(), TaskState::cancelled);
  clock.advance(5s);
  EXPECT_EQ(spawner.spawned(), 1u);
}

// A second Ctrl-C kills everything and the run ends at once: a killed attempt is not retried.
TEST_F(TaskTest, AnAttemptKilledWithEverythingIsNotRetried) {
  TaskOptions options;
  options.retries = 3;
  auto d = start(options);
  d.add_errback([](const Failure&) {});
  spawner.kill_all();
  clock.advance(10s);
  EXPECT_EQ(spawner.spawned(), 1u);
  EXPECT_EQ(task.state(), TaskState::failed);
  EXPECT_EQ(task.status(), 128 + SIGKILL);
}

TEST_F(TaskTest, ATaskWaitingForItsRetryWhenEverythingIsKilledStartsNothing) {
  TaskOptions options;
  options.retries = 3;
  options.retry_delay = 1s;
  auto d = start(options);
  d.add_errback([](const Failure&) {});
  spawner.finish(0, ProcessExit::exited(3));
  spawner.kill_all();  // nothing of this task's runs: it waits for its retry
  clock.advance(10s);
  EXPECT_EQ(spawner.spawned(), 1u);
  EXPECT_EQ(task.state(), TaskState::failed);
  EXPECT_EQ(task.status(), 3);
}

TEST_F(TaskTest, TaskNeverStartedEndsNotStarted) {
  task.mark_not_started();
  EXPECT_EQ(task.state(), TaskState::not_started);
  EXPECT_FALSE(task.status().has_value());
}

// --- out of processes (`ulimit -u`): wait and start again ---------------------------------------

ProcessExit out_of_processes() {
  return ProcessExit::not_started_at_process_limit(
      "cannot run make: Resource temporarily unavailable");
}

TEST_F(TaskTest, OutOfProcessesWaitsThenStartsTheSameAttemptAgain) {
  auto d = start();  // no retries: waiting must not spend one
  spawner.finish(0, out_of_processes());
  EXPECT_EQ(task.state(), TaskState::running);
  EXPECT_TRUE(task.waiting_for_process());
  EXPECT_FALSE(d.called());
  clock.advance(kProcessWaitDelay - 1ms);
  EXPECT_EQ(spawner.spawned(), 1u);
  clock.advance(1ms);
  ASSERT_EQ(spawner.spawned(), 2u);
  EXPECT_EQ(spawner.process(1).command, "make test");
  EXPECT_FALSE(task.waiting_for_process());
  spawner.finish(1, ProcessExit::exited(0));
  EXPECT_EQ(task.state(), TaskState::succeeded);
  EXPECT_EQ(task.attempts(), 1u);
  EXPECT_EQ(
      listener.events,
      (std::vector<std::string>{
          "start 1", "wait: cannot run make: Resource temporarily unavailable", "end succeeded"}));
}

TEST_F(TaskTest, AWaitingAttemptStartsAtOnceWhenTheRunSaysAProcessIsFree) {
  auto d = start();
  spawner.finish(0, out_of_processes());
  task.start_waiting_attempt();
  EXPECT_EQ(spawner.spawned(), 2u);
  clock.advance(kProcessWaitDelay * 10);  // the delayed start was called off
  EXPECT_EQ(spawner.spawned(), 2u);
  task.start_waiting_attempt();  // not waiting: nothing
  EXPECT_EQ(spawner.spawned(), 2u);
}

TEST_F(TaskTest, WaitingWithNothingElseRunningGivesUpAsAFailureToStart) {
  auto d = start();
  d.add_errback([](Failure) {});
  for (unsigned i = 0; i < kMaxLoneProcessWaits; ++i) {
    spawner.finish(i, out_of_processes());
    ASSERT_TRUE(task.waiting_for_process()) << i;
    clock.advance(kProcessWaitDelay);
  }
  spawner.finish(kMaxLoneProcessWaits, out_of_processes());
  EXPECT_EQ(task.state(), TaskState::failed);
  EXPECT_EQ(task.status(), 127);
  EXPECT_EQ(task.last_exit()->describe(), "cannot run make: Resource temporarily unavailable");
}

TEST_F(TaskTest, WaitingWhileAnotherProcessRunsNeverGivesUp) {
  Task other{1, "#1", "sleep 300"};
  auto running = other.start(spawner, clock, options_, listener);
  auto d = start();
  for (unsigned i = 0; i < 2 * kMaxLoneProcessWaits; ++i) {
    spawner.finish(1 + i, out_of_processes());
    ASSERT_TRUE(task.waiting_for_process()) << i;
    clock.advance(kProcessWaitDelay);
  }
  EXPECT_EQ(task.state(), TaskState::running);
  spawner.finish(0, ProcessExit::exited(0));
}

TEST_F(TaskTest, CancelWhileWaitingForAProcessEndsAtOnceAndStartsNothing) {
  auto d = start();
  d.add_errback([](Failure) {});
  spawner.finish(0, out_of_processes());
  d.cancel();
  EXPECT_EQ(task.state(), TaskState::cancelled);
  EXPECT_FALSE(task.status().has_value());  // it never ran
  clock.advance(kProcessWaitDelay * 10);
  EXPECT_EQ(spawner.spawned(), 1u);
}

}  // namespace
}  // namespace tasker
