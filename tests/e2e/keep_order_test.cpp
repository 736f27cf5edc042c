// -k, --keep-order: tasks' output in input order whatever order they end in, in prefixed, raw
// and grouped modes; the head task prints as it comes; what later tasks print waits in
// temporary files ($TMPDIR) past a little memory.

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace tasker::testing {
namespace {

using namespace std::chrono_literals;

// They end in the reverse of input order, with generous gaps.
const std::vector<std::string> kReversed{"sleep 1.2; echo a1; echo a2 >&2; echo a3",
                                         "sleep 0.6; echo b", "echo c; printf 'no newline'"};

std::vector<std::string> args(std::vector<std::string> first) {
  first.insert(first.end(), kReversed.begin(), kReversed.end());
  return first;
}

class KeepOrder : public ::testing::Test {
 protected:
  ScratchDir dir;
};

TEST_F(KeepOrder, PrefixedLinesComeInInputOrder) {
  const TaskerResult r = run_tasker(args({"-q", "gather", "-k"}), dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "#0 | a1\n#0 | a3\n#1 | b\n#2 | c\n#2 | no newline\n");
  EXPECT_EQ(r.err, "#0 | a2\n");
}

TEST_F(KeepOrder, WithoutItLinesComeAsTheTasksEnd) {
  const TaskerResult r = run_tasker(args({"-q", "gather"}), dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "#2 | c\n#2 | no newline\n#1 | b\n#0 | a1\n#0 | a3\n");
}

TEST_F(KeepOrder, GroupedBlocksComeInInputOrder) {
  const TaskerResult r =
      run_tasker(args({"-q", "--output", "grouped", "list", "--keep-order"}), dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "==> #0 <==\na1\na3\n==> #1 <==\nb\n==> #2 <==\nc\nno newline\n");
}

TEST_F(KeepOrder, RawBytesComeInInputOrder) {
  const TaskerResult r = run_tasker(args({"-q", "--output", "raw", "gather", "-k"}), dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "a1\na3\nb\nc\nno newline");
}

// The head task's lines are not held: a reader sees them while it still runs.
TEST_F(KeepOrder, TheHeadTaskPrintsAsItComes) {
  const std::string go = dir.file("go");
  SpawnedProcess tasker(
      {TASKER_BINARY, "-q", "gather", "-k",
       "echo first; while [ ! -e " + go + " ]; do sleep 0.05; done; echo last", "echo later"},
      dir);
  EXPECT_EQ(tasker.read_line(), "#0 | first\n");
  write_file(go, "");
  EXPECT_EQ(tasker.read_to_end(), "#0 | last\n#1 | later\n");
  EXPECT_EQ(tasker.wait().exit_code, 0);
}

// A run that fails fast cancels the head task: what the tasks after it held is still printed.
TEST_F(KeepOrder, HeldOutputOutlivesACancelledHead) {
  const TaskerResult r = run_tasker(
      {"-q", "gather", "-k", "sleep 5; echo one", "sleep 0.5; exit 3", "echo three"}, dir);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(r.out, "#2 | three\n");
}

// A task held behind a slow one prints 30 MB: it goes to a spill file in TMPDIR, tasker's
// memory stays far below it, and every byte comes out after the slow task's, in order.
TEST_F(KeepOrder, HeldOutputSpillsToTmpdirAndMemoryStaysBounded) {
  if (kUnderAddressSanitizer)
    GTEST_SKIP() << "RSS is meaningless under AddressSanitizer";
  const std::string tmp = dir.file("tmp");
  std::filesystem::create_directory(tmp);
  const std::string big = "head -c 30000000 /dev/zero | tr '\\0' x | fold -w 99";
  for (const std::string& mode : std::vector<std::string>{"prefixed", "grouped"}) {
    SpawnedProcess tasker({"/usr/bin/env", "TMPDIR=" + tmp, TASKER_BINARY, "-q", "--output", mode,
                           "gather", "-k", "sleep 3; echo slow", big},
                          dir);
    bool spill_seen = false;
    long peak_kb = 0;
    const auto look_for_spill_file = [&] {
      peak_kb = std::max(peak_kb, peak_rss_kb(tasker.pid()));
      std::error_code error;
      for (std::filesystem::directory_iterator
               it("/proc/" + std::to_string(tasker.pid()) + "/fd", error),
           end;
           !error && it != end; it.increment(error)) {
        std::error_code ignored;
        const std::string target = std::filesystem::read_symlink(it->path(), ignored).string();
        if (target.rfind(tmp + "/tasker-", 0) == 0)
          spill_seen = true;
      }
    };
    std::string out;
    std::thread reader([&] { out = tasker.read_to_end(); });
    const ProcessResult r = tasker.wait(60s, look_for_spill_file);
    reader.join();
    EXPECT_EQ(r.exit_code, 0) << mode << ": " << r.err;
    EXPECT_TRUE(spill_seen) << mode << ": no spill file in " << tmp;
    // 30 MB held in memory would be more than 30 000 kB; tasker itself needs a few MB.
    EXPECT_GT(peak_kb, 0) << mode;
    EXPECT_LT(peak_kb, 20'000) << mode;
    const std::size_t lines = 30'000'000 / 99 + 1;
    const std::string first = mode == "prefixed" ? "#0 | slow\n" : "==> #0 <==\nslow\n";
    EXPECT_EQ(out.rfind(first, 0), 0u) << mode << ": " << out.substr(0, 100);
    const std::size_t prefix = mode == "prefixed" ? std::string("#1 | ").size() : 0;
    const std::size_t header = mode == "prefixed" ? 0 : std::string("==> #1 <==\n").size();
    EXPECT_EQ(out.size(), first.size() + header + 30'000'000 + lines * (1 + prefix)) << mode;
  }
}

}  // namespace
}  // namespace tasker::testing
