// Signals tasker's caller ignored or blocked (README "Reliability"). A signal
// ignored when tasker starts stays ignored, as well-behaved daemons and POSIX
// shells leave it: `nohup tasker ... &` outlives a SIGHUP, `tasker ... &` in a
// script (the shell ignores SIGINT and SIGQUIT for it) outlives a SIGINT, and
// the tasks start with those signals ignored too, but with every other one at
// its default (SIGPIPE, which tasker ignores for itself, included). A SIGTERM
// blocked in the caller's mask is still handled.

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace tasker::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Runs tasker with exactly the signals in `ignored` ignored and those in `blocked` blocked, every
// other one at its default, as a caller would leave them (a shell's `trap '' HUP` cannot reset
// what its own caller ignored, and cannot block at all: python3 can do both, then execs).
std::vector<std::string> with_signals(const std::string& ignored, const std::string& blocked,
                                      const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/usr/bin/python3",
                                "-c",
                                "import os, signal, sys\n"
                                "ignored = [int(s) for s in sys.argv[1].split(',') if s]\n"
                                "for s in range(1, signal.NSIG):\n"
                                "    try:\n"
                                "        signal.signal(s, signal.SIG_IGN if s in ignored "
                                "else signal.SIG_DFL)\n"
                                "    except (OSError, ValueError, RuntimeError):\n"
                                "        pass\n"
                                "blocked = [int(s) for s in sys.argv[2].split(',') if s]\n"
                                "signal.pthread_sigmask(signal.SIG_SETMASK, blocked)\n"
                                "os.execv(sys.argv[3], sys.argv[3:])\n",
                                ignored,
                                blocked,
                                TASKER_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// The SigIgn mask of /proc/PID/status: bit N-1 for signal N.
std::uint64_t ignored_mask(const std::string& status_text) {
  std::istringstream in(status_text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("SigIgn:", 0) == 0)
      return std::stoull(line.substr(7), nullptr, 16);
  }
  return ~std::uint64_t{0};
}

constexpr std::uint64_t bit(int signo) {
  return std::uint64_t{1} << (signo - 1);
}

class CallerSignals : public ::testing::Test {
 protected:
  std::string pids() const { return dir.file("pids"); }
  void TearDown() override {
    for (pid_t pid : read_pids(pids())) ::kill(pid, SIGKILL);  // never leave one behind
  }
  static double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }
  ScratchDir dir;
};

// `nohup tasker ... &`, then the terminal closes: the run goes on to its end.
TEST_F(CallerSignals, IgnoredHangupDoesNotCancelTheRun) {
  const std::string report = dir.file("report.json");
  SpawnedProcess tasker(
      with_signals(std::to_string(SIGHUP), "",
                   {"-q", "--report", report, "gather", "echo $$ >> " + pids() + "; sleep 1"}),
      dir, SpawnedProcess::Stdout::file);
  ASSERT_TRUE(wait_for_file(pids()));
  ::kill(tasker.pid(), SIGHUP);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.signal, std::nullopt);
  EXPECT_EQ(json::parse(read_file(report))["tasks"][0]["state"], "succeeded");
}

// `tasker ... &` in a script: the shell ignores SIGINT and SIGQUIT for background commands, and
// a Ctrl-C at the terminal is for the foreground.
TEST_F(CallerSignals, IgnoredInterruptAndQuitDoNotCancelTheRun) {
  const std::string report = dir.file("report.json");
  SpawnedProcess tasker(
      with_signals(std::to_string(SIGINT) + "," + std::to_string(SIGQUIT), "",
                   {"-q", "--report", report, "gather", "echo $$ >> " + pids() + "; sleep 1"}),
      dir, SpawnedProcess::Stdout::file);
  ASSERT_TRUE(wait_for_file(pids()));
  ::kill(tasker.pid(), SIGINT);
  ::kill(tasker.pid(), SIGQUIT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(read_file(report))["tasks"][0]["state"], "succeeded");
}

// The signals tasker was not told to leave alone still interrupt it.
TEST_F(CallerSignals, SignalsNotIgnoredStillCancelTheRun) {
  const std::string report = dir.file("report.json");
  SpawnedProcess tasker(
      with_signals(std::to_string(SIGHUP), "",
                   {"-q", "--report", report, "gather", "echo $$ >> " + pids() + "; sleep 30"}),
      dir, SpawnedProcess::Stdout::file);
  ASSERT_TRUE(wait_for_file(pids()));
  ::kill(tasker.pid(), SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGINT) << r.err;
  EXPECT_EQ(json::parse(read_file(report))["tasks"][0]["state"], "cancelled");
}

// A caller that blocked SIGTERM (and exec'd tasker with that mask): tasker unblocks it.
TEST_F(CallerSignals, BlockedTermIsStillHandled) {
  const std::string report = dir.file("report.json");
  SpawnedProcess tasker(
      with_signals("", std::to_string(SIGTERM) + "," + std::to_string(SIGINT),
                   {"-q", "--report", report, "gather", "echo $$ >> " + pids() + "; sleep 20"}),
      dir, SpawnedProcess::Stdout::file);
  ASSERT_TRUE(wait_for_file(pids()));
  const auto start = Clock::now();
  ::kill(tasker.pid(), SIGTERM);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGTERM) << r.err;
  EXPECT_LT(seconds_since(start), 10.0);  // not the task's 20 s
  EXPECT_EQ(json::parse(read_file(report))["tasks"][0]["state"], "cancelled");
}

struct TaskSignalsCase {
  std::string title;
  std::vector<int> ignored_by_caller;
  std::uint64_t ignored_in_task;
};

class TaskSignals : public CallerSignals, public ::testing::WithParamInterface<TaskSignalsCase> {};

// A task starts with the signals a shell would give it: those ignored by tasker's caller stay
// ignored, every other one is at its default, whatever tasker does with it (it ignores
// SIGPIPE, catches SIGINT...). `grep` runs directly, without a shell, and reads its own mask.
TEST_P(TaskSignals, KeepWhatTheCallerIgnoredAndNothingElse) {
  std::string ignored;
  for (const int signo : GetParam().ignored_by_caller)
    ignored += (ignored.empty() ? "" : ",") + std::to_string(signo);
  for (const std::string shell_use : {"when_needed", "always"}) {
    std::vector<std::string> args{"--output", "raw"};
    if (shell_use == "always")
      args.insert(args.end(), {"--shell", "always"});
    args.insert(args.end(), {"gather", "grep SigIgn /proc/self/status"});
    SpawnedProcess tasker(with_signals(ignored, "", args), dir, SpawnedProcess::Stdout::file);
    const TaskerResult r = tasker.wait();
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ignored_mask(r.out), GetParam().ignored_in_task)
        << shell_use << ": " << r.out << " (bit N-1 is signal N)";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Faults, TaskSignals,
    ::testing::Values(TaskSignalsCase{"NothingIgnored", {}, 0},
                      TaskSignalsCase{"Nohup", {SIGHUP}, bit(SIGHUP)},
                      TaskSignalsCase{
                          "BackgroundJobOfAScript", {SIGINT, SIGQUIT}, bit(SIGINT) | bit(SIGQUIT)},
                      TaskSignalsCase{"PipeIgnoredByTheCallerToo", {SIGPIPE}, bit(SIGPIPE)},
                      TaskSignalsCase{"OthersAsTheyCame",
                                      {SIGUSR1, SIGTERM, SIGTSTP},
                                      bit(SIGUSR1) | bit(SIGTERM) | bit(SIGTSTP)}),
    [](const ::testing::TestParamInfo<TaskSignalsCase>& param) { return param.param.title; });

}  // namespace
}  // namespace tasker::testing
