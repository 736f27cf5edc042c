// Job control (README "Reliability"): each task runs in a process group of
// its own, which the terminal's Ctrl-Z does not reach and which is never in
// the terminal's foreground. Ctrl-Z (SIGTSTP to tasker) stops the tasks'
// groups and tasker, as a shell stops a pipeline, and continuing tasker
// continues them; a task that reads the terminal is stopped by the kernel
// (SIGTTIN), and tasker says so instead of leaving it to wait unseen.

#include "tests/support/process_guard.hpp"
#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace tasker::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Polls `holds` for up to 20 s.
bool eventually(const std::function<bool()>& holds) {
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (!holds()) {
    if (std::chrono::steady_clock::now() > until)
      return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

class JobControl : public ::testing::Test {
 protected:
  std::string pids() const { return dir.file("pids"); }
  void TearDown() override {
    for (pid_t pid : read_pids(pids())) ::kill(pid, SIGKILL);  // never leave one behind
  }
  // True when tasker and every task process are in `state` ('T': stopped).
  bool all_in_state(pid_t tasker, char state) const {
    if (ProcessGuard::state_of(tasker) != state)
      return false;
    for (pid_t pid : read_pids(pids())) {
      if (ProcessGuard::state_of(pid) != state)
        return false;
    }
    return true;
  }
  ScratchDir dir;
};

TEST_F(JobControl, CtrlZStopsTheTasksWithTaskerAndContinuingTaskerContinuesThem) {
  const std::string report = dir.file("report.json");
  // Two tasks: a shell waiting for a background job, and a command of its own.
  SpawnedProcess tasker({TASKER_BINARY, "-q", "--report", report, "gather",
                         "sleep 30 & echo $! >> " + pids() + "; echo $$ >> " + pids() + "; wait",
                         "echo $$ >> " + pids() + "; exec sleep 30"},
                        dir, SpawnedProcess::Stdout::file);
  ASSERT_TRUE(eventually([&] { return read_pids(pids()).size() == 3; }));

  ::kill(tasker.pid(), SIGTSTP);
  EXPECT_TRUE(eventually([&] { return all_in_state(tasker.pid(), 'T'); }))
      << "tasker: " << ProcessGuard::state_of(tasker.pid());
  for (pid_t pid : read_pids(pids())) {
    EXPECT_EQ(ProcessGuard::state_of(pid), 'T') << "task process " << pid << " still runs";
  }

  ::kill(tasker.pid(), SIGCONT);
  EXPECT_TRUE(eventually([&] { return all_in_state(tasker.pid(), 'S'); }));
  for (pid_t pid : read_pids(pids())) {
    EXPECT_NE(ProcessGuard::state_of(pid), 'T') << "task process " << pid << " still stopped";
  }

  ::kill(tasker.pid(), SIGTERM);  // the run goes on as before: a signal still cancels it
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGTERM) << r.err;
  const json j = json::parse(read_file(report));
  EXPECT_EQ(j["tasks"][0]["state"], "cancelled");
  EXPECT_EQ(j["tasks"][1]["state"], "cancelled");
}

// Runs `command` in a new session whose controlling terminal is a pseudo-terminal, with tasker
// in its foreground, as in an interactive shell (`script`, from util-linux).
std::vector<std::string> on_a_terminal(const std::string& command) {
  return {"/usr/bin/script", "-qec", command, "/dev/null"};
}

// A task reading the terminal (a password prompt) or changing its settings is stopped by the
// kernel; without a word from tasker it would wait unseen until its timeout.
TEST_F(JobControl, TaskStoppedForUsingTheTerminalGetsAWarning) {
  if (::access("/usr/bin/script", X_OK) != 0)
    GTEST_SKIP() << "no /usr/bin/script (util-linux) to give tasker a terminal";
  const std::string report = dir.file("report.json");
  SpawnedProcess session(
      on_a_terminal(
          std::string(TASKER_BINARY) + " -q --report " + report +
          " gather --on-fire wait --timeout 3s --names prompt,settings 'read x < /dev/tty' "
          "'stty -echo < /dev/tty'"),
      dir, SpawnedProcess::Stdout::file);
  const TaskerResult r = session.wait();
  EXPECT_EQ(r.exit_code, 124) << r.out;
  EXPECT_NE(r.out.find("warning: prompt is stopped (SIGTTIN): it tried to read from the "
                       "terminal"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("warning: settings is stopped (SIGTTOU)"), std::string::npos) << r.out;
  const json j = json::parse(read_file(report));
  EXPECT_EQ(j["tasks"][0]["state"], "timed_out");
  EXPECT_EQ(j["tasks"][1]["state"], "timed_out");
}

}  // namespace
}  // namespace tasker::testing
