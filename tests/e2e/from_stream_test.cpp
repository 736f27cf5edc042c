// --from read as slots free up: a producer that writes slowly gets its first
// command run at once, an endless one never grows tasker's memory, and a
// stream's bad line is found when it is read.

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <string>
#include <thread>

namespace tasker::testing {
namespace {

using namespace std::chrono_literals;

class FromStream : public ::testing::Test {
 protected:
  ScratchDir dir;
};

// The producer writes one command, waits 3 s, writes another: the first
// task's output is out long before the producer is done.
TEST_F(FromStream, SlowProducerFirstCommandRunsAtOnce) {
  SpawnedProcess tasker(
      {"/bin/sh", "-c",
       "{ echo 'echo first'; sleep 3; echo 'echo second'; } | \"$0\" -q --output raw gather "
       "--from -",
       TASKER_BINARY},
      dir);
  const auto start = std::chrono::steady_clock::now();
  const std::string first = tasker.read_line();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(first, "first\n");
  EXPECT_LT(seconds, 2.0);
  EXPECT_EQ(tasker.read_line(), "second\n");
  EXPECT_EQ(tasker.wait().exit_code, 0);
}

// `yes true | tasker gather --from -` never ends on its own: tasker runs
// tasks as slots free up, in flat memory, until told to stop.
TEST_F(FromStream, EndlessProducerRunsTasksInFlatMemory) {
  if (kUnderAddressSanitizer)
    GTEST_SKIP() << "ASan inflates memory";
  SpawnedProcess tasker(
      {"/bin/sh", "-c", "yes 'echo ran' | \"$0\" -q --output raw gather -j 2 --from -",
       TASKER_BINARY},
      dir);
  EXPECT_EQ(tasker.read_line(), "ran\n");  // tasks run although the input never ends
  std::thread reader([&tasker] { tasker.read_to_end(); });
  std::this_thread::sleep_for(2s);
  ::kill(-tasker.pid(), SIGTERM);
  long peak_kb = 0;
  const TaskerResult r = tasker.wait(std::chrono::seconds(60), {}, &peak_kb);
  reader.join();
  EXPECT_LT(peak_kb, 64 * 1024) << "peak RSS " << peak_kb << " KiB";
}

TEST_F(FromStream, NamesNeedAKnownCount) {
  const TaskerResult r =
      run_tasker({"gather", "--names", "a,b", "--from", "-"}, dir, "true\ntrue\n");
  // A regular file as stdin has a known length: that works.
  EXPECT_EQ(r.exit_code, 0) << r.err;
  SpawnedProcess piped(
      {"/bin/sh", "-c", "printf 'true\\ntrue\\n' | \"$0\" gather --names a,b --from -",
       TASKER_BINARY},
      dir);
  const TaskerResult p = piped.wait();
  EXPECT_EQ(p.exit_code, 2);
  EXPECT_NE(p.err.find("--names needs to know how many commands there are, and stdin is a stream"),
            std::string::npos)
      << p.err;
}

TEST_F(FromStream, BadLineInAStreamStopsReadingThereAndIsAUsageError) {
  SpawnedProcess tasker({"/bin/sh", "-c",
                         "printf 'echo ok\\necho a\\000b\\necho never\\n' | \"$0\" -q --output raw "
                         "gather -j 1 --from -",
                         TASKER_BINARY},
                        dir);
  const std::string out = tasker.read_to_end();
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(out, "ok\n");
  EXPECT_NE(r.err.find("stdin line 2: a command cannot contain a NUL byte"), std::string::npos)
      << r.err;
}

TEST_F(FromStream, EmptyStreamIsNoCommand) {
  SpawnedProcess tasker(
      {"/bin/sh", "-c", "printf '# nothing\\n' | \"$0\" gather --from -", TASKER_BINARY}, dir);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no command to run"), std::string::npos) << r.err;
}

TEST_F(FromStream, FromStdinCannotBeTheTasksStdinToo) {
  const TaskerResult r = run_tasker({"--stdin", "inherit", "gather", "--from", "-"}, dir, "cat\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--stdin inherit"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tasker::testing
