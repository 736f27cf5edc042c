// SlurmSpawner over a FakeSpawner and a ManualClock: the srun command line, the task's own
// status and job step from the wrapper's lines, a task srun could not start, and the cancel
// path through scancel. The real cluster is in tests/engines/slurm_executor_test.sh.

#include "core/process/slurm_spawner.hpp"

#include "core/deferred/errors.hpp"
#include "core/input/shell_words.hpp"
#include "tests/support/fake_spawner.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/recording_observer.hpp"
#include "tests/support/remote_marker.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <string>
#include <vector>

namespace tasker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

class NamedObserver final : public RecordingObserver {
 public:
  [[nodiscard]] std::string label() const override { return "build all"; }
};

class SlurmSpawnerTest : public ::testing::Test {
 protected:
  SlurmSpawnerTest()
      : spawner(local, clock, [] {
          SlurmOptions options;
          options.args = {"--partition=debug", "-Q"};
          return options;
        }()) {}

  void line(const std::string& text) {
    local.write(0, OutputStream::stderr_stream, remote_marker_in(command(0)) + text);
  }
  // The words process `i` runs (no shell in between), as one line to read.
  [[nodiscard]] std::string command(std::size_t i) const {
    return shell_command_line(local.process(i).options.argv);
  }

  FakeSpawner local;
  ManualClock clock;
  SlurmSpawner spawner;
  NamedObserver observer;
};

TEST_F(SlurmSpawnerTest, RunsTheTaskAsAJobStepAndReportsItsOwnStatus) {
  Deferred<ProcessExit> done = spawner.spawn("exit 2", {}, observer);
  ASSERT_EQ(local.spawned(), 1U);
  const std::vector<std::string>& argv = local.process(0).options.argv;
  ASSERT_GE(argv.size(), 8U);
  EXPECT_THAT(std::vector<std::string>(argv.begin(), argv.begin() + 8),
              ElementsAre("srun", "--job-name=build_all", "--input=all", "--partition=debug", "-Q",
                          "--", "sh", "-c"));
  // Without the stdin watch, and ending with 0: Slurm ends the step's processes.
  EXPECT_THAT(command(0), HasSubstr(remote_marker_in(command(0)) + " - 'exit 2'"));
  EXPECT_EQ(local.process(0).command, command(0));
  line(" start 77 15.0\n");
  local.write(0, OutputStream::stdout_stream, "out\n");
  line(" exit 2\n");
  local.finish(0, ProcessExit::exited(0));
  ASSERT_TRUE(observer.done());
  EXPECT_EQ(observer.exit()->exit_code, 2);
  EXPECT_EQ(observer.exit()->job_id, "15.0");
  EXPECT_EQ(observer.out(), "out\n");
  EXPECT_TRUE(done.called());
  EXPECT_EQ(spawner.live(), 0U);
}

TEST_F(SlurmSpawnerTest, TheCommandIsSrunsLastWordAsItIsAndEnvAndFolderStayTheTasks) {
  const std::string task = "echo \"$HOME\" 'a  b' `date` \\";
  ProcessOptions options;
  options.env = {{"A", "1"}};
  options.cwd = "/tmp";
  static_cast<void>(spawner.spawn(task, options, observer));
  const ProcessOptions& srun = local.process(0).options;
  ASSERT_FALSE(srun.argv.empty());
  EXPECT_EQ(srun.argv.back(), task);
  EXPECT_EQ(srun.env, options.env);
  EXPECT_EQ(srun.cwd, "/tmp");
}

// For the watchdog, which cancels the steps still listed if tasker dies: a job srun made is
// listed whole, from the start line to srun's end.
TEST_F(SlurmSpawnerTest, ListsTheJobSrunMadeWithTheWatchdogWhileItRuns) {
  EXPECT_EQ(local.remote_canceller, (std::vector<std::string>{"scancel", "--quiet"}));
  static_cast<void>(spawner.spawn("true", {}, observer));
  EXPECT_TRUE(local.remote_events.empty());
  line(" start 77 15.0\n");
  local.write(0, OutputStream::stdout_stream, "out\n");
  EXPECT_EQ(local.remote_events, std::vector<std::string>{"+15"});
  line(" exit 0\n");
  local.finish(0, ProcessExit::exited(0));
  EXPECT_EQ(local.remote_events, (std::vector<std::string>{"+15", "-15"}));
}

// A job srun made and said it queued is listed from then: killed with tasker, srun would leave it
// queued, and then running with nothing to run. Once it starts it stays listed, once.
TEST_F(SlurmSpawnerTest, ListsAJobFromWhenSrunSaysItQueued) {
  static_cast<void>(spawner.spawn("true", {}, observer));
  local.write(0, OutputStream::stderr_stream, "srun: job 15 queued and wait");
  EXPECT_TRUE(local.remote_events.empty());
  local.write(0, OutputStream::stderr_stream, "ing for resources\n");
  EXPECT_EQ(local.remote_events, std::vector<std::string>{"+15"});
  local.write(0, OutputStream::stderr_stream, "srun: job 15 has been allocated resources\n");
  line(" start 77 15.0\n");
  EXPECT_EQ(local.remote_events, std::vector<std::string>{"+15"});
  line(" exit 0\n");
  local.finish(0, ProcessExit::exited(0));
  EXPECT_EQ(local.remote_events, (std::vector<std::string>{"+15", "-15"}));
  EXPECT_THAT(observer.err(), HasSubstr("queued and waiting"));  // shown, as srun's words are
}

TEST_F(SlurmSpawnerTest, AQueuedJobThatIsNotAnIdOrAStepOfAnAllocationIsNotListed) {
  static_cast<void>(spawner.spawn("true", {}, observer));
  local.write(0, OutputStream::stderr_stream, "srun: job 15;x queued and waiting for resources\n");
  local.finish(0, ProcessExit::exited(1));
  ProcessOptions options;
  options.env = {{"SLURM_JOB_ID", "15"}};
  NamedObserver second;
  static_cast<void>(spawner.spawn("true", options, second));
  local.write(1, OutputStream::stderr_stream, "srun: job 16 queued and waiting for resources\n");
  local.finish(1, ProcessExit::exited(1));
  EXPECT_TRUE(local.remote_events.empty());
}

// Inside an allocation, only the step: the allocation is not tasker's to end.
TEST_F(SlurmSpawnerTest, ListsAStepOfAnAllocationAlone) {
  ProcessOptions options;
  options.env = {{"SLURM_JOB_ID", "15"}};
  static_cast<void>(spawner.spawn("true", options, observer));
  line(" start 77 15.3\n");
  local.finish(0, ProcessExit::exited(0));
  EXPECT_EQ(local.remote_events, (std::vector<std::string>{"+15.3", "-15.3"}));
}

TEST_F(SlurmSpawnerTest, ListsNothingWithoutAValidStepOrBeforeTheStart) {
  static_cast<void>(spawner.spawn("true", {}, observer));
  local.write(0, OutputStream::stderr_stream, "srun: error: invalid partition specified\n");
  local.finish(0, ProcessExit::exited(1));
  NamedObserver second;
  static_cast<void>(spawner.spawn("true", {}, second));
  local.write(1, OutputStream::stderr_stream,
              remote_marker_in(local.process(1).command) + " start 77 -1;rm\n");
  local.finish(1, ProcessExit::exited(0));
  EXPECT_TRUE(local.remote_events.empty());
}

TEST_F(SlurmSpawnerTest, ATaskSrunCouldNotStartIs127WithSrunsMessage) {
  static_cast<void>(spawner.spawn("true", {}, observer));
  local.write(0, OutputStream::stderr_stream, "srun: error: invalid partition specified\n");
  local.finish(0, ProcessExit::exited(1));
  ASSERT_TRUE(observer.done());
  EXPECT_EQ(observer.exit()->status(), 127);
  EXPECT_THAT(observer.exit()->start_error, HasSubstr("srun: error: invalid partition"));
  EXPECT_EQ(observer.err(), "srun: error: invalid partition specified\n");
}

TEST_F(SlurmSpawnerTest, ACancelSendsTermToTheStepThenKillAfterTheGrace) {
  Deferred<ProcessExit> done = spawner.spawn("sleep 60", {}, observer);
  bool cancelled = false;
  done.add_errback([&cancelled](const Failure& f) { cancelled = f.check<CancelledError>(); });
  line(" start 77 15.0\n");
  done.cancel();
  EXPECT_TRUE(cancelled);
  ASSERT_EQ(local.spawned(), 2U);
  EXPECT_THAT(local.process(1).options.argv,
              ElementsAre("scancel", "--quiet", "--signal=TERM", "15.0"));
  EXPECT_EQ(local.process(0).cancels, 0);  // a TERM to srun would KILL the task at once
  clock.advance(2s);
  ASSERT_EQ(local.spawned(), 3U);
  EXPECT_THAT(local.process(2).options.argv,
              ElementsAre("scancel", "--quiet", "--signal=KILL", "15.0"));
  local.finish(0, ProcessExit::exited(0));
  ASSERT_TRUE(observer.done());
  EXPECT_EQ(observer.exit()->signal, SIGKILL);
  EXPECT_EQ(observer.exit()->job_id, "15.0");
}

TEST_F(SlurmSpawnerTest, ACancelBeforeTheStepStartedEndsSrun) {
  Deferred<ProcessExit> done = spawner.spawn("sleep 60", {}, observer);
  done.add_errback([](const Failure&) {});
  done.cancel();
  EXPECT_EQ(local.process(0).cancels, 1);
  EXPECT_EQ(local.spawned(), 1U);
}

}  // namespace
}  // namespace tasker
