// every and after end to end, on the built binary (docs/behaviour.md "every", "JSON report").
// Intervals are short but assertions leave room for a loaded machine: they check the schedule's
// shape (ticks, skips, end reasons), never absolute speed.

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace tasker::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class PeriodicCommands : public ::testing::Test {
 protected:
  json report(std::vector<std::string> args, int expected_status) {
    args.insert(args.begin(), "--json");
    const TaskerResult r = run_tasker(args, dir);
    EXPECT_EQ(r.exit_code, expected_status) << r.err;
    return json::parse(r.out);
  }
  ScratchDir dir;
};

TEST_F(PeriodicCommands, EveryCountRunsThatManyTimesWithRunNumbersAsLabels) {
  const TaskerResult r = run_tasker({"every", "100ms", "--count", "3", "echo", "hi"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "#1 | hi\n#2 | hi\n#3 | hi\n");
  EXPECT_NE(r.err.find("3 runs"), std::string::npos) << r.err;
}

TEST_F(PeriodicCommands, EveryReportHasTheRunsOfTheSchedule) {
  const json j = report({"every", "100ms", "--count", "2", "--", "echo", "x"}, 0);
  EXPECT_EQ(j["command"], "every");
  EXPECT_EQ(j["fired"], "callback");
  EXPECT_EQ(j["end_reason"], "count");
  EXPECT_EQ(j["interval_ms"], 100.0);
  EXPECT_EQ(j["now"], true);
  ASSERT_EQ(j["runs"].size(), 2u);
  const json& second = j["runs"][1];
  for (const char* key :
       {"n", "tick", "skipped_before", "scheduled_ms", "started_ms", "duration_ms", "state",
        "exit_code", "signal", "status", "stdout", "stderr"}) {
    EXPECT_TRUE(second.contains(key)) << key;
  }
  EXPECT_EQ(second["n"], 2);
  EXPECT_EQ(second["stdout"], "x\n");
  EXPECT_NEAR(second["scheduled_ms"].get<double>(),
              j["runs"][0]["scheduled_ms"].get<double>() + 100.0 * second["tick"].get<double>(),
              1.0);
  EXPECT_GE(second["started_ms"].get<double>(), second["scheduled_ms"].get<double>());
}

TEST_F(PeriodicCommands, FailedRunStopsTheLoopWithItsStatus) {
  const json j = report({"every", "50ms", "--", "exit 3"}, 3);
  EXPECT_EQ(j["fired"], "errback");
  EXPECT_EQ(j["end_reason"], "failure");
  EXPECT_EQ(j["runs"].size(), 1u);
}

TEST_F(PeriodicCommands, KeepGoingRunsOnThroughFailures) {
  const json j = report({"every", "50ms", "--keep-going", "--count", "3", "--", "exit 1"}, 0);
  EXPECT_EQ(j["runs"].size(), 3u);
  EXPECT_EQ(j["end_reason"], "count");
}

TEST_F(PeriodicCommands, MaxFailuresEndsAStreakWithTheLastStatus) {
  const json j = report({"every", "50ms", "--max-failures", "2", "--", "exit 6"}, 6);
  EXPECT_EQ(j["runs"].size(), 2u);
  EXPECT_EQ(j["end_reason"], "max_failures");
}

TEST_F(PeriodicCommands, UntilSuccessPollsUntilTheCommandSucceeds) {
  const std::string flag = dir.file("ready");
  const std::string tried = dir.file("tried");
  TaskerProcess tasker({"--json", "every", "50ms", "--until-success", "--",
                        "test -f " + flag + " || { touch " + tried + "; false; }"},
                       dir);
  // The flag appears only once a run has failed, however slow the machine is to start it.
  for (int i = 0; i < 600 && !std::filesystem::exists(tried); ++i)
    std::this_thread::sleep_for(50ms);
  write_file(flag, "up");
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["end_reason"], "until_success");
  EXPECT_GE(j["runs"].size(), 2u);
  EXPECT_EQ(j["runs"].back()["state"], "succeeded");
}

TEST_F(PeriodicCommands, NoNowWaitsOneIntervalForTheFirstRun) {
  const json j = report({"every", "200ms", "--no-now", "--count", "1", "--", "true"}, 0);
  EXPECT_EQ(j["now"], false);
  EXPECT_EQ(j["runs"][0]["tick"], 1);
  EXPECT_GE(j["runs"][0]["started_ms"].get<double>(), 199.0);
}

TEST_F(PeriodicCommands, OverrunSkipsTicksAndCountsThem) {
  const json j = report({"every", "200ms", "--count", "2", "--", "sleep 0.5"}, 0);
  const json& second = j["runs"][1];
  EXPECT_GE(second["tick"].get<int>(),
            3);  // 0.5 s run: ticks 1 and 2 passed (more if the machine is slow)
  EXPECT_EQ(second["skipped_before"].get<int>(), second["tick"].get<int>() - 1);
  EXPECT_EQ(j["skipped_ticks"], second["skipped_before"]);
}

TEST_F(PeriodicCommands, ForStopsTheLoopAfterTheDuration) {
  const json j = report({"every", "100ms", "--for", "350ms", "--", "true"}, 0);
  EXPECT_EQ(j["end_reason"], "duration");
  EXPECT_GE(j["runs"].size(), 1u);
  EXPECT_LE(j["runs"].size(), 5u);
}

TEST_F(PeriodicCommands, ForLetsARunInFlightFinishAndItsFailureFailsTheLoop) {
  const json j = report({"every", "10s", "--for", "100ms", "--", "sleep 0.4; exit 4"}, 4);
  EXPECT_EQ(j["runs"][0]["state"], "failed");
  EXPECT_EQ(j["fired"], "errback");
}

TEST_F(PeriodicCommands, IntervalZeroRunsBackToBack) {
  const json j = report({"every", "0", "--count", "20", "--", "true"}, 0);
  EXPECT_EQ(j["runs"].size(), 20u);
  EXPECT_EQ(j["runs"][19]["n"], 20);
}

TEST_F(PeriodicCommands, TimeoutPerRunIs124) {
  const json j = report({"every", "1s", "--timeout", "200ms", "--", "sleep 30"}, 124);
  EXPECT_EQ(j["runs"][0]["state"], "timed_out");
}

TEST_F(PeriodicCommands, ChangesPrintsOnlyOutputThatDiffersFromThePreviousRun) {
  const std::string count = dir.file("count");
  // Prints "same" twice, then "changed" once the third run has appended its line.
  const std::string cmd = "echo x >> " + count + "; if [ $(wc -l < " + count +
                          ") -ge 3 ]; then echo changed; else echo same; fi";
  const TaskerResult r = run_tasker({"every", "50ms", "--count", "4", "--changes", "--", cmd}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "#1 | same\n#3 | changed\n");
}

TEST_F(PeriodicCommands, WordsAfterTheIntervalAreJoinedWithSpaces) {
  const json j = report({"every", "1s", "--count", "1", "echo", "a", "-n", "b"}, 0);
  EXPECT_EQ(j["runs"][0]["stdout"], "a -n b\n");
}

TEST_F(PeriodicCommands, SigintEndsTheLoopCancelsTheRunAndDiesOfSigint) {
  const std::string started = dir.file("started");
  const std::string report_path = dir.file("report.json");
  TaskerProcess tasker(
      {"every", "10s", "--report", report_path, "--", "echo $$ > " + started + "; sleep 30"}, dir);
  ASSERT_TRUE(wait_for_file(started));
  tasker.signal(SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGINT);
  const json j = json::parse(read_file(report_path));
  EXPECT_EQ(j["end_reason"], "interrupted");
  EXPECT_EQ(j["runs"][0]["state"], "cancelled");
  for (pid_t pid : read_pids(started)) EXPECT_FALSE(process_alive(pid));
}

TEST_F(PeriodicCommands, AfterRunsTheCommandOnceAfterTheDelay) {
  const json j = report({"after", "200ms", "--", "echo", "later"}, 0);
  EXPECT_EQ(j["command"], "after");
  EXPECT_EQ(j["tasks"][0]["stdout"], "later\n");
  EXPECT_GE(j["tasks"][0]["started_ms"].get<double>(), 199.0);
}

TEST_F(PeriodicCommands, AfterPassesTheCommandsStatusOn) {
  const json j = report({"after", "10ms", "exit 5"}, 5);
  EXPECT_EQ(j["fired"], "errback");
}

TEST_F(PeriodicCommands, CtrlCBeforeTheDelayRunsNothing) {
  const std::string marker = dir.file("ran");
  TaskerProcess tasker({"-q", "after", "30s", "--", "touch " + marker}, dir);
  std::this_thread::sleep_for(300ms);
  tasker.signal(SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGINT);
  EXPECT_FALSE(std::filesystem::exists(marker));
}

}  // namespace
}  // namespace tasker::testing
