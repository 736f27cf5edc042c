// A reader that stops reading tasker's stdout (`tasker ... | less` left on
// one screen, `| sleep 8`) must not stop tasker: its timers, signals and
// cancels act on time, it stops reading the tasks' pipes instead of growing
// without bound, and it loses nothing once the reader reads again.

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <chrono>
#include <string>
#include <thread>

namespace tasker::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class StuckReader : public ::testing::Test {
 protected:
  ScratchDir dir;
};

// `tasker gather --timeout 2s yes` into a pipe nobody reads for 6 s: the task
// still ends timed_out at 2 s (it used to end when the reader came back).
TEST_F(StuckReader, TimeoutStillFiresOnTime) {
  const std::string report = dir.file("report.json");
  SpawnedProcess tasker(
      {TASKER_BINARY, "-q", "--report", report, "gather", "--timeout", "2s", "yes"}, dir);
  std::this_thread::sleep_for(6s);
  const std::string out = tasker.read_to_end();
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.exit_code, 124) << r.err;
  EXPECT_GT(out.size(), 64u * 1024u);  // what was held is not lost
  const json task = json::parse(read_file(report))["tasks"][0];
  EXPECT_EQ(task["state"], "timed_out");
  EXPECT_LT(task["duration_ms"].get<double>(), 4000.0) << task.dump();
}

// SIGTERM while nobody reads: the tasks are cancelled at once, not when the
// reader comes back; tasker still ends by SIGTERM after its output is out.
TEST_F(StuckReader, SignalStillCancelsOnTime) {
  const std::string report = dir.file("report.json");
  SpawnedProcess tasker({TASKER_BINARY, "-q", "--report", report, "gather", "yes"}, dir);
  std::this_thread::sleep_for(1s);
  ::kill(tasker.pid(), SIGTERM);
  std::this_thread::sleep_for(4s);
  tasker.read_to_end();
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGTERM) << r.err;
  const json task = json::parse(read_file(report))["tasks"][0];
  EXPECT_EQ(task["state"], "cancelled");
  EXPECT_LT(task["duration_ms"].get<double>(), 3000.0) << task.dump();
}

// Back-pressure: with nobody reading, tasker stops reading `yes` rather than
// holding what it cannot write; its memory stays small.
TEST_F(StuckReader, MemoryStaysBoundedWhileNobodyReads) {
  if (kUnderAddressSanitizer)
    GTEST_SKIP() << "ASan inflates memory";
  SpawnedProcess tasker({TASKER_BINARY, "-q", "gather", "--timeout", "3s", "yes"}, dir);
  long peak_kb = 0;
  std::this_thread::sleep_for(4s);
  std::thread reader([&tasker] { tasker.read_to_end(); });
  const TaskerResult r = tasker.wait(std::chrono::seconds(60), {}, &peak_kb);
  reader.join();
  EXPECT_EQ(r.exit_code, 124) << r.err;
  EXPECT_LT(peak_kb, 48 * 1024) << "peak RSS " << peak_kb << " KiB";
}

// A stdout that is non-blocking already when tasker starts: EAGAIN means
// "wait until it takes more", not a closed pipe, so nothing is cancelled.
TEST_F(StuckReader, AlreadyNonBlockingStdoutIsWaitedFor) {
  const std::string script =
      "import fcntl, os, sys\n"
      "fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK)\n"
      "os.execv(sys.argv[1], sys.argv[1:])\n";
  SpawnedProcess tasker({"/usr/bin/python3", "-c", script, TASKER_BINARY, "-q", "--output", "raw",
                         "gather", "head -c 1000000 /dev/zero | tr '\\\\0' x"},
                        dir);
  std::this_thread::sleep_for(1s);  // the pipe (64 KiB) fills long before this
  const std::string out = tasker.read_to_end();
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(out.size(), 1000000u);
}

}  // namespace
}  // namespace tasker::testing
