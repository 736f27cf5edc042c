// tasker chain end to end, on the built binary (docs/behaviour.md "Chains"): every step kind, what
// a step receives (stdin and TASKER_*), per-step options, the JSON report, and Ctrl-C at each point
// of a chain. Steps append to a log file so a test sees which ran, in which order; margins
// are wide for a loaded 2-core machine.

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace tasker::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class ChainCommand : public ::testing::Test {
 protected:
  // A step that appends `name` to the log, then exits with `status`.
  std::string step(const std::string& name, int status = 0) const {
    return "echo " + name + " >> " + log() + "; exit " + std::to_string(status);
  }
  std::string log() const { return dir.file("log"); }
  std::string logged() const { return read_file(log()); }
  // Runs `tasker --json chain ARGS...`, expecting `status`, and returns the report.
  json report(const std::vector<std::string>& chain_args, int status) {
    std::vector<std::string> args{"--json", "chain"};
    args.insert(args.end(), chain_args.begin(), chain_args.end());
    const TaskerResult r = run_tasker(args, dir);
    EXPECT_EQ(r.exit_code, status) << r.err;
    return json::parse(r.out);
  }
  std::string pids() const { return dir.file("pids"); }
  void expect_no_task_left() {
    std::this_thread::sleep_for(100ms);  // let init reap what was killed
    for (pid_t pid : read_pids(pids())) {
      EXPECT_FALSE(process_alive(pid)) << "task process " << pid << " outlived tasker";
      ::kill(pid, SIGKILL);  // never leave it behind, even when the test fails
    }
  }
  ScratchDir dir;
};

// ---- step kinds ------------------------------------------------------------------------------

TEST_F(ChainCommand, ThenRunsOnSuccessAndIsSkippedOnFailure) {
  json j = report({step("cmd"), "--then", step("then1", 4), "--then", step("then2")}, 4);
  EXPECT_EQ(logged(), "cmd\nthen1\n");
  EXPECT_EQ(j["levels"][0]["ran"], true);
  EXPECT_EQ(j["levels"][0]["track_after"], "errback");
  EXPECT_EQ(j["levels"][1]["ran"], false);
  EXPECT_EQ(j["levels"][1]["track_after"], "errback");
  EXPECT_EQ(j["levels"][1]["state"], nullptr);  // no process: no task fields
}

TEST_F(ChainCommand, CatchRecoversAndATrapThatDoesNotMatchPassesTheFailureOn) {
  const json j = report({step("cmd", 3), "--catch", step("wrong-trap"), "--trap", "1,4-9",
                         "--catch", step("right-trap"), "--trap", "2-3", "--then", step("after")},
                        0);
  EXPECT_EQ(logged(), "cmd\nright-trap\nafter\n");
  EXPECT_EQ(j["levels"][0]["ran"], false);
  EXPECT_EQ(j["levels"][0]["trap"], "1,4-9");
  EXPECT_EQ(j["levels"][0]["track_after"], "errback");
  EXPECT_EQ(j["levels"][1]["ran"], true);
  EXPECT_EQ(j["levels"][1]["track_after"], "callback");
}

TEST_F(ChainCommand, ACatchThatFailsLeavesTheChainOnItsFailure) {
  const json j = report({step("cmd", 3), "--catch", step("catch", 5), "--then", step("then")}, 5);
  EXPECT_EQ(logged(), "cmd\ncatch\n");
  EXPECT_EQ(j["levels"][0]["status"], 5);
  EXPECT_EQ(j["levels"][0]["unhandled"], true);  // the failure the chain ends on
  EXPECT_EQ(j["cmd"]["unhandled"], false);       // handled by the catch
}

TEST_F(ChainCommand, BothRunsOnEitherTrackAndItsOutcomeIsTheResult) {
  report({step("cmd", 2), "--both", step("both1"), "--both", step("both2", 6)}, 6);
  EXPECT_EQ(logged(), "cmd\nboth1\nboth2\n");
}

TEST_F(ChainCommand, FinallyKeepsTheResultUnlessItFails) {
  report({step("cmd", 3), "--finally", step("finally")}, 3);
  EXPECT_EQ(logged(), "cmd\nfinally\n");
  report({step("cmd"), "--finally", step("finally", 7), "--then", step("then")}, 7);
  EXPECT_EQ(logged(), "cmd\nfinally\ncmd\nfinally\n");
}

// docs/rules.md A4 seen from outside: --callbacks is one level, --then --catch two.
TEST_F(ChainCommand, CallbacksIsOneLevelThenAndCatchAreTwo) {
  json j = report({step("cmd"), "--callbacks", step("cb", 5), step("eb")}, 5);
  EXPECT_EQ(logged(), "cmd\ncb\n");
  EXPECT_EQ(j["levels"][0]["kind"], "callbacks");
  EXPECT_EQ(j["levels"][0]["ran"], "callback");
  EXPECT_EQ(j["levels"][0]["callback"]["status"], 5);
  EXPECT_EQ(j["levels"][0]["errback"], nullptr);

  std::filesystem::remove(log());
  report({step("cmd"), "--then", step("cb", 5), "--catch", step("eb")}, 0);
  EXPECT_EQ(logged(), "cmd\ncb\neb\n");

  std::filesystem::remove(log());
  j = report({step("cmd", 1), "--callbacks", step("cb"), step("eb")}, 0);
  EXPECT_EQ(logged(), "cmd\neb\n");
  EXPECT_EQ(j["levels"][0]["ran"], "errback");
  EXPECT_EQ(j["levels"][0]["callback"], nullptr);
  EXPECT_EQ(j["levels"][0]["errback"]["status"], 0);
}

// ---- what a step receives --------------------------------------------------------------------

TEST_F(ChainCommand, AStepReadsTheStdoutOfTheOutcomeItHandles) {
  const json j = report({"echo payload", "--then", "tr a-z A-Z; exit 3", "--catch", "cat"}, 0);
  EXPECT_EQ(j["levels"][0]["stdout"], "PAYLOAD\n");
  EXPECT_EQ(j["levels"][1]["stdout"], "");  // the failed step printed nothing on stdout
}

TEST_F(ChainCommand, AFailedStepsStdoutIsWhatTheCatchReads) {
  const json j = report({"echo oops; exit 3", "--catch", "cat"}, 0);
  EXPECT_EQ(j["levels"][0]["stdout"], "oops\n");
}

// After a skipped step and a --finally that succeeded, the producer is still the one before.
TEST_F(ChainCommand, SkippedStepsAndASucceedingFinallyLeaveTheProducerAsItWas) {
  const json j = report({"echo first", "--catch", "echo never", "--finally", "echo cleanup",
                         "--then", "cat; echo \"from=$TASKER_FROM\""},
                        0);
  EXPECT_EQ(j["levels"][2]["stdout"], "first\nfrom=cmd\n");
}

TEST_F(ChainCommand, EveryStepGetsStatusErrorAndFromButCmdGetsNone) {
  const std::string show =
      "echo \"[${TASKER_STATUS-unset}|${TASKER_ERROR-unset}|"
      "${TASKER_FROM-unset}]\"";
  const json j = report({show + "; exit 3", "--catch", show, "--name", "fix", "--then",
                         show + "; kill -9 $$", "--both", show},
                        0);
  EXPECT_EQ(j["cmd"]["stdout"], "[unset|unset|unset]\n");
  EXPECT_EQ(j["levels"][0]["stdout"], "[3|exited with 3|cmd]\n");
  EXPECT_EQ(j["levels"][1]["stdout"], "[0||fix]\n");  // success: an empty TASKER_ERROR
  EXPECT_EQ(j["levels"][2]["stdout"], "[137|killed by signal 9|then#2]\n");
}

TEST_F(ChainCommand, ATimedOutStepIsAFailureTheCatchSeesAndTrapTimeoutMatches) {
  const json j = report({"true", "--then", "sleep 30", "--timeout", "300ms", "--catch",
                         "echo \"$TASKER_STATUS $TASKER_ERROR\"", "--trap", "timeout"},
                        0);
  EXPECT_EQ(j["levels"][0]["state"], "timed_out");
  EXPECT_EQ(j["levels"][0]["status"], 124);
  EXPECT_LT(j["levels"][0]["duration_ms"].get<double>(), 20000);
  EXPECT_EQ(j["levels"][1]["stdout"], "124 timed out\n");
}

TEST_F(ChainCommand, RetriesRerunAStepWhichReadsItsInputAgainFromTheStart) {
  const std::string seen = dir.file("seen");
  const json j = report({"echo data", "--then", "cat >> " + seen + "; exit 1", "--retries", "2",
                         "--retry-delay", "50ms", "--name", "flaky"},
                        1);
  EXPECT_EQ(read_file(seen), "data\ndata\ndata\n");
  EXPECT_EQ(j["levels"][0]["name"], "flaky");
  EXPECT_EQ(j["levels"][0]["attempts"], 3);
}

TEST_F(ChainCommand, CmdTakesItsOwnOptionsToo) {
  const json j = report(
      {"echo x >> " + log() + "; exit 2", "--retries", "1", "--name", "build", "--then", "true"},
      2);
  EXPECT_EQ(logged(), "x\nx\n");
  EXPECT_EQ(j["cmd"]["name"], "build");
  EXPECT_EQ(j["cmd"]["attempts"], 2);
}

// ---- output and report -----------------------------------------------------------------------

TEST_F(ChainCommand, OutputLinesAreLabelledWithStepNames) {
  const TaskerResult r = run_tasker({"chain", "echo one", "--then", "echo two", "--catch",
                                     "echo no", "--then", "echo three", "--name", "last"},
                                    dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Every step's name is known up front: labels are padded to the longest from the first line.
  EXPECT_NE(r.out.find("cmd     | one\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("then#1  | two\n"), std::string::npos) << r.out;
  const std::size_t last = r.out.find("last ");
  ASSERT_NE(last, std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("| three\n", last), r.out.find('|', last)) << r.out;
  EXPECT_EQ(r.out.find("no"), std::string::npos) << r.out;
  // The summary: each level, whether it ran, the track after it.
  EXPECT_NE(r.err.find("catch#2: did not run, then on the callback track"), std::string::npos)
      << r.err;
}

TEST_F(ChainCommand, JsonReportHasCmdAndOneObjectPerLevel) {
  const json j = report({"exit 3", "--then", "true", "--catch", "exit 4", "--trap", "3,timeout",
                         "--finally", "true", "--callbacks", "true", "exit 9"},
                        9);
  EXPECT_EQ(j["command"], "chain");
  EXPECT_EQ(j["fired"], "errback");
  EXPECT_EQ(j["exit_code"], 9);
  EXPECT_EQ(j["interrupted"], nullptr);
  EXPECT_EQ(j["cmd"]["name"], "cmd");
  EXPECT_EQ(j["cmd"]["command"], "exit 3");
  EXPECT_EQ(j["cmd"]["state"], "failed");
  ASSERT_EQ(j["levels"].size(), 4u);
  const std::vector<std::string> kinds{"then", "catch", "finally", "callbacks"};
  const std::vector<std::string> names{"then#1", "catch#2", "finally#3", "callbacks#4"};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(j["levels"][i]["index"], i);
    EXPECT_EQ(j["levels"][i]["kind"], kinds[i]);
    EXPECT_EQ(j["levels"][i]["name"], names[i]);
    EXPECT_TRUE(j["levels"][i].contains("ran"));
    EXPECT_TRUE(j["levels"][i].contains("trap"));
    EXPECT_EQ(j["levels"][i]["track_after"], "errback");
  }
  EXPECT_EQ(j["levels"][0]["ran"], false);
  EXPECT_EQ(j["levels"][0]["trap"], nullptr);
  EXPECT_EQ(j["levels"][1]["ran"], true);
  EXPECT_EQ(j["levels"][1]["trap"], "3,timeout");
  EXPECT_EQ(j["levels"][1]["status"], 4);
  EXPECT_EQ(j["levels"][1]["unhandled"], false);  // handed on to the next levels
  EXPECT_EQ(j["levels"][2]["ran"], true);         // finally: ran, kept the failure
  EXPECT_EQ(j["levels"][2]["status"], 0);
  EXPECT_EQ(j["levels"][3]["ran"], "errback");
  EXPECT_EQ(j["levels"][3]["callback"], nullptr);
  EXPECT_EQ(j["levels"][3]["errback"]["command"], "exit 9");
  EXPECT_EQ(j["levels"][3]["errback"]["status"], 9);
}

// ---- Ctrl-C ----------------------------------------------------------------------------------

// SIGINT during CMD: it is cancelled, then only --finally and --both run, receiving the
// interrupt; tasker dies of SIGINT after writing the report.
TEST_F(ChainCommand, SigintDuringTheFirstStepRunsOnlyFinallyAndBoth) {
  const std::string report_file = dir.file("r.json");
  const std::string show = "echo \"$TASKER_STATUS $TASKER_ERROR\" >> " + log();
  TaskerProcess tasker({"--report", report_file, "chain", "echo $$ >> " + pids() + "; sleep 30",
                        "--then", step("then"), "--catch", step("catch"), "--both", show,
                        "--callbacks", step("cb"), step("eb"), "--finally", step("finally")},
                       dir);
  ASSERT_TRUE(wait_for_file(pids()));
  std::this_thread::sleep_for(200ms);
  tasker.signal(SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGINT) << r.err;
  EXPECT_EQ(logged(), "130 interrupted\nfinally\n");
  const json j = json::parse(read_file(report_file));
  EXPECT_EQ(j["interrupted"], SIGINT);
  EXPECT_EQ(j["exit_code"], 130);
  EXPECT_EQ(j["cmd"]["state"], "cancelled");
  EXPECT_EQ(j["levels"][0]["ran"], false);
  EXPECT_EQ(j["levels"][1]["ran"], false);
  EXPECT_EQ(j["levels"][2]["ran"], true);
  EXPECT_EQ(j["levels"][3]["ran"], false);
  EXPECT_EQ(j["levels"][4]["ran"], true);
  expect_no_task_left();
}

// SIGINT during a later --then: the same, from that point on.
TEST_F(ChainCommand, SigintDuringALaterStepSkipsTheCatchAndRunsTheFinally) {
  TaskerProcess tasker(
      {"-q", "chain", step("cmd"), "--then", "echo $$ >> " + pids() + "; sleep 30", "--catch",
       step("catch"), "--finally", "echo \"finally $TASKER_STATUS\" >> " + log()},
      dir);
  ASSERT_TRUE(wait_for_file(pids()));
  std::this_thread::sleep_for(200ms);
  tasker.signal(SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGINT) << r.err;
  EXPECT_EQ(logged(), "cmd\nfinally 130\n");
  expect_no_task_left();
}

// SIGINT during a cleanup step: it is not cancelled; what follows it that is not cleanup
// does not run.
TEST_F(ChainCommand, SigintDuringACleanupStepLetsItFinish) {
  const std::string started = dir.file("started");
  TaskerProcess tasker({"-q", "chain", step("cmd"), "--finally",
                        "touch " + started + "; sleep 1; echo finally >> " + log(), "--then",
                        step("then"), "--both", step("both")},
                       dir);
  ASSERT_TRUE(wait_for_file(log()));
  for (int i = 0; i < 3000 && !std::filesystem::exists(started); ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(std::filesystem::exists(started));
  tasker.signal(SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGINT) << r.err;
  EXPECT_EQ(logged(), "cmd\nfinally\nboth\n");
}

// A second SIGINT kills at once: the cleanup step that the first one let run is killed too and
// not retried, whatever its --retries, and the rest is skipped.
TEST_F(ChainCommand, ASecondSigintKillsAtOnce) {
  TaskerProcess tasker({"-q", "chain", "echo $$ >> " + pids() + "; sleep 30", "--finally",
                        "echo $$ >> " + pids() + "; echo finally >> " + log() + "; sleep 30",
                        "--retries", "3", "--finally", step("never")},
                       dir);
  ASSERT_TRUE(wait_for_file(pids()));
  std::this_thread::sleep_for(200ms);
  tasker.signal(SIGINT);
  ASSERT_TRUE(wait_for_file(log()));
  const auto second = std::chrono::steady_clock::now();
  tasker.signal(SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_LT(std::chrono::steady_clock::now() - second, 10s);  // not the finally's 30 s
  EXPECT_EQ(r.signal, SIGINT) << r.err;
  EXPECT_EQ(logged(), "finally\n");
  EXPECT_EQ(read_pids(pids()).size(), 2u);
  expect_no_task_left();
}

}  // namespace
}  // namespace tasker::testing
