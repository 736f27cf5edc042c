// --joblog, --resume, --resume-failed, --rerun-failed and --results end to end, against the real
// GNU parallel (/usr/bin/parallel) wherever tasker promises its behaviour: the same log format,
// and each tool takes over from a log the other wrote.

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace tasker::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kHeader =
    "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (fields.size() < 8) {
    const std::size_t tab = line.find('\t', start);
    if (tab == std::string::npos)
      break;
    fields.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  fields.push_back(line.substr(start));
  return fields;
}

// Seq -> "Exitval Signal Command": what both tools must agree on.
std::map<int, std::string> outcomes(const std::string& log) {
  std::map<int, std::string> by_seq;
  const std::vector<std::string> lines = lines_of(log);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> f = fields_of(lines[i]);
    if (f.size() == 9)
      by_seq[std::stoi(f[0])] = f[6] + " " + f[7] + " " + f[8];
  }
  return by_seq;
}

// How many times each marker line was written.
std::map<std::string, int> counts(const std::string& text) {
  std::map<std::string, int> seen;
  for (const std::string& line : lines_of(text)) ++seen[line];
  return seen;
}

ProcessResult run_parallel(const std::vector<std::string>& args, const ScratchDir& dir) {
  std::vector<std::string> argv{"/usr/bin/parallel", "--will-cite"};
  argv.insert(argv.end(), args.begin(), args.end());
  SpawnedProcess parallel(argv, dir, SpawnedProcess::Stdout::file);
  return parallel.wait();
}

class JobLog : public ::testing::Test {
 protected:
  ScratchDir dir;
};

TEST_F(JobLog, LinesAreInGnuParallelsFormat) {
  const TaskerResult r =
      run_tasker({"-q", "list", "-j", "2", "--joblog", "log", "exit 3", "kill -9 $$", "true"}, dir);
  ASSERT_EQ(r.exit_code, 1) << r.err;  // list: two failures left unhandled
  const std::vector<std::string> lines = lines_of(read_file(dir.file("log")));
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(lines[0], kHeader);
  const std::regex line(R"(^[1-3]\t:\t\d{10}\.\d{3}\t {5}\d\.\d{3}\t0\t0\t-?\d+\t\d+\t.*$)");
  for (std::size_t i = 1; i < lines.size(); ++i)
    EXPECT_TRUE(std::regex_match(lines[i], line)) << lines[i];
  const ProcessResult p =
      run_parallel({"--joblog", "plog", "-j", "2", ":::", "exit 3", "kill -9 $$", "true"}, dir);
  const std::string parallel_log = read_file(dir.file("plog"));
  ASSERT_FALSE(lines_of(parallel_log).empty()) << "parallel wrote no job log: " << p.err;
  EXPECT_EQ(lines_of(parallel_log)[0], kHeader);
  EXPECT_EQ(outcomes(read_file(dir.file("log"))), outcomes(parallel_log));
  EXPECT_EQ(outcomes(parallel_log).at(2), "0 9 kill -9 $$");
  // Starttime is this run's, in epoch seconds.
  const double start = std::stod(fields_of(lines[1])[2]);
  EXPECT_NEAR(start, static_cast<double>(::time(nullptr)), 120.0);
}

TEST_F(JobLog, TimeoutAndCannotStartAsParallelWritesThemAndNeverStartedGetNoLine) {
  run_tasker({"-q", "list", "--timeout", "0.3s", "--joblog", "log", "sleep 30", "exit 127"}, dir);
  EXPECT_EQ(outcomes(read_file(dir.file("log"))),
            (std::map<int, std::string>{{1, "-1 15 sleep 30"}, {2, "127 0 exit 127"}}));
  run_tasker({"-q", "--shell", "/no/such/shell", "gather", "--joblog", "log2", "true"}, dir);
  EXPECT_EQ(outcomes(read_file(dir.file("log2"))), (std::map<int, std::string>{{1, "127 0 true"}}));
  // gather -j 1: the first failure cancels the rest, which never start.
  run_tasker({"-q", "gather", "-j", "1", "--joblog", "log3", "exit 4", "true", "true"}, dir);
  EXPECT_EQ(outcomes(read_file(dir.file("log3"))), (std::map<int, std::string>{{1, "4 0 exit 4"}}));
}

TEST_F(JobLog, ARunWithoutResumeStartsTheLogAfresh) {
  run_tasker({"-q", "gather", "--joblog", "log", "true", "true"}, dir);
  run_tasker({"-q", "gather", "--joblog", "log", "true"}, dir);
  EXPECT_EQ(lines_of(read_file(dir.file("log"))).size(), 2U);
}

const std::vector<std::string> kFour{"echo a >> marks", "echo b >> marks; exit 1",
                                     "echo c >> marks", "echo d >> marks"};

std::vector<std::string> with(std::vector<std::string> args,
                              const std::vector<std::string>& commands) {
  args.insert(args.end(), commands.begin(), commands.end());
  return args;
}

TEST_F(JobLog, ParallelResumesFromTaskersLog) {
  const std::vector<std::string> two(kFour.begin(), kFour.begin() + 2);
  run_tasker(with({"-q", "list", "-j", "1", "--joblog", "log"}, two), dir);
  ProcessResult p =
      run_parallel(with({"-j", "1", "--joblog", "log", "--resume", ":::"}, kFour), dir);
  EXPECT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(counts(read_file(dir.file("marks"))),
            (std::map<std::string, int>{{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}}));
  p = run_parallel(with({"-j", "1", "--joblog", "log", "--resume-failed", ":::"}, kFour), dir);
  EXPECT_EQ(counts(read_file(dir.file("marks"))),
            (std::map<std::string, int>{{"a", 1}, {"b", 2}, {"c", 1}, {"d", 1}}));
}

TEST_F(JobLog, TaskerResumesFromParallelsLogAndReportsWhatItSkipped) {
  const std::vector<std::string> two(kFour.begin(), kFour.begin() + 2);
  run_parallel(with({"-j", "1", "--joblog", "log", ":::"}, two), dir);
  TaskerResult r = run_tasker(
      with({"-q", "list", "-j", "1", "--joblog", "log", "--resume", "--report", "r.json"}, kFour),
      dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(counts(read_file(dir.file("marks"))),
            (std::map<std::string, int>{{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}}));
  const auto report = nlohmann::json::parse(read_file(dir.file("r.json")));
  std::vector<std::string> states;
  for (const auto& task : report["tasks"]) states.push_back(task["state"]);
  EXPECT_THAT(states, ElementsAre("skipped", "skipped", "succeeded", "succeeded"));
  EXPECT_EQ(report["tasks"][3]["index"], 3);
  // Both appended to one log: four lines, and parallel finds nothing left to do.
  EXPECT_EQ(outcomes(read_file(dir.file("log"))).size(), 4U);
  run_parallel(with({"-j", "1", "--joblog", "log", "--resume", ":::"}, kFour), dir);
  EXPECT_EQ(lines_of(read_file(dir.file("marks"))).size(), 4U);
  // --resume-failed runs b again, and b alone; it fails again, and the run with it.
  r = run_tasker(with({"-q", "gather", "--joblog", "log", "--resume-failed"}, kFour), dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(counts(read_file(dir.file("marks"))),
            (std::map<std::string, int>{{"a", 1}, {"b", 2}, {"c", 1}, {"d", 1}}));
}

TEST_F(JobLog, ALastLineCutShortByACrashCountsAsNotLogged) {
  write_file(dir.file("log"), std::string(kHeader) + "\n1\t:\t1796506716.716\t     0.004\t0\t0\t0" +
                                  "\t0\techo a >> marks\n2\t:\t17965");
  const TaskerResult r = run_tasker(
      {"-q", "gather", "--joblog", "log", "--resume", "echo a >> marks", "echo b >> marks"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir.file("marks")), "b\n");
  const std::vector<std::string> lines = lines_of(read_file(dir.file("log")));
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_THAT(lines[2], ::testing::StartsWith("2\t:\t"));
}

// Bad input: status 2, one line on stderr naming the problem, nothing run.
void expect_usage_error(const TaskerResult& r, const ScratchDir& dir, const std::string& says) {
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr(says));
  EXPECT_FALSE(std::filesystem::exists(dir.file("marks"))) << "a task ran";
}

TEST_F(JobLog, ResumeWithoutJoblogIsAUsageError) {
  expect_usage_error(run_tasker({"gather", "--resume", "echo a >> marks"}, dir), dir, "--joblog");
  expect_usage_error(run_tasker({"gather", "--resume-failed", "echo a >> marks"}, dir), dir,
                     "--joblog");
}

TEST_F(JobLog, ALogNotInTheFormatIsAUsageErrorNamingTheLine) {
  write_file(dir.file("log"), std::string(kHeader) + "\n1\t:\t1.0\t0.1\t0\t0\t0\t0\ttrue\nhello\n");
  expect_usage_error(run_tasker({"gather", "--joblog", "log", "--resume", "echo a >> marks"}, dir),
                     dir, "--joblog 'log' line 3: not a job log line");
  write_file(dir.file("log2"), "{\"tasker\": 1}\n");
  expect_usage_error(
      run_tasker({"gather", "--joblog", "log2", "--resume-failed", "echo a >> marks"}, dir), dir,
      "line 1: not a job log header");
  EXPECT_EQ(read_file(dir.file("log2")), "{\"tasker\": 1}\n");  // left as it was
}

TEST_F(JobLog, ResultsIntoAFileIsAUsageError) {
  write_file(dir.file("file"), "x");
  expect_usage_error(run_tasker({"gather", "--results", "file", "echo a >> marks"}, dir), dir,
                     "--results 'file' is a file");
}

TEST_F(JobLog, RerunFailedOnAFileThatIsNoTaskerReportIsAUsageError) {
  write_file(dir.file("r.json"), "{\"tasks\": []}\n");
  expect_usage_error(run_tasker({"gather", "--rerun-failed", "r.json", "echo a >> marks"}, dir),
                     dir, "is not a JSON report of tasker");
  write_file(dir.file("log"), std::string(kHeader) + "\n");
  expect_usage_error(run_tasker({"gather", "--rerun-failed", "log", "echo a >> marks"}, dir), dir,
                     "is not a JSON report of tasker");
  expect_usage_error(run_tasker({"gather", "--rerun-failed", "none.json", "echo a >> marks"}, dir),
                     dir, "cannot read --rerun-failed 'none.json'");
}

TEST_F(JobLog, RerunFailedRunsExactlyTheTasksTheReportListsAsNotSucceeded) {
  const std::vector<std::string> three{"echo a >> marks", "echo b >> marks; exit 1",
                                       "echo c >> marks; sleep 30"};
  TaskerResult r =
      run_tasker(with({"-q", "list", "--timeout", "2s", "--report", "r.json"}, three), dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  r = run_tasker(with({"-q", "list", "--rerun-failed", "r.json", "--report", "r2.json"},
                      {"echo a >> marks", "echo b >> marks", "echo c >> marks"}),
                 dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(counts(read_file(dir.file("marks"))),
            (std::map<std::string, int>{{"a", 1}, {"b", 2}, {"c", 2}}));
  const auto report = nlohmann::json::parse(read_file(dir.file("r2.json")));
  EXPECT_EQ(report["tasks"][0]["state"], "skipped");
  EXPECT_EQ(report["tasks"][1]["state"], "succeeded");
}

TEST_F(JobLog, ResultsHoldEachTasksStreamsAndReportObject) {
  const TaskerResult r = run_tasker(
      {"-q", "list", "--results", "out/r", "echo hi; echo err >&2", "printf x; exit 3"}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(read_file(dir.file("out/r/1/stdout")), "hi\n");
  EXPECT_EQ(read_file(dir.file("out/r/1/stderr")), "err\n");
  EXPECT_EQ(read_file(dir.file("out/r/2/stdout")), "x");
  const auto meta = nlohmann::json::parse(read_file(dir.file("out/r/2/meta.json")));
  EXPECT_EQ(meta["index"], 1);
  EXPECT_EQ(meta["state"], "failed");
  EXPECT_EQ(meta["exit_code"], 3);
  EXPECT_EQ(nlohmann::json::parse(read_file(dir.file("out/r/1/meta.json")))["state"], "succeeded");
}

TEST_F(JobLog, ResultsAreWrittenAsTheOutputComes) {
  TaskerProcess tasker({"-q", "gather", "--results", "out", "echo first; sleep 30"}, dir);
  EXPECT_TRUE(wait_for_file(dir.file("out/1/stdout"), std::chrono::seconds(20)));
  EXPECT_EQ(read_file(dir.file("out/1/stdout")), "first\n");
  tasker.signal(SIGTERM);
  EXPECT_EQ(tasker.wait().signal, SIGTERM);
}

// The case the job log is for: tasker killed outright in the middle, then run again.
TEST_F(JobLog, SigkillThenResumeDoesEveryInputOnceButThoseRunningAtTheKill) {
  constexpr int kTasks = 40;
  std::string commands;
  for (int i = 1; i <= kTasks; ++i)
    commands += "echo $$ >> pids; sleep 0.1; echo " + std::to_string(i) + " >> marks\n";
  write_file(dir.file("cmds"), commands);
  {
    TaskerProcess tasker({"-q", "gather", "-j", "4", "--joblog", "log", "--from", "cmds"}, dir);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (lines_of(read_file(dir.file("log"))).size() < 12 &&
           std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    tasker.signal(SIGKILL);
    EXPECT_EQ(tasker.wait().signal, SIGKILL);
  }
  const std::size_t logged = lines_of(read_file(dir.file("log"))).size() - 1;
  EXPECT_GE(logged, 11U);
  EXPECT_LT(logged, static_cast<std::size_t>(kTasks)) << "the kill came too late to test";
  // The tasks the kill left are killed by tasker's watchdog.
  const auto gone_by = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  const auto any_alive = [&] {
    const std::vector<pid_t> pids = read_pids(dir.file("pids"));
    return std::any_of(pids.begin(), pids.end(), process_alive);
  };
  while (any_alive() && std::chrono::steady_clock::now() < gone_by)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(any_alive()) << "a task outlived the killed tasker";

  const TaskerResult r =
      run_tasker({"-q", "gather", "-j", "4", "--joblog", "log", "--resume", "--from", "cmds"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::map<std::string, int> seen = counts(read_file(dir.file("marks")));
  int twice = 0;
  for (int i = 1; i <= kTasks; ++i) {
    const auto found = seen.find(std::to_string(i));
    ASSERT_NE(found, seen.end()) << "input " << i << " never done";
    EXPECT_LE(found->second, 2) << "input " << i;
    twice += found->second == 2 ? 1 : 0;
  }
  EXPECT_LE(twice, 4) << "more done twice than were running at the kill";
  // Every input is logged once it is done; the log has each Seq, and nothing runs again.
  EXPECT_EQ(outcomes(read_file(dir.file("log"))).size(), static_cast<std::size_t>(kTasks));
  EXPECT_FALSE(any_alive());
}

}  // namespace
}  // namespace tasker::testing
