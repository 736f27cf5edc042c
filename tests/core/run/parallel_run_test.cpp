// ParallelRun (gather, list, any) on a FakeSpawner and a ManualClock: each
// rule of docs/behaviour.md "Commands" and "Exit statuses" that the commands rely on,
// deterministically.

#include "core/run/parallel_run.hpp"

#include "tests/support/fake_spawner.hpp"
#include "tests/support/manual_clock.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace tasker {
namespace {

using namespace std::chrono_literals;

struct Settled {
  std::size_t index;
  std::string name;
  TaskState state;
  bool unhandled;
};

class RecordingRunListener final : public RunListener {
 public:
  void on_task_output(const Task&, OutputStream, std::string_view) override {}
  void on_task_end(const Task& task) override { ended.push_back(task.index()); }
  void on_task_settled(const Task& task, bool unhandled) override {
    settled.push_back({task.index(), task.name(), task.state(), unhandled});
  }

  [[nodiscard]] const Settled* of(std::size_t index) const {
    for (const Settled& s : settled) {
      if (s.index == index)
        return &s;
    }
    return nullptr;
  }

  void on_jobs_lowered(std::size_t jobs) override { lowered.push_back(jobs); }

  std::vector<std::size_t> ended;
  std::vector<Settled> settled;
  std::vector<std::size_t> lowered;
};

// A source that answers only when the test says so, as a slow pipe would.
class ManualTaskSource final : public TaskSource {
 public:
  void next(Ready ready) override {
    ++requests;
    pending = std::move(ready);
  }
  void stop() override {
    stopped = true;
    pending = nullptr;
  }
  void give(const std::string& command) {
    Ready ready = std::move(pending);
    pending = nullptr;
    ready(TaskSpec{command, command});
  }
  void end() {
    Ready ready = std::move(pending);
    pending = nullptr;
    ready(std::nullopt);
  }

  Ready pending;
  int requests = 0;
  bool stopped = false;
};

std::vector<TaskSpec> specs(std::initializer_list<const char*> commands) {
  std::vector<TaskSpec> out;
  for (const char* c : commands) out.push_back({c, c});
  return out;
}

class ParallelRunTest : public ::testing::Test {
 protected:
  Deferred<RunResult> start(const ParallelOptions& options, std::vector<TaskSpec> tasks) {
    source_.emplace(std::move(tasks));
    return start_with(options, *source_);
  }
  Deferred<RunResult> start_with(const ParallelOptions& options, TaskSource& source) {
    run_.emplace(clock, spawner, listener, source, options);
    Deferred<RunResult> done = run_->start();
    done.add_callback([this](RunResult r) {
      result = r;
      return r;
    });
    return done;
  }
  void finish(std::size_t i, const ProcessExit& exit) {
    spawner.finish(i, exit);
    clock.advance(0s);
  }
  // Ends every process that is still alive the way a cancelled one ends.
  void end_cancelled() {
    for (std::size_t i = 0; i < spawner.spawned(); ++i) {
      if (!spawner.process(i).done)
        finish(i, ProcessExit::killed(SIGTERM));
    }
  }
  static ParallelOptions of(ParallelKind kind) {
    ParallelOptions options;
    options.kind = kind;
    return options;
  }

  ManualClock clock;
  FakeSpawner spawner;
  RecordingRunListener listener;
  std::optional<ListTaskSource> source_;
  // Before run_, so it outlives the run, whose destructor stops it.
  ManualTaskSource manual_source;
  std::optional<ParallelRun> run_;
  std::optional<RunResult> result;
};

// --- gather: gatherResults ------------------------------------------------------------------

TEST_F(ParallelRunTest, GatherOfSuccessesCallsBackAndExitsZero) {
  start(of(ParallelKind::gather), specs({"a", "b", "c"}));
  ASSERT_EQ(spawner.spawned(), 3u);
  finish(2, ProcessExit::exited(0));
  finish(0, ProcessExit::exited(0));
  EXPECT_FALSE(result);
  finish(1, ProcessExit::exited(0));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->command, CommandKind::gather);
  EXPECT_EQ(result->fired, Fired::callback);
  EXPECT_FALSE(result->fire_index);
  EXPECT_EQ(result->tasks, 3u);
  EXPECT_EQ(result->unhandled, 0u);
  EXPECT_EQ(exit_status(*result), 0);
  EXPECT_EQ(listener.settled.size(), 3u);
  EXPECT_EQ(run_->running(), 0u);
}

TEST_F(ParallelRunTest, GatherFailsWithTheFirstFailureInTimeNotTheLowestIndex) {
  start(of(ParallelKind::gather), specs({"a", "b", "c"}));
  finish(2, ProcessExit::exited(5));
  // The others were cancelled: SIGTERM to their groups; they end when their processes do.
  EXPECT_EQ(spawner.process(0).cancels, 1);
  EXPECT_EQ(spawner.process(1).cancels, 1);
  EXPECT_FALSE(result);
  end_cancelled();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fired, Fired::errback);
  EXPECT_EQ(result->fire_index, 2u);
  EXPECT_EQ(result->failed_task, 2u);
  EXPECT_EQ(result->failure_status, 5);
  EXPECT_EQ(exit_status(*result), 5);
}

// --resume: skipped tasks are settled as skipped when read, never spawned, and not in the list;
// the task that fires the run is named by its place in the input all the same.
TEST_F(ParallelRunTest, SkippedTasksAreReportedAtTheirPlaceAndLeftOutOfTheList) {
  ParallelOptions options = of(ParallelKind::gather);
  options.skip = [](std::size_t seq) { return seq == 1 || seq == 3; };
  start(options, specs({"a", "b", "c", "d"}));
  ASSERT_EQ(spawner.spawned(), 2u);  // b and d
  ASSERT_NE(listener.of(0), nullptr);
  EXPECT_EQ(listener.of(0)->state, TaskState::skipped);
  EXPECT_EQ(listener.of(2)->state, TaskState::skipped);
  finish(1, ProcessExit::exited(4));  // d, the second task spawned
  end_cancelled();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fire_index, 3u);
  EXPECT_EQ(result->failed_task, 3u);
  EXPECT_EQ(result->tasks, 4u);
  EXPECT_EQ(listener.of(1)->state, TaskState::cancelled);
}

TEST_F(ParallelRunTest, AllSkippedIsAGatherThatSucceeds) {
  ParallelOptions options = of(ParallelKind::gather);
  options.skip = [](std::size_t) { return true; };
  start(options, specs({"a", "b"}));
  ASSERT_TRUE(result);
  EXPECT_EQ(spawner.spawned(), 0u);
  EXPECT_EQ(result->fired, Fired::callback);
  EXPECT_EQ(exit_status(*result), 0);
}

TEST_F(ParallelRunTest, GatherFirstErrorTaskIsUnhandledButTheTasksItCancelledAreNot) {
  start(of(ParallelKind::gather), specs({"a", "b"}));
  finish(0, ProcessExit::exited(3));
  end_cancelled();
  ASSERT_TRUE(result);
  EXPECT_TRUE(listener.of(0)->unhandled);  // E3: gatherResults without consumeErrors
  EXPECT_EQ(listener.of(1)->state, TaskState::cancelled);
  EXPECT_FALSE(listener.of(1)->unhandled);  // tasker's own cancel
  EXPECT_EQ(result->unhandled, 1u);
}

TEST_F(ParallelRunTest, GatherConsumeErrorsLeavesNothingUnhandled) {
  ParallelOptions options = of(ParallelKind::gather);
  options.consume_errors = true;
  start(options, specs({"a", "b"}));
  finish(0, ProcessExit::exited(3));
  end_cancelled();
  ASSERT_TRUE(result);
  EXPECT_FALSE(listener.of(0)->unhandled);
  EXPECT_EQ(result->unhandled, 0u);
  EXPECT_EQ(exit_status(*result), 3);
}

TEST_F(ParallelRunTest, OnFireWaitLetsTheOthersFinishAndTheirLateFailuresAreUnhandled) {
  ParallelOptions options = of(ParallelKind::gather);
  options.on_fire = OnFire::wait;
  start(options, specs({"a", "b", "c"}));
  finish(1, ProcessExit::exited(4));
  EXPECT_EQ(spawner.process(0).cancels, 0);
  EXPECT_EQ(spawner.process(2).cancels, 0);
  finish(0, ProcessExit::exited(6));  // D8: after the list fired; D7: still unhandled
  EXPECT_FALSE(result);
  finish(2, ProcessExit::exited(0));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fire_index, 1u);
  EXPECT_EQ(exit_status(*result), 4);  // the FirstError's task, not the later one
  EXPECT_TRUE(listener.of(0)->unhandled);
  EXPECT_TRUE(listener.of(1)->unhandled);
  EXPECT_EQ(result->unhandled, 2u);
}

TEST_F(ParallelRunTest, TimeoutFailsTheTaskWith124AndTheRunWithIt) {
  ParallelOptions options = of(ParallelKind::gather);
  options.task.timeout = 5s;
  start(options, specs({"slow"}));
  clock.advance(5s);
  EXPECT_EQ(spawner.process(0).cancels, 1);
  finish(0, ProcessExit::killed(SIGTERM));
  ASSERT_TRUE(result);
  EXPECT_EQ(listener.of(0)->state, TaskState::timed_out);
  EXPECT_EQ(result->failure_status, 124);
  EXPECT_EQ(exit_status(*result), 124);
}

// --- list: DeferredList with every knob -----------------------------------------------------

TEST_F(ParallelRunTest, ListWithNoFlagsCallsBackEvenWhenEveryTaskFails) {
  start(of(ParallelKind::list), specs({"a", "b"}));
  finish(0, ProcessExit::exited(1));
  EXPECT_EQ(spawner.process(1).cancels, 0);  // D3: no flag fires early
  finish(1, ProcessExit::exited(2));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fired, Fired::callback);
  EXPECT_EQ(result->unhandled, 2u);    // D7
  EXPECT_EQ(exit_status(*result), 1);  // callback, failures unhandled
}

TEST_F(ParallelRunTest, ListConsumeErrorsMakesAllFailedListExitZero) {
  ParallelOptions options = of(ParallelKind::list);
  options.consume_errors = true;
  start(options, specs({"a", "b"}));
  finish(0, ProcessExit::exited(1));
  finish(1, ProcessExit::exited(2));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fired, Fired::callback);
  EXPECT_EQ(exit_status(*result), 0);
}

TEST_F(ParallelRunTest, ListFireOnOneCallbackFiresWithTheFirstSuccessAndCancelsTheRest) {
  ParallelOptions options = of(ParallelKind::list);
  options.fire_on_one_callback = true;
  start(options, specs({"a", "b", "c"}));
  finish(0, ProcessExit::exited(7));
  EXPECT_EQ(spawner.process(2).cancels, 0);
  finish(2, ProcessExit::exited(0));
  EXPECT_EQ(spawner.process(1).cancels, 1);
  end_cancelled();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fired, Fired::callback);
  EXPECT_EQ(result->fire_index, 2u);
  EXPECT_TRUE(listener.of(0)->unhandled);  // the failure before it is still unhandled (D7)
  EXPECT_EQ(exit_status(*result), 1);
}

TEST_F(ParallelRunTest, ListFireOnOneCallbackWithEveryTaskFailingCallsBackWithTheList) {
  ParallelOptions options = of(ParallelKind::list);
  options.fire_on_one_callback = true;
  options.consume_errors = true;
  start(options, specs({"a", "b"}));
  finish(0, ProcessExit::exited(1));
  finish(1, ProcessExit::exited(2));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fired, Fired::callback);  // D4: not an errback
  EXPECT_FALSE(result->fire_index);
  EXPECT_EQ(exit_status(*result), 0);
}

TEST_F(ParallelRunTest, ListFireOnOneErrbackIsFirstError) {
  ParallelOptions options = of(ParallelKind::list);
  options.fire_on_one_errback = true;
  start(options, specs({"a", "b"}));
  finish(1, ProcessExit::killed(SIGKILL));
  end_cancelled();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fired, Fired::errback);
  EXPECT_EQ(result->fire_index, 1u);
  EXPECT_EQ(exit_status(*result), 128 + SIGKILL);
}

// --- any: first success wins ----------------------------------------------------------------

TEST_F(ParallelRunTest, AnyFiresWithTheFirstSuccessAndNothingIsUnhandled) {
  start(of(ParallelKind::any), specs({"a", "b", "c"}));
  finish(1, ProcessExit::exited(9));
  finish(2, ProcessExit::exited(0));
  EXPECT_EQ(spawner.process(0).cancels, 1);
  end_cancelled();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fired, Fired::callback);
  EXPECT_EQ(result->fire_index, 2u);
  EXPECT_EQ(result->unhandled, 0u);  // consumeErrors
  EXPECT_EQ(exit_status(*result), 0);
}

TEST_F(ParallelRunTest, AnyWithNoSuccessFailsWithTheLastFailureInTime) {
  start(of(ParallelKind::any), specs({"a", "b", "c"}));
  finish(2, ProcessExit::exited(3));
  finish(0, ProcessExit::exited(4));
  finish(1, ProcessExit::exited(5));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fired, Fired::errback);
  EXPECT_EQ(result->failed_task, 1u);
  EXPECT_EQ(exit_status(*result), 5);
}

// --- -j: at most N at once ------------------------------------------------------------------

TEST_F(ParallelRunTest, JobsStartsTheNextTaskWhenOneHasEnded) {
  ParallelOptions options = of(ParallelKind::gather);
  options.jobs = 2;
  start(options, specs({"a", "b", "c", "d"}));
  EXPECT_EQ(spawner.spawned(), 2u);
  finish(1, ProcessExit::exited(0));
  ASSERT_EQ(spawner.spawned(), 3u);
  EXPECT_EQ(spawner.process(2).command, "c");
  finish(0, ProcessExit::exited(0));
  finish(2, ProcessExit::exited(0));
  finish(3, ProcessExit::exited(0));
  ASSERT_TRUE(result);
  EXPECT_EQ(exit_status(*result), 0);
}

TEST_F(ParallelRunTest, JobsSlotOfACancelledTaskFreesOnlyWhenItsProcessIsGone) {
  ParallelOptions options = of(ParallelKind::list);
  options.jobs = 1;
  options.task.timeout = 1s;
  start(options, specs({"a", "b"}));
  clock.advance(1s);  // a times out: cancelled, its process still winding down
  EXPECT_EQ(spawner.spawned(), 1u);
  finish(0, ProcessExit::killed(SIGTERM));
  EXPECT_EQ(spawner.spawned(), 2u);
  finish(1, ProcessExit::exited(0));  // the run ends: nothing of it is left (LeakSanitizer)
  EXPECT_TRUE(result);
}

// Out of processes (`ulimit -u`): the tasks that could not start wait for others to end, and
// -j comes down to what was running.
TEST_F(ParallelRunTest, OutOfProcessesLowersJobsAndTheWaitingStartAsOthersEnd) {
  ParallelOptions options = of(ParallelKind::gather);
  options.jobs = 4;
  start(options, specs({"a", "b", "c", "d", "e", "f"}));
  ASSERT_EQ(spawner.spawned(), 4u);
  const ProcessExit no_process =
      ProcessExit::not_started_at_process_limit("cannot run c: Resource temporarily unavailable");
  finish(2, no_process);
  finish(3, no_process);
  // A fake's failed start counts as live until finished: d was too when c failed.
  EXPECT_EQ(listener.lowered, (std::vector<std::size_t>{3, 2}));
  EXPECT_EQ(run_->jobs(), 2u);
  EXPECT_EQ(spawner.spawned(), 4u);
  finish(0, ProcessExit::exited(0));  // a ends: c, the oldest waiting, starts again
  ASSERT_EQ(spawner.spawned(), 5u);
  EXPECT_EQ(spawner.process(4).command, "c");
  finish(1, ProcessExit::exited(0));
  ASSERT_EQ(spawner.spawned(), 6u);
  EXPECT_EQ(spawner.process(5).command, "d");
  finish(4, ProcessExit::exited(0));  // two at once from now on: e follows
  ASSERT_EQ(spawner.spawned(), 7u);
  EXPECT_EQ(spawner.process(6).command, "e");
  finish(5, ProcessExit::exited(0));
  finish(6, ProcessExit::exited(0));
  finish(7, ProcessExit::exited(0));
  ASSERT_TRUE(result);
  EXPECT_EQ(exit_status(*result), 0);
  EXPECT_EQ(spawner.spawned(), 8u);  // every task ran once, none failed
  for (const Settled& s : listener.settled) EXPECT_EQ(s.state, TaskState::succeeded) << s.name;
}

TEST_F(ParallelRunTest, OutOfProcessesWithNothingRunningStartsAgainAfterADelay) {
  ParallelOptions options = of(ParallelKind::gather);
  start(options, specs({"a"}));
  finish(0, ProcessExit::not_started_at_process_limit(
                "cannot run a: Resource temporarily unavailable"));
  EXPECT_EQ(listener.lowered, std::vector<std::size_t>{1});
  clock.advance(kProcessWaitDelay);
  ASSERT_EQ(spawner.spawned(), 2u);
  finish(1, ProcessExit::exited(0));
  ASSERT_TRUE(result);
  EXPECT_EQ(exit_status(*result), 0);
}

TEST_F(ParallelRunTest, TasksNeverStartedWhenTheRunFiresAreReportedNotStarted) {
  ParallelOptions options = of(ParallelKind::gather);
  options.jobs = 1;
  start(options, specs({"a", "b", "c"}));
  finish(0, ProcessExit::exited(2));
  ASSERT_TRUE(result);
  EXPECT_EQ(spawner.spawned(), 1u);
  ASSERT_EQ(listener.settled.size(), 3u);
  EXPECT_EQ(listener.of(1)->state, TaskState::not_started);
  EXPECT_EQ(listener.of(2)->state, TaskState::not_started);
  EXPECT_EQ(listener.of(2)->name, "c");
  EXPECT_FALSE(listener.of(2)->unhandled);
  EXPECT_EQ(result->tasks, 3u);
  EXPECT_EQ(exit_status(*result), 2);
}

// --- interrupts -----------------------------------------------------------------------------

TEST_F(ParallelRunTest, InterruptCancelsEveryTaskAndEndsWhenTheirProcessesAreGone) {
  ParallelOptions options = of(ParallelKind::gather);
  options.jobs = 2;
  start(options, specs({"a", "b", "c"}));
  run_->interrupt(SIGINT);
  EXPECT_EQ(spawner.process(0).cancels, 1);
  EXPECT_EQ(spawner.process(1).cancels, 1);
  EXPECT_FALSE(result);
  end_cancelled();
  ASSERT_TRUE(result);
  EXPECT_EQ(spawner.spawned(), 2u);  // c never started
  EXPECT_EQ(listener.of(2)->state, TaskState::not_started);
  EXPECT_EQ(result->interrupted_by, SIGINT);
  EXPECT_EQ(result->unhandled, 0u);
  EXPECT_EQ(exit_status(*result), 130);
}

TEST_F(ParallelRunTest, SecondInterruptKeepsTheFirstSignal) {
  start(of(ParallelKind::gather), specs({"a"}));
  run_->interrupt(SIGTERM);
  run_->interrupt(SIGINT);
  end_cancelled();
  ASSERT_TRUE(result);
  EXPECT_EQ(exit_status(*result), 143);
}

// --- a source that reads as slots free up ---------------------------------------------------

TEST_F(ParallelRunTest, SlowSourceStartsTheFirstTaskBeforeTheRestIsRead) {
  ManualTaskSource& source = manual_source;
  start_with(of(ParallelKind::gather), source);
  EXPECT_EQ(spawner.spawned(), 0u);
  source.give("a");
  EXPECT_EQ(spawner.spawned(), 1u);
  finish(0, ProcessExit::exited(0));
  EXPECT_FALSE(result);  // more may come
  source.give("b");
  source.end();
  EXPECT_FALSE(result);
  finish(1, ProcessExit::exited(0));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->fired, Fired::callback);
  EXPECT_EQ(result->tasks, 2u);
}

TEST_F(ParallelRunTest, SourceIsAskedOnlyWhenASlotIsFree) {
  ManualTaskSource& source = manual_source;
  ParallelOptions options = of(ParallelKind::gather);
  options.jobs = 1;
  start_with(options, source);
  source.give("a");
  EXPECT_EQ(source.requests, 1);  // a runs: nothing more is read
  finish(0, ProcessExit::exited(0));
  EXPECT_EQ(source.requests, 2);
}

// Hands out "a", "b", ... at once, each command naming the slot the run said it would take.
class SlotTaskSource final : public TaskSource {
 public:
  explicit SlotTaskSource(int count) : count_(count) {}
  void next_slot(std::size_t slot) override { slot_ = slot; }
  void next(Ready ready) override {
    if (given_ == count_) {
      ready(std::nullopt);
      return;
    }
    ready(TaskSpec{std::string(1, static_cast<char>('a' + given_++)), std::to_string(slot_)});
  }

 private:
  int count_;
  int given_ = 0;
  std::size_t slot_ = 0;
};

TEST_F(ParallelRunTest, EachTaskTakesTheLowestFreeSlot) {
  SlotTaskSource source(5);
  // The run stops its source when it is destroyed: it goes first, however the test ends.
  const struct RunEnder {
    std::optional<ParallelRun>& run;
    ~RunEnder() { run.reset(); }
  } run_ender{run_};
  ParallelOptions options = of(ParallelKind::gather);
  options.jobs = 3;
  start_with(options, source);
  ASSERT_EQ(spawner.spawned(), 3u);
  EXPECT_EQ(spawner.process(0).command, "1");
  EXPECT_EQ(spawner.process(1).command, "2");
  EXPECT_EQ(spawner.process(2).command, "3");
  finish(1, ProcessExit::exited(0));
  ASSERT_EQ(spawner.spawned(), 4u);
  EXPECT_EQ(spawner.process(3).command, "2");
  finish(0, ProcessExit::exited(0));
  ASSERT_EQ(spawner.spawned(), 5u);
  EXPECT_EQ(spawner.process(4).command, "1");
  for (std::size_t i : {2u, 3u, 4u}) finish(i, ProcessExit::exited(0));
  ASSERT_TRUE(result);
  EXPECT_EQ(exit_status(*result), 0);
}

// --resume with {%}: the slot a skipped task was read into is the next task's.
TEST_F(ParallelRunTest, ASkippedTaskGivesItsSlotBack) {
  SlotTaskSource source(4);
  // The run stops its source when it is destroyed: it goes first, however the test ends.
  const struct RunEnder {
    std::optional<ParallelRun>& run;
    ~RunEnder() { run.reset(); }
  } run_ender{run_};
  ParallelOptions options = of(ParallelKind::gather);
  options.jobs = 2;
  options.skip = [](std::size_t seq) { return seq <= 2; };
  start_with(options, source);
  ASSERT_EQ(spawner.spawned(), 2u);
  EXPECT_EQ(spawner.process(0).command, "1");
  EXPECT_EQ(spawner.process(1).command, "2");
  for (std::size_t i : {0u, 1u}) finish(i, ProcessExit::exited(0));
  ASSERT_TRUE(result);
  EXPECT_EQ(exit_status(*result), 0);
}

TEST_F(ParallelRunTest, FiringStopsTheSource) {
  ManualTaskSource& source = manual_source;
  start_with(of(ParallelKind::gather), source);
  source.give("a");
  finish(0, ProcessExit::exited(1));
  EXPECT_TRUE(source.stopped);
  ASSERT_TRUE(result);
  EXPECT_EQ(exit_status(*result), 1);
}

TEST_F(ParallelRunTest, EmptySourceCallsBackAtOnceWithNoTask) {
  start(of(ParallelKind::gather), {});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->tasks, 0u);
  EXPECT_EQ(result->fired, Fired::callback);
}

TEST_F(ParallelRunTest, ThousandsOfTasksReadAtOnceDoNotNestCalls) {
  std::vector<TaskSpec> many(5000, TaskSpec{"t", "true"});
  start(of(ParallelKind::list), std::move(many));
  EXPECT_EQ(spawner.spawned(), 5000u);
  for (std::size_t i = 0; i < 5000; ++i) spawner.finish(i, ProcessExit::exited(0));
  clock.advance(0s);
  ASSERT_TRUE(result);
  EXPECT_EQ(run_->running(), 0u);
}

// --- exit_status ----------------------------------------------------------------------------

TEST(ExitStatus, FollowsTheExitStatusTable) {
  RunResult r;
  r.fired = Fired::callback;
  EXPECT_EQ(exit_status(r), 0);
  r.unhandled = 2;
  EXPECT_EQ(exit_status(r), 1);
  r.fired = Fired::errback;
  r.failure_status = 7;
  EXPECT_EQ(exit_status(r), 7);
  r.interrupted_by = SIGTERM;
  EXPECT_EQ(exit_status(r), 143);
}

}  // namespace
}  // namespace tasker
