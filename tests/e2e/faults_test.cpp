// Faults end to end (docs/behaviour.md "What always holds"): tasks that misbehave — ignore
// SIGTERM, leave a grandchild holding the pipes, detach with setsid, close
// stdout early, write binary — and a hostile world around tasker: its own
// stdout closed by the reader, a report file on a full disk, too few file
// descriptors. Each must end in bounded time, with a sensible status and no
// task process left behind (except what setsid puts out of reach: README
// "Reliability").

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace tasker::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class Faults : public ::testing::Test {
 protected:
  // Tasks append their pids here (`echo $$ >> pids`), for the checks and the cleanup.
  std::string pids() const { return dir.file("pids"); }

  // Shell code that waits until a task wrote its pid.
  std::string wait_for_pids() const { return "while [ ! -s " + pids() + " ]; do sleep 0.01; done"; }

  void TearDown() override {
    for (pid_t pid : read_pids(pids())) ::kill(pid, SIGKILL);  // never leave one behind
  }

  void expect_no_task_left() {
    std::this_thread::sleep_for(100ms);  // let init reap what was killed
    for (pid_t pid : read_pids(pids())) {
      EXPECT_FALSE(process_alive(pid)) << "task process " << pid << " outlived tasker";
    }
  }

  static double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  ScratchDir dir;
};

// ---- tasks that misbehave ---------------------------------------------------------------------

TEST_F(Faults, TaskIgnoringTermIsKilledAfterTheGraceWhenTheRunCancelsIt) {
  const std::string stubborn =
      "trap '' TERM; echo $$ >> " + pids() + "; while :; do sleep 0.05; done";
  const auto start = Clock::now();
  const TaskerResult r =
      run_tasker({"--json", "gather", "--grace", "300ms", stubborn, "sleep 0.5; exit 3"}, dir);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["tasks"][0]["state"], "cancelled");
  EXPECT_EQ(j["tasks"][0]["signal"], 9);  // TERM was ignored: KILL after the grace
  EXPECT_LT(seconds_since(start), 10.0);
  expect_no_task_left();
}

TEST_F(Faults, TaskIgnoringTermTimesOutWith124) {
  const std::string stubborn =
      "trap '' TERM; echo $$ >> " + pids() + "; while :; do sleep 0.05; done";
  const TaskerResult r =
      run_tasker({"--json", "gather", "--timeout", "200ms", "--grace", "200ms", stubborn}, dir);
  EXPECT_EQ(r.exit_code, 124) << r.err;
  EXPECT_EQ(json::parse(r.out)["tasks"][0]["state"], "timed_out");
  expect_no_task_left();
}

TEST_F(Faults, GrandchildKeepingThePipesDoesNotHoldTheRun) {
  // The subshell forks a grandchild that inherits stdout and stderr, then
  // exits: the grandchild is orphaned, still in the task's group, pipes open.
  const std::string cmd = "(sh -c 'echo $$ >> " + pids() + "; exec sleep 30' &); echo $$ >> " +
                          pids() + "; echo parent done";
  const auto start = Clock::now();
  const TaskerResult r = run_tasker({"--output", "raw", "gather", "--grace", "300ms", cmd}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "parent done\n");
  EXPECT_LT(seconds_since(start), 10.0);  // the grace, not the grandchild's 30 s
  expect_no_task_left();
}

TEST_F(Faults, SetsidDetachedProcessIsOutOfReachButDoesNotHoldTheRun) {
  // setsid puts the process in a session and group of its own: the group
  // kill cannot reach it (README "Reliability"). tasker must still end.
  // The task waits until the process has detached: the group kill at its end
  // would otherwise catch it before setsid() ran.
  const std::string cmd = "setsid sh -c 'echo $$ >> " + pids() +
                          "; exec sleep 30' </dev/null >/dev/null 2>&1 & " + wait_for_pids() +
                          "; echo detached";
  const auto start = Clock::now();
  const TaskerResult r = run_tasker({"--output", "raw", "gather", cmd}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "detached\n");
  EXPECT_LT(seconds_since(start), 10.0);
  const std::vector<pid_t> detached = read_pids(pids());
  ASSERT_EQ(detached.size(), 1u);
  EXPECT_TRUE(process_alive(detached[0])) << "tasker now reaches setsid: update the README";
}

TEST_F(Faults, SetsidDetachedProcessHoldingThePipesEndsTheRunAfterTheGrace) {
  const std::string cmd = "setsid sh -c 'echo $$ >> " + pids() + "; exec sleep 30' & " +
                          wait_for_pids() + "; echo detached";
  const auto start = Clock::now();
  const TaskerResult r = run_tasker({"--output", "raw", "gather", "--grace", "300ms", cmd}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "detached\n");
  EXPECT_LT(seconds_since(start), 10.0);  // tasker stops reading after the grace
  const std::vector<pid_t> detached = read_pids(pids());
  ASSERT_EQ(detached.size(), 1u);
  EXPECT_TRUE(process_alive(detached[0])) << "tasker now reaches setsid: update the README";
}

TEST_F(Faults, TaskClosingStdoutEarlyIsStillFollowedToItsEnd) {
  const std::string report = dir.file("report.json");
  const TaskerResult r =
      run_tasker({"gather", "--report", report, "exec >&-; sleep 0.2; echo x >&2"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("#0 | x\n"), std::string::npos) << r.err;
  const json j = json::parse(read_file(report));
  EXPECT_EQ(j["tasks"][0]["state"], "succeeded");
  EXPECT_GE(j["tasks"][0]["duration_ms"].get<double>(), 150.0);  // not ended at stdout's EOF
}

TEST_F(Faults, TaskClosingBothStreamsStillReportsItsExitStatus) {
  const TaskerResult r = run_tasker({"-q", "gather", "exec >&- 2>&-; sleep 0.2; exit 3"}, dir);
  EXPECT_EQ(r.exit_code, 3) << r.err;
}

// True when a process here can leave a core dump: a child that raises SIGSEGV with no core size
// limit says so in its wait status. A container may forbid it (a hard limit of 0).
bool core_dumps_possible(const std::string& in_dir) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    struct rlimit unlimited {
      RLIM_INFINITY, RLIM_INFINITY
    };
    ::setrlimit(RLIMIT_CORE, &unlimited);
    if (::chdir(in_dir.c_str()) != 0)
      ::_exit(1);
    ::signal(SIGSEGV, SIG_DFL);
    ::raise(SIGSEGV);
    ::_exit(1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WCOREDUMP(status);
}

// A shell says "Segmentation fault (core dumped)"; tasker says it too, in the summary, and
// `"core_dumped": true` in the report, for a task and for a run of every.
TEST_F(Faults, TaskThatDumpsCoreSaysSoInTheSummaryAndTheReport) {
  if (!core_dumps_possible(dir.path()))
    GTEST_SKIP() << "the kernel leaves no core dump here; ProcessExitTest covers the mapping";
  const std::string dump = "ulimit -c unlimited; kill -SEGV $$";
  const std::string report = dir.file("report.json");
  TaskerResult r =
      run_tasker({"--report", report, "list", dump, "ulimit -c 0; kill -SEGV $$", "true"}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;  // list: the failures are unhandled
  EXPECT_NE(r.err.find("killed by signal 11 (SIGSEGV) (core dumped)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(core dumped)  (unhandled)"), std::string::npos) << r.err;  // its row
  json j = json::parse(read_file(report));
  EXPECT_EQ(j["tasks"][0]["signal"], 11);
  EXPECT_EQ(j["tasks"][0]["core_dumped"], true);
  EXPECT_EQ(j["tasks"][1]["signal"], 11);
  EXPECT_EQ(j["tasks"][1]["core_dumped"], false);
  EXPECT_EQ(j["tasks"][2]["core_dumped"], false);

  // The run that dumped core ends the loop, and the summary names it.
  r = run_tasker({"--report", report, "every", "0", "--count", "2", "--", dump}, dir);
  EXPECT_EQ(r.exit_code, 139) << r.err;
  EXPECT_NE(r.err.find("killed by signal 11 (SIGSEGV) (core dumped)"), std::string::npos) << r.err;
  j = json::parse(read_file(report));
  ASSERT_EQ(j["runs"].size(), 1u);
  EXPECT_EQ(j["runs"][0]["core_dumped"], true);
}

TEST_F(Faults, RawOutputIsByteExactForBinaryNulBytesAndNoFinalNewline) {
  // Every byte value, NULs, long runs without a newline, no newline at the end; on both streams.
  std::mt19937 random(6);
  std::string out_bytes;
  for (int i = 0; i < 256; ++i) out_bytes += static_cast<char>(i);
  for (int i = 0; i < 300'000; ++i) out_bytes += static_cast<char>(random() % 256);
  out_bytes += std::string(100'000, '\0') + "no final newline";
  std::string err_bytes = out_bytes;
  std::reverse(err_bytes.begin(), err_bytes.end());
  write_file(dir.file("out.bin"), out_bytes);
  write_file(dir.file("err.bin"), err_bytes);
  const TaskerResult r =
      run_tasker({"-q", "--output", "raw", "gather", "cat out.bin", "cat err.bin >&2"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 200);
  EXPECT_TRUE(r.out == out_bytes) << "stdout differs: " << r.out.size() << " bytes for "
                                  << out_bytes.size();
  EXPECT_TRUE(r.err == err_bytes) << "stderr differs: " << r.err.size() << " bytes for "
                                  << err_bytes.size();
}

TEST_F(Faults, PrefixedOutputKeepsNulBytesAndEndsAnUnfinishedLine) {
  const TaskerResult r = run_tasker({"-q", "gather", "printf 'a\\000b\\377\\nno newline'"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::string("#0 | a\0b\377\n#0 | no newline\n", 26));
}

// ---- a hostile world ----------------------------------------------------------------------------

// The terminal closes (SIGHUP) or the user presses Ctrl-\ (SIGQUIT): those
// reach tasker's process group, not the tasks' own, so tasker must cancel
// them before it dies of the signal, or they run on as orphans.
class FatalSignal : public Faults, public ::testing::WithParamInterface<int> {};

TEST_P(FatalSignal, CancelsTheTasksThenDiesOfIt) {
  const std::string report = dir.file("report.json");
  const std::string task = "echo $$ >> " + pids() + "; exec sleep 30";
  TaskerProcess tasker({"-q", "--report", report, "gather", task}, dir);
  ASSERT_TRUE(wait_for_file(pids()));
  tasker.signal(GetParam());
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, GetParam()) << r.err;
  const json j = json::parse(read_file(report));
  EXPECT_EQ(j["tasks"][0]["state"], "cancelled");
  EXPECT_EQ(j["exit_code"], 128 + GetParam());
  expect_no_task_left();
}

INSTANTIATE_TEST_SUITE_P(Faults, FatalSignal, ::testing::Values(SIGHUP, SIGQUIT));

struct ClosedStdoutCase {
  std::vector<std::string> args;
  std::string end_reason;  // for every; empty for gather
};

class ClosedStdout : public Faults, public ::testing::WithParamInterface<ClosedStdoutCase> {};

// `tasker ... | head -1`: once its stdout is gone tasker cancels the run as
// an interrupt would, writes the summary and the report, and dies of SIGPIPE
// as `yes` does, so a shell sees 141. It learns of it on its next write:
// each case has a task that keeps writing.
TEST_P(ClosedStdout, CancelsTheRunWritesTheReportAndDiesOfSigpipe) {
  const std::string report = dir.file("report.json");
  std::vector<std::string> argv{TASKER_BINARY, "--report", report};
  for (const std::string& arg : GetParam().args) {
    argv.push_back(arg == "PIDS" ? "echo $$ >> " + pids() + "; sleep 30" : arg);
  }
  SpawnedProcess tasker(argv, dir);
  EXPECT_FALSE(tasker.read_line().empty());
  tasker.close_stdout();
  const auto start = Clock::now();
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGPIPE) << r.err;
  EXPECT_LT(seconds_since(start), 10.0);
  EXPECT_NE(r.err.find("tasker: stdout is closed: cancelling the tasks"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("exit status 141"), std::string::npos) << r.err;  // the summary
  const json j = json::parse(read_file(report));
  EXPECT_EQ(j["exit_code"], 141);
  EXPECT_EQ(j["interrupted"], SIGPIPE);
  if (!GetParam().end_reason.empty()) {
    EXPECT_EQ(j["end_reason"], GetParam().end_reason);
  }
  expect_no_task_left();
}

INSTANTIATE_TEST_SUITE_P(
    Faults, ClosedStdout,
    ::testing::Values(ClosedStdoutCase{{"gather", "yes", "PIDS"}, ""},
                      ClosedStdoutCase{{"--output", "raw", "gather", "yes", "PIDS"}, ""},
                      ClosedStdoutCase{{"every", "0", "--", "echo tick"}, "interrupted"},
                      ClosedStdoutCase{{"--output", "grouped", "every", "0", "--", "echo tick"},
                                       "interrupted"}));

// `tasker ... >&-`: the next descriptor tasker opened took the place of the
// closed stdout, and task output went into the --report file.
TEST_F(Faults, ClosedStdoutOrStderrAtStartDoNotMixOutputIntoTheReport) {
  for (const std::string closed : {">&-", "2>&-", "<&- >&- 2>&-"}) {
    const std::string report = dir.file("report.json");
    const std::vector<std::string> argv{
        "/bin/sh", "-c",     "exec \"$@\" " + closed,  "sh",    TASKER_BINARY, "--report",
        report,    "gather", "echo out; echo err >&2", "exit 3"};
    SpawnedProcess tasker(argv, dir);
    const TaskerResult r = tasker.wait();
    EXPECT_EQ(r.exit_code, 3) << closed;
    const std::string text = read_file(report);
    EXPECT_TRUE(json::accept(text)) << closed << ": " << text.substr(0, 300);
  }
}

// A report that cannot be written has a status of its own (74), not the 1 of an unhandled failure.
TEST_F(Faults, ReportOnAFullDiskIsAClearErrorAndItsOwnStatus) {
  const TaskerResult r = run_tasker({"-q", "--report", "/dev/full", "gather", "true"}, dir);
  EXPECT_EQ(r.exit_code, 74);
  EXPECT_NE(r.err.find("/dev/full"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
}

TEST_F(Faults, JunitOnAFullDiskIsAClearErrorAndItsOwnStatus) {
  const TaskerResult r = run_tasker({"-q", "--junit", "/dev/full", "gather", "true"}, dir);
  EXPECT_EQ(r.exit_code, 74);
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
}

TEST_F(Faults, FailingRunKeepsItsOwnStatusWhenTheReportCannotBeWritten) {
  const TaskerResult r = run_tasker({"-q", "--report", "/dev/full", "gather", "exit 3"}, dir);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
}

// Runs tasker under `ulimit -n fds`, soft and hard: tasker raises its soft
// limit to the hard one at start, so both must be low.
TaskerResult run_with_fd_limit(const ScratchDir& dir, int fds,
                               const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/bin/sh", "-c",
                                "ulimit -S -n " + std::to_string(fds) + " && ulimit -H -n " +
                                    std::to_string(fds) + " && exec \"$@\"",
                                "sh", TASKER_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  SpawnedProcess tasker(argv, dir);
  return tasker.wait();
}

// 64 descriptors for -j 100: each running task holds three (two pipes and a
// pidfd), so 100 at once would fail most of them with EMFILE. tasker lowers
// -j to what the limit allows beside its own 32 ((64 - 32) / 3 = 10), says
// so, and every task runs in its turn.
TEST_F(Faults, TooFewFileDescriptorsForTheJobsMakeTasksWaitTheirTurn) {
  std::string commands;
  for (int i = 0; i < 200; ++i) commands += "sleep 0.02\n";
  write_file(dir.file("commands"), commands);
  const std::string report = dir.file("report.json");
  const auto start = Clock::now();
  const TaskerResult r = run_with_fd_limit(
      dir, 64, {"-q", "--report", report, "list", "-j", "100", "--from", "commands"});
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 2000);
  EXPECT_LT(seconds_since(start), 45.0);
  EXPECT_NE(r.err.find("-j lowered to 10: the open-file limit"), std::string::npos) << r.err;
  const json j = json::parse(read_file(report));
  ASSERT_EQ(j["tasks"].size(), 200u);
  for (const json& task : j["tasks"]) EXPECT_EQ(task["state"], "succeeded") << task.dump();
}

// ---- tasker itself killed ----------------------------------------------------------------------

// Processes whose environment or command line holds `marker`, zombies aside.
std::vector<pid_t> processes_marked(const std::string& marker) {
  std::vector<pid_t> found;
  std::error_code error;
  for (std::filesystem::directory_iterator it("/proc", error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const pid_t pid = std::stoi(name);
    if (read_file(it->path() / "environ").find(marker) == std::string::npos &&
        read_file(it->path() / "cmdline").find(marker) == std::string::npos) {
      continue;
    }
    if (process_alive(pid))
      found.push_back(pid);
  }
  return found;
}

// Polls until `done` holds or `deadline` passes; returns whether it held.
bool eventually(const std::function<bool()>& done, std::chrono::seconds deadline) {
  const auto until = Clock::now() + deadline;
  while (!done()) {
    if (Clock::now() > until)
      return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// The name the kernel gives process `pid` (/proc/PID/comm): "sleep", "tasker-watchdog".
std::string process_name(pid_t pid) {
  const std::string comm = read_file("/proc/" + std::to_string(pid) + "/comm");
  return comm.substr(0, comm.find('\n'));
}

// How many of `pids` are named `name`.
std::size_t named(const std::vector<pid_t>& pids, const std::string& name) {
  return static_cast<std::size_t>(std::count_if(
      pids.begin(), pids.end(), [&](pid_t pid) { return process_name(pid) == name; }));
}

// A run killed while its tasks run: tasker's arguments, and how many `sleep 300` it starts.
struct KilledRun {
  std::string name;
  std::vector<std::string> args;
  std::size_t sleeps;
};

void PrintTo(const KilledRun& run, std::ostream* out) {
  *out << run.name;
}

// Tasker and everything it starts carry a marker of this test in their environment.
class TaskerKilled : public Faults,
                     public ::testing::WithParamInterface<std::tuple<KilledRun, bool>> {
 protected:
  TaskerKilled()
      : marker("TASKER_E2E_MARKER=killed-" + std::to_string(::getpid()) + "-" +
               std::to_string(std::random_device()())) {}

  void TearDown() override {
    for (pid_t pid : processes_marked(marker)) ::kill(pid, SIGKILL);
    Faults::TearDown();
  }

  std::string marker;
};

// `kill -9` or the OOM killer: tasker cannot cancel anything, and its tasks, each in a
// process group of its own, would run on. Its watchdog kills their groups, then exits.
// Killing tasker's whole group (`kill -9 -PGID`, as timeout(1) does) must not take the
// watchdog with it.
TEST_P(TaskerKilled, BySigkillLeavesNoTaskRunning) {
  const auto& [run, whole_group] = GetParam();
  TaskerProcess tasker(run.args, dir, "", {marker});
  ASSERT_TRUE(
      eventually([&] { return named(processes_marked(marker), "sleep") == run.sleeps; }, 30s))
      << named(processes_marked(marker), "sleep") << " sleeps";
  EXPECT_TRUE(
      eventually([&] { return named(processes_marked(marker), "tasker-watchdog") == 1; }, 10s))
      << named(processes_marked(marker), "tasker-watchdog") << " watchdogs";
  if (whole_group) {
    ::kill(-tasker.pid(), SIGKILL);
  } else {
    tasker.signal(SIGKILL);
  }
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGKILL) << r.err;
  // The watchdog wakes within a second at most; ten leave room for a loaded machine.
  EXPECT_TRUE(eventually([&] { return processes_marked(marker).empty(); }, 10s))
      << processes_marked(marker).size() << " processes outlived tasker";
}

INSTANTIATE_TEST_SUITE_P(
    Faults, TaskerKilled,
    ::testing::Combine(
        ::testing::Values(
            // A task run directly, one with two processes, one that ignores the polite signals.
            KilledRun{"Gather",
                      {"gather", "sleep 300", "sleep 300 & sleep 300; wait",
                       "trap '' TERM INT HUP; sleep 300 & wait"},
                      4},
            KilledRun{"Every", {"every", "1s", "--", "sleep 300 & sleep 300; wait"}, 2},
            KilledRun{"Chain", {"chain", "sleep 300 & sleep 300; wait", "--then", "true"}, 2}),
        ::testing::Bool()),
    [](const auto& param_info) {
      return std::get<0>(param_info.param).name +
             (std::get<1>(param_info.param) ? "WithItsProcessGroup" : "Alone");
    });

// The watchdog starts at the first task, not before: a run that has started nothing yet
// (here, waiting to) has none, and so a run that starts nothing (a usage error) costs none.
TEST_F(Faults, NoWatchdogBeforeTheFirstTask) {
  const std::string marker = "TASKER_E2E_MARKER=no-watchdog-" + std::to_string(::getpid());
  TaskerProcess tasker({"after", "300s", "--", "true"}, dir, "", {marker});
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(named(processes_marked(marker), "tasker-watchdog"), 0u);
  tasker.signal(SIGTERM);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGTERM) << r.err;  // as it does with nothing left to clean up
}

// The watchdog ends with the run: tasker kills it once its tasks are gone.
TEST_F(Faults, NormalRunLeavesNoWatchdogBehind) {
  const std::string marker = "TASKER_E2E_MARKER=watchdog-" + std::to_string(::getpid());
  const TaskerResult r = run_tasker({"-q", "gather", "true", "sleep 0.1"}, dir, "", {marker});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(processes_marked(marker).empty());
}

// Reports go to a temporary file renamed onto them at the end: a killed run leaves the
// previous ones whole, not truncated at the start as they were.
TEST_F(Faults, KilledRunLeavesThePreviousReportsWhole) {
  const std::string report = dir.file("report.json");
  const std::string junit = dir.file("junit.xml");
  const TaskerResult first = run_tasker(
      {"-q", "--report", report, "--junit", junit, "gather", "echo a previous run"}, dir);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string previous_report = read_file(report);
  const std::string previous_junit = read_file(junit);
  ASSERT_TRUE(json::accept(previous_report));

  TaskerProcess tasker({"-q", "--report", report, "--junit", junit, "gather",
                        "echo $$ >> " + pids() + "; exec sleep 300"},
                       dir);
  ASSERT_TRUE(wait_for_file(pids()));
  tasker.signal(SIGKILL);
  EXPECT_EQ(tasker.wait().signal, SIGKILL);
  EXPECT_EQ(read_file(report), previous_report);
  EXPECT_EQ(read_file(junit), previous_junit);
}

TEST_F(Faults, NormalRunLeavesNoTemporaryFileBesideItsReports) {
  const std::string report = dir.file("report.json");
  const std::string junit = dir.file("junit.xml");
  write_file(report, "an older report");
  const TaskerResult r =
      run_tasker({"-q", "--report", report, "--junit", junit, "gather", "exit 3"}, dir);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(json::accept(read_file(report)));
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{".stderr", ".stdin", ".stdout", "junit.xml", "report.json"}));
}

// tasker raises its own soft open-file limit to the hard one; its tasks must see the caller's,
// through the shell (`ulimit` is a builtin) and run directly (`cat`) alike.
TEST_F(Faults, TasksGetTheCallersSoftOpenFileLimitBack) {
  struct rlimit limit {};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max <= 1024)
    GTEST_SKIP() << "the hard open-file limit is 1024 or less: tasker cannot raise its own";
  const std::vector<std::string> argv{"/bin/sh", "-c",           "ulimit -S -n 1024 && exec \"$@\"",
                                      "sh",      TASKER_BINARY,  "--output",
                                      "raw",     "gather",       "-j",
                                      "1",       "ulimit -S -n", "cat /proc/self/limits"};
  SpawnedProcess tasker(argv, dir, SpawnedProcess::Stdout::file);
  const TaskerResult r = tasker.wait();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "1024");
  const std::size_t line = r.out.find("Max open files");
  ASSERT_NE(line, std::string::npos) << r.out;
  std::istringstream limits_line(r.out.substr(line, r.out.find('\n', line) - line));
  std::string max, open, files, soft;
  limits_line >> max >> open >> files >> soft;
  EXPECT_EQ(soft, "1024") << r.out;
}

// ---- out of processes (`ulimit -u`) ----------------------------------------------------------

// Processes (threads, as RLIMIT_NPROC counts them) whose real user is `uid`.
std::size_t processes_of(uid_t uid) {
  std::size_t n = 0;
  std::error_code error;
  for (std::filesystem::directory_iterator it("/proc", error), end; !error && it != end;
       it.increment(error)) {
    std::istringstream status(read_file(it->path() / "status"));
    std::string line;
    bool mine = false;
    std::size_t threads = 0;
    while (std::getline(status, line)) {
      if (line.rfind("Uid:", 0) == 0)
        mine = std::stoul(line.substr(4)) == uid;
      if (line.rfind("Threads:", 0) == 0)
        threads = std::stoul(line.substr(8));
    }
    if (mine)
      n += threads;
  }
  return n;
}

// The tests below count the processes of one user and set the limit just above: two of them
// running at once (ctest -j) change each other's count. This lock, shared by every test process
// on the machine, runs them one at a time.
class ProcessCountLock {
 public:
  ProcessCountLock() {
    const std::string path =
        (std::filesystem::temp_directory_path() / "tasker-tests-process-count.lock").string();
    // Opened for reading, which flock needs no more than: a lock file another user made is used
    // as it is (in a sticky /tmp, O_CREAT on someone else's file may be refused).
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      fd_ = ::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0666);
      if (fd_ >= 0)
        ::fchmod(fd_, 0666);  // whoever runs the tests next may open it too
    }
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0)
      ADD_FAILURE() << "cannot lock " << path << ": " << std::strerror(errno);
  }
  ~ProcessCountLock() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  ProcessCountLock(const ProcessCountLock&) = delete;
  ProcessCountLock& operator=(const ProcessCountLock&) = delete;

 private:
  int fd_ = -1;
};

// Runs tasker under `ulimit -u` (prlimit, util-linux) with room for `room` more processes than
// its user has now. Root is exempt from the limit: as root, tasker runs as nobody (setpriv), from
// a copy in the scratch folder, which everyone may use. Skips when that cannot be done.
class OutOfProcesses : public Faults {
 protected:
  ProcessCountLock lock_;

  void SetUp() override {
    // ASan and LSan run threads of their own, which count against the limit as processes, and
    // not always the same number: the room these tests set would not be what tasker gets.
    if (kUnderAddressSanitizer)
      GTEST_SKIP() << "the sanitizers' own threads count against the process limit";
    if (::access("/usr/bin/prlimit", X_OK) != 0)
      GTEST_SKIP() << "no prlimit (util-linux) to set the process limit with";
    if (::geteuid() != 0)
      return;
    if (::access("/usr/bin/setpriv", X_OK) != 0)
      GTEST_SKIP() << "running as root without setpriv: cannot drop to a user the limit binds";
    const struct passwd* nobody = ::getpwnam("nobody");
    if (nobody == nullptr)
      GTEST_SKIP() << "running as root with no user nobody to drop to";
    uid_ = nobody->pw_uid;
    gid_ = nobody->pw_gid;
    std::filesystem::copy_file(TASKER_BINARY, dir.file("tasker"));
    std::filesystem::permissions(dir.path(), std::filesystem::perms::all);
  }

  TaskerResult run(std::size_t room, const std::vector<std::string>& args) {
    std::vector<std::string> argv;
    std::string binary = TASKER_BINARY;
    if (::geteuid() == 0) {
      argv = {"/usr/bin/setpriv", "--reuid=" + std::to_string(uid_),
              "--regid=" + std::to_string(gid_), "--clear-groups"};
      binary = dir.file("tasker");
    }
    const std::size_t limit = processes_of(::geteuid() == 0 ? uid_ : ::getuid()) + room;
    const std::string nproc = std::to_string(limit);
    argv.insert(argv.end(), {"/usr/bin/prlimit", "--nproc=" + nproc + ":" + nproc, binary});
    argv.insert(argv.end(), args.begin(), args.end());
    SpawnedProcess tasker(argv, dir, SpawnedProcess::Stdout::file);
    return tasker.wait();
  }

  uid_t uid_ = 0;
  gid_t gid_ = 0;
};

// Room for tasker, its watchdog and three tasks, and -j 8: five tasks cannot start at first.
// They wait for others to end, -j comes down to what fits, and every task runs; before,
// they failed at once with 127 and "cannot run /bin/sh".
TEST_F(OutOfProcesses, TasksWaitForProcessesToFreeUpAndJobsComeDown) {
  std::string commands;
  for (int i = 0; i < 16; ++i) commands += "sleep 0.2\n";
  write_file(dir.file("commands"), commands);
  const std::string report = dir.file("report.json");
  const auto start = Clock::now();
  const TaskerResult r =
      run(5, {"-q", "--report", report, "gather", "-j", "8", "--from", dir.file("commands")});
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 2000);
  EXPECT_LT(seconds_since(start), 45.0);
  EXPECT_NE(r.err.find("-j lowered to "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the process limit (ulimit -u)"), std::string::npos) << r.err;
  const json j = json::parse(read_file(report));
  ASSERT_EQ(j["tasks"].size(), 16u);
  for (const json& task : j["tasks"]) {
    EXPECT_EQ(task["state"], "succeeded") << task.dump();
    EXPECT_EQ(task["attempts"], 1) << task.dump();  // waiting is not a retry
  }
}

// No room at all: nothing of tasker's runs that could free a process. The task waits a few
// seconds, then fails with 127, naming the program it could not run and why.
TEST_F(OutOfProcesses, NoRoomAtAllFailsTheTaskNamingTheProgramAndTheReason) {
  const auto start = Clock::now();
  const TaskerResult r = run(1, {"gather", "true"});
  EXPECT_EQ(r.exit_code, 127) << r.err;
  EXPECT_LT(seconds_since(start), 45.0);
  EXPECT_NE(r.err.find("cannot run true: Resource temporarily unavailable"), std::string::npos)
      << r.err;
}

// So few descriptors that tasker itself needs nearly all of them: tasks that
// cannot get their pipes fail with 127 and say why; nothing hangs or crashes.
TEST_F(Faults, FarTooFewFileDescriptorsFailTasksCleanlyWith127) {
  if (kUnderAddressSanitizer)
    GTEST_SKIP() << "ASan inflates memory and needs its own descriptors";
  const std::string report = dir.file("report.json");
  const TaskerResult r = run_with_fd_limit(
      dir, 12, {"-q", "--report", report, "list", "sleep 0.1", "sleep 0.1", "sleep 0.1", "true"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // list: the failures are left unhandled
  const json j = json::parse(read_file(report));
  int failed = 0;
  for (const json& task : j["tasks"]) {
    if (task["state"] == "succeeded")
      continue;
    ++failed;
    EXPECT_EQ(task["state"], "failed") << task.dump();
    EXPECT_EQ(task["status"], 127) << task.dump();
  }
  EXPECT_GT(failed, 0) << "the limit was never reached: the test tests nothing";
  // The program that could not be run, not the shell that was never asked to.
  EXPECT_NE(r.err.find("cannot run sleep: pipe: Too many open files"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tasker::testing
