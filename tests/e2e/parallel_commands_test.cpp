// gather, list and any end to end, on the built binary: exit statuses
// (docs/behaviour.md "Exit statuses"), the JSON report, DeferredList semantics seen from
// outside (docs/rules.md D, E) and the options of the commands. Sleeps inside tasks order
// events; margins are wide for a loaded 2-core machine.

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace tasker::testing {
namespace {

using nlohmann::json;

class ParallelCommands : public ::testing::Test {
 protected:
  TaskerResult run(const std::vector<std::string>& args, const std::string& stdin_text = "") {
    return run_tasker(args, dir, stdin_text);
  }
  // Runs with --json and returns the parsed report.
  json report(std::vector<std::string> args, int expected_status) {
    args.insert(args.begin() + 1, "--json");
    const TaskerResult r = run(args);
    EXPECT_EQ(r.exit_code, expected_status) << r.err;
    return json::parse(r.out);
  }
  ScratchDir dir;
};

// ---- gather ----------------------------------------------------------------------------------

TEST_F(ParallelCommands, GatherAllSucceedingExitsZeroAndStreamsPrefixedLines) {
  const TaskerResult r = run({"gather", "--names", "a,b", "echo one", "echo two >&2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("a | one\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("two"), std::string::npos);  // stderr stays on stderr
  EXPECT_NE(r.err.find("b | two\n"), std::string::npos) << r.err;
}

TEST_F(ParallelCommands, GatherFailsWithTheStatusOfTheFirstTaskToFailInTime) {
  // #0 has the lower index but fails later: FirstError names #1 (E2).
  const json j = report({"gather", "sleep 1; exit 3", "exit 4", "sleep 30"}, 4);
  EXPECT_EQ(j["fired"], "errback");
  EXPECT_EQ(j["fire_index"], 1);
  EXPECT_EQ(j["tasks"][1]["state"], "failed");
  EXPECT_EQ(j["tasks"][1]["unhandled"], true);  // E3: consumeErrors off
  EXPECT_EQ(j["tasks"][0]["state"], "cancelled");
  EXPECT_EQ(j["tasks"][0]["unhandled"], false);  // cancelled by tasker: never unhandled
  EXPECT_EQ(j["tasks"][2]["state"], "cancelled");
  EXPECT_EQ(j["tasks"][2]["signal"], 15);
  EXPECT_EQ(j["tasks"][2]["status"], 143);
}

TEST_F(ParallelCommands, GatherOnFireWaitLetsTheOthersFinishAndReportsLateFailuresUnhandled) {
  const json j =
      report({"gather", "--on-fire", "wait", "exit 4", "sleep 0.5; exit 5", "sleep 0.5"}, 4);
  EXPECT_EQ(j["fire_index"], 0);
  EXPECT_EQ(j["tasks"][1]["state"], "failed");
  EXPECT_EQ(j["tasks"][1]["unhandled"], true);  // failed after the run fired (D8, D7)
  EXPECT_EQ(j["tasks"][2]["state"], "succeeded");
}

TEST_F(ParallelCommands, GatherConsumeErrorsLeavesNothingUnhandled) {
  const json j = report({"gather", "--consume-errors", "exit 4", "sleep 30"}, 4);
  EXPECT_EQ(j["tasks"][0]["unhandled"], false);
  EXPECT_EQ(j["options"]["consume_errors"], true);
}

// ---- list --------------------------------------------------------------------------------------

TEST_F(ParallelCommands, ListWithNoFlagsAndEveryTaskFailingCallsBackAndExitsOneForUnhandled) {
  const TaskerResult r = run({"--json", "list", "exit 1", "exit 2"});
  EXPECT_EQ(r.exit_code, 1);
  const json j = json::parse(r.out);
  EXPECT_EQ(j["fired"], "callback");  // D3: a plain DeferredList never errbacks
  EXPECT_EQ(j["fire_index"], nullptr);
  EXPECT_EQ(j["tasks"][0]["unhandled"], true);
  EXPECT_EQ(j["tasks"][1]["unhandled"], true);
  EXPECT_NE(r.err.find("unhandled"), std::string::npos);
}

TEST_F(ParallelCommands, ListFireOnOneCallbackWithEveryTaskFailingCallsBackWithTheList) {
  const json j = report({"list", "--fire-on-one-callback", "exit 1", "exit 2"}, 1);
  EXPECT_EQ(j["fired"], "callback");  // D4
  EXPECT_EQ(j["fire_index"], nullptr);
}

TEST_F(ParallelCommands, ListFireOnOneCallbackFiresWithTheFirstSuccessInTime) {
  const json j = report(
      {"list", "--fire-on-one-callback", "--consume-errors", "sleep 30", "sleep 0.3; true", "true"},
      0);
  EXPECT_EQ(j["fire_index"], 2);
  EXPECT_EQ(j["tasks"][0]["state"], "cancelled");
}

TEST_F(ParallelCommands, ListFireOnOneErrbackFailsWithTheFailingTasksStatus) {
  const json j = report({"list", "--fire-on-one-errback", "sleep 30", "sleep 0.3; exit 3"}, 3);
  EXPECT_EQ(j["fired"], "errback");
  EXPECT_EQ(j["fire_index"], 1);
  EXPECT_EQ(j["tasks"][0]["state"], "cancelled");
}

TEST_F(ParallelCommands, ConsumeErrorsChangesTheUnhandledSetAndNothingElse) {
  const std::vector<std::string> tasks{"exit 1", "true", "exit 2"};
  std::vector<std::string> plain{"list"};
  std::vector<std::string> consumed{"list", "--consume-errors"};
  plain.insert(plain.end(), tasks.begin(), tasks.end());
  consumed.insert(consumed.end(), tasks.begin(), tasks.end());
  json a = report(plain, 1);
  json b = report(consumed, 0);
  EXPECT_EQ(a["tasks"][0]["unhandled"], true);
  EXPECT_EQ(b["tasks"][0]["unhandled"], false);
  for (json* j : {&a, &b}) {
    j->erase("exit_code");
    j->erase("duration_ms");
    j->erase("started_at");
    (*j)["options"].erase("consume_errors");
    for (json& task : (*j)["tasks"]) {
      task.erase("unhandled");
      task.erase("started_ms");
      task.erase("duration_ms");
    }
  }
  EXPECT_EQ(a, b);
}

TEST_F(ParallelCommands, ListWithoutCommandsIsAUsageError) {
  const TaskerResult r = run({"list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
}

// ---- any ----------------------------------------------------------------------------------------

TEST_F(ParallelCommands, AnySucceedsWithTheFirstSuccessAndCancelsTheRest) {
  const json j = report({"any", "exit 1", "sleep 0.3", "sleep 30"}, 0);
  EXPECT_EQ(j["fired"], "callback");
  EXPECT_EQ(j["fire_index"], 1);
  EXPECT_EQ(j["tasks"][0]["unhandled"], false);  // any consumes errors
  EXPECT_EQ(j["tasks"][2]["state"], "cancelled");
}

TEST_F(ParallelCommands, AnyWithNoSuccessFailsWithTheStatusOfTheLastFailure) {
  const json j = report({"any", "sleep 0.5; exit 7", "exit 1"}, 7);
  EXPECT_EQ(j["fired"], "errback");
}

// ---- shared options ---------------------------------------------------------------------------

TEST_F(ParallelCommands, JobsLimitRunsTasksOneAtATimeInOrder) {
  const std::string log = dir.file("log");
  const TaskerResult r =
      run({"gather", "-j", "1", "echo a >> " + log + "; sleep 0.2; echo A >> " + log,
           "echo b >> " + log + "; sleep 0.2; echo B >> " + log});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(log), "a\nA\nb\nB\n");
}

TEST_F(ParallelCommands, QueuedTasksOfAFailedGatherNeverStart) {
  const std::string marker = dir.file("started");
  const json j = report({"gather", "-j", "1", "exit 3", "touch " + marker, "touch " + marker}, 3);
  EXPECT_EQ(j["tasks"][1]["state"], "not_started");
  EXPECT_EQ(j["tasks"][1]["status"], nullptr);
  EXPECT_EQ(j["tasks"][2]["state"], "not_started");
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST_F(ParallelCommands, TimeoutStopsATaskWithStatus124) {
  const json j = report({"gather", "--timeout", "300ms", "sleep 30"}, 124);
  EXPECT_EQ(j["tasks"][0]["state"], "timed_out");
  EXPECT_EQ(j["tasks"][0]["status"], 124);
  EXPECT_EQ(j["options"]["timeout_ms"], 300.0);
}

TEST_F(ParallelCommands, RetriesRunAFailingTaskAgain) {
  const std::string count = dir.file("count");
  // Fails on the first two attempts, succeeds on the third.
  const std::string cmd = "echo x >> " + count + "; test $(wc -l < " + count + ") -ge 3";
  const json j = report({"gather", "--retries", "2", "--retry-delay", "10ms", cmd}, 0);
  EXPECT_EQ(j["tasks"][0]["attempts"], 3);
  EXPECT_EQ(j["tasks"][0]["state"], "succeeded");
}

TEST_F(ParallelCommands, CommandThatCannotRunFailsWith127) {
  const json j = report({"gather", "/no/such/command"}, 127);
  EXPECT_EQ(j["tasks"][0]["status"], 127);
}

TEST_F(ParallelCommands, MissingShellFailsWith127AndSaysWhy) {
  const TaskerResult r = run({"gather", "--shell", "/no/such/shell", "true"});
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_NE(r.err.find("/no/such/shell"), std::string::npos) << r.err;
}

TEST_F(ParallelCommands, NamesAndFromFileAndStdin) {
  write_file(dir.file("cmds"), "# a comment\n\necho from-file\n   \necho second\n");
  const json j =
      report({"gather", "--from", dir.file("cmds"), "--names", "arg,f1,f2", "echo arg"}, 0);
  ASSERT_EQ(j["tasks"].size(), 3u);
  EXPECT_EQ(j["tasks"][0]["name"], "arg");
  EXPECT_EQ(j["tasks"][1]["command"], "echo from-file");
  EXPECT_EQ(j["tasks"][2]["name"], "f2");
  EXPECT_EQ(j["tasks"][1]["stdout"], "from-file\n");

  const TaskerResult r = run({"--json", "gather", "--from", "-"}, "echo piped\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["tasks"][0]["stdout"], "piped\n");
}

TEST_F(ParallelCommands, TasksReadDevNullUnlessStdinIsInherited) {
  const json j = report({"gather", "cat"}, 0);
  EXPECT_EQ(j["tasks"][0]["stdout"], "");
  const TaskerResult r = run({"--json", "--stdin", "inherit", "gather", "cat"}, "fed\n");
  EXPECT_EQ(json::parse(r.out)["tasks"][0]["stdout"], "fed\n");
}

// ---- the JSON report ---------------------------------------------------------------------------

TEST_F(ParallelCommands, JsonReportHasEverySpecField) {
  const json j = report({"list", "--fire-on-one-errback", "sleep 30", "sleep 0.2; exit 3"}, 3);
  for (const char* key : {"tasker", "command", "options", "fired", "fire_index", "exit_code",
                          "duration_ms", "tasks"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  for (const char* key :
       {"fire_on_one_callback", "fire_on_one_errback", "consume_errors", "jobs", "timeout_ms"}) {
    EXPECT_TRUE(j["options"].contains(key)) << key;
  }
  for (const char* key :
       {"index", "name", "command", "state", "exit_code", "signal", "status", "unhandled",
        "started_ms", "duration_ms", "attempts", "stdout", "stderr"}) {
    EXPECT_TRUE(j["tasks"][0].contains(key)) << key;
  }
  EXPECT_EQ(j["command"], "list");
  EXPECT_EQ(j["exit_code"], 3);
  EXPECT_TRUE(j["duration_ms"].is_number());
  EXPECT_EQ(j["tasks"][1]["exit_code"], 3);
  EXPECT_EQ(j["tasks"][1]["signal"], nullptr);
}

TEST_F(ParallelCommands, ReportFileIsWrittenAlongsideStreamedOutput) {
  const std::string path = dir.file("report.json");
  const TaskerResult r = run({"gather", "--report", path, "echo hi"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("#0 | hi"), std::string::npos);
  const json j = json::parse(read_file(path));
  EXPECT_EQ(j["tasks"][0]["state"], "succeeded");
}

TEST_F(ParallelCommands, JunitReportHasOneTestcasePerTask) {
  const std::string path = dir.file("junit.xml");
  const TaskerResult r = run({"list", "--junit", path, "true", "exit 3"});
  EXPECT_EQ(r.exit_code, 1);
  const std::string xml = read_file(path);
  EXPECT_NE(xml.find("<testcase name=\"#0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"#1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure"), std::string::npos) << xml;
}

// With --junit alone, output is shown live and its tail is in the testcase too: CI gets both.
TEST_F(ParallelCommands, JunitHasTheOutputThatWasShownLive) {
  const std::string path = dir.file("junit.xml");
  const TaskerResult r =
      run({"--junit", path, "gather", "echo built; echo 'no such file' >&2; exit 2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("built"), std::string::npos) << r.out;
  const std::string xml = read_file(path);
  EXPECT_NE(xml.find("<system-out>built\n</system-out>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<system-err>no such file\n</system-err>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("(status 2)\nno such file\n</failure>"), std::string::npos) << xml;
  EXPECT_NE(xml.find(" timestamp=\""), std::string::npos) << xml;
  EXPECT_NE(xml.find(" hostname=\""), std::string::npos) << xml;
}

// ---- output
// ---------------------------------------------------------------------------------------

TEST_F(ParallelCommands, EveryOutputModeKeepsLinesWholeAndStreamsApart) {
  const std::vector<std::string> tasks{"printf 'a1\\na2\\n'; printf 'e1\\n' >&2",
                                       "printf 'b1\\nb2'"};
  std::vector<std::string> raw{"--output", "raw", "gather"};
  raw.insert(raw.end(), tasks.begin(), tasks.end());
  TaskerResult r = run(raw);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("a1\na2\n"), std::string::npos) << r.out;
  // "b2" has no newline: raw holds it until its task ends, so a's lines may come between.
  ASSERT_NE(r.out.find("b2"), std::string::npos) << r.out;
  EXPECT_LT(r.out.find("b1\n"), r.out.find("b2")) << r.out;
  EXPECT_EQ(r.err.find("e1\n"), 0u) << r.err;

  std::vector<std::string> grouped{"--output", "grouped", "gather"};
  grouped.insert(grouped.end(), tasks.begin(), tasks.end());
  r = run(grouped);
  EXPECT_NE(r.out.find("a1\na2\n"), std::string::npos) << r.out;

  std::vector<std::string> quiet{"--output", "quiet", "gather"};
  quiet.insert(quiet.end(), tasks.begin(), tasks.end());
  r = run(quiet);
  EXPECT_EQ(r.out, "");
}

TEST_F(ParallelCommands, EightTasksOfAHundredThousandLinesNeverTearALine) {
  std::vector<std::string> args{"-q", "gather"};
  for (int i = 0; i < 8; ++i) {
    args.push_back("seq -f 'task" + std::to_string(i) + " line %g end' 100000");
  }
  const TaskerResult r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::size_t count = 0;
  std::vector<long> last(8, 0);
  while (std::getline(lines, line)) {
    ++count;
    // "#3 | task3 line 17 end": label and content agree, the line is whole and in order.
    const int label = line[1] - '0';
    ASSERT_EQ(
        line.rfind("#" + std::to_string(label) + " | task" + std::to_string(label) + " line ", 0),
        0u)
        << line;
    ASSERT_EQ(line.substr(line.size() - 4), " end") << line;
    const long n = std::stol(line.substr(line.find(" line ") + 6));
    ASSERT_EQ(n, last[label] + 1) << line;
    last[label] = n;
  }
  EXPECT_EQ(count, 800'000u);
}

TEST_F(ParallelCommands, BinaryOutputAndMissingFinalNewlineSurviveRawOutput) {
  const TaskerResult r = run({"--output", "raw", "gather", "printf 'a\\000b\\nno newline'"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::string("a\0b\nno newline", 14));
}

TEST_F(ParallelCommands, VerboseLogsStartAndEnd) {
  const TaskerResult r = run({"-v", "gather", "true"});
  EXPECT_NE(r.err.find("#0 started"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("#0 succeeded"), std::string::npos) << r.err;
}

// Names and commands are shown as the summary shows them: an escape sequence in --names or in a
// command (`\e[2J` clears the screen, `\e]0;...\a` sets the window title) reaches the terminal
// from no label, `==> name <==` header or -v line. What a task prints is its own business.
TEST_F(ParallelCommands, EscapeSequencesInNamesAndCommandsAreNotPrinted) {
  const std::string name = "red\x1b[2J\x1b]0;title\x07";
  const std::string command = "echo hi; exit 3 # \x1b[31m";
  for (const std::string mode : {"prefixed", "grouped"}) {
    const TaskerResult r =
        run({"-v", "--output", mode, "gather", "--retries", "1", "--names", name, command});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.out.find("red [2J ]0;title "), std::string::npos) << mode << ": " << r.out;
    EXPECT_NE(r.out.find("hi\n"), std::string::npos) << mode << ": " << r.out;
    EXPECT_NE(r.err.find("attempt 2 started"), std::string::npos) << mode << ": " << r.err;
    for (const char control : {'\x1b', '\x07'}) {
      EXPECT_EQ(r.out.find(control), std::string::npos) << mode << ": " << r.out;
      EXPECT_EQ(r.err.find(control), std::string::npos) << mode << ": " << r.err;
    }
  }
}

TEST_F(ParallelCommands, QuietDropsTheSummary) {
  const TaskerResult loud = run({"gather", "true"});
  const TaskerResult quiet = run({"-q", "gather", "true"});
  EXPECT_NE(loud.err, "");
  EXPECT_EQ(quiet.err, "");
}

}  // namespace
}  // namespace tasker::testing
