// SIGINT/SIGTERM end to end (docs/behaviour.md "Signals", "Exit statuses"): the first signal
// cancels the tasks, the summary and reports are still written, tasker then dies of the same
// signal; a second signal kills at once; no process of any task is left.

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <thread>
#include <vector>

namespace tasker::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class Signals : public ::testing::Test {
 protected:
  // Every task appends its shell's pid, and its background child's, to `pids`.
  std::string pids() const { return dir.file("pids"); }
  void expect_no_task_left() {
    std::this_thread::sleep_for(100ms);  // let init reap what was killed
    for (pid_t pid : read_pids(pids())) {
      EXPECT_FALSE(process_alive(pid))
          << "task process " << pid
          << " outlived tasker: " << read_file("/proc/" + std::to_string(pid) + "/stat");
      ::kill(pid, SIGKILL);  // never leave it behind, even when the test fails
    }
  }
  ScratchDir dir;
};

TEST_F(Signals, SigintCancelsTasksWritesTheReportAndDiesOfSigint) {
  const std::string report = dir.file("report.json");
  TaskerProcess tasker(
      {"gather", "--report", report, "-j", "2", "echo $$ >> " + pids() + "; sleep 30",
       "sleep 30 & echo $! >> " + pids() + "; echo $$ >> " + pids() + "; wait",
       "echo never > " + dir.file("third")},
      dir);
  ASSERT_TRUE(wait_for_file(pids()));
  std::this_thread::sleep_for(200ms);
  tasker.signal(SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGINT);
  EXPECT_NE(r.err.find("cancelled"), std::string::npos) << r.err;  // the summary
  const json j = json::parse(read_file(report));
  EXPECT_EQ(j["tasks"][0]["state"], "cancelled");
  EXPECT_EQ(j["tasks"][2]["state"], "not_started");
  EXPECT_EQ(j["interrupted"], SIGINT);
  EXPECT_EQ(j["exit_code"], 130);
  EXPECT_FALSE(std::filesystem::exists(dir.file("third")));
  expect_no_task_left();
}

TEST_F(Signals, SigtermEndsWithSigterm) {
  TaskerProcess tasker({"-q", "gather", "echo $$ >> " + pids() + "; sleep 30"}, dir);
  ASSERT_TRUE(wait_for_file(pids()));
  tasker.signal(SIGTERM);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGTERM);
  expect_no_task_left();
}

TEST_F(Signals, TaskIgnoringTermIsKilledAfterTheGrace) {
  const std::string report = dir.file("report.json");
  TaskerProcess tasker({"gather", "--grace", "300ms", "--report", report,
                        "trap '' TERM; echo $$ >> " + pids() + "; while :; do sleep 0.05; done"},
                       dir);
  ASSERT_TRUE(wait_for_file(pids()));
  tasker.signal(SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGINT);
  const json j = json::parse(read_file(report));
  EXPECT_EQ(j["tasks"][0]["signal"], 9);
  expect_no_task_left();
}

TEST_F(Signals, SecondSignalKillsAtOnce) {
  TaskerProcess tasker({"-q", "gather", "--grace", "60s",
                        "trap '' TERM; echo $$ >> " + pids() + "; while :; do sleep 0.05; done"},
                       dir);
  ASSERT_TRUE(wait_for_file(pids()));
  tasker.signal(SIGINT);
  std::this_thread::sleep_for(300ms);
  const auto before = std::chrono::steady_clock::now();
  tasker.signal(SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGINT);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 30s);  // far below the 60 s grace
  expect_no_task_left();
}

TEST_F(Signals, BackgroundGrandchildHoldingThePipeDoesNotHangTheRun) {
  const std::string cmd =
      "sleep 30 & echo $! >> " + pids() + "; echo $$ >> " + pids() + "; echo hi";
  const TaskerResult r = run_tasker({"--json", "gather", "--grace", "300ms", cmd}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["tasks"][0]["stdout"], "hi\n");
  expect_no_task_left();
}

TEST_F(Signals, BackgroundChildThatClosedItsPipesIsGoneAfterTheRun) {
  const std::string cmd = "sleep 30 >/dev/null 2>&1 & echo $! >> " + pids();
  const TaskerResult r = run_tasker({"-q", "gather", cmd}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_no_task_left();
}

}  // namespace
}  // namespace tasker::testing
