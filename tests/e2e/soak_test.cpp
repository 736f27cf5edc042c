// Soak, CI-sized (docs/behaviour.md "Bounded memory"; bench/soak.sh runs 10 000): many tasks
// and many `every` runs must keep file descriptors bounded and memory flat.
// Peak memory is compared between a run and a longer one of the same kind,
// so the test measures growth, not the build's (ASan's) baseline.

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace tasker::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

struct Soaked {
  TaskerResult result;
  long peak_rss_kb = 0;
  std::size_t max_fds = 0;  // sampled every few ms while it ran
};

Soaked soak(const ScratchDir& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv{TASKER_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  SpawnedProcess tasker(argv, dir, SpawnedProcess::Stdout::file);
  Soaked s;
  const pid_t pid = tasker.pid();
  s.result = tasker.wait(
      120s, [&] { s.max_fds = std::max(s.max_fds, open_fds(pid)); }, &s.peak_rss_kb);
  return s;
}

class Soak : public ::testing::Test {
 protected:
  std::string commands(int n) {
    std::string path = dir.file("commands-" + std::to_string(n));
    std::string text;
    for (int i = 0; i < n; ++i) text += "true\n";
    write_file(path, text);
    return path;
  }
  ScratchDir dir;
};

// ASan keeps freed memory in quarantine (256 MB), so peak memory grows with
// what a run allocated, not with what it holds: meaningless here.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

// -j 8 bounds the descriptors however many tasks there are.
TEST_F(Soak, GatherOfThousandsOfTasksKeepsDescriptorsBounded) {
  const Soaked s = soak(dir, {"-q", "gather", "-j", "8", "--from", commands(1000)});
  ASSERT_EQ(s.result.exit_code, 0) << s.result.err;
  // stdio, the event loop, signals: under 20; each running task 3 (two pipes, a pidfd).
  EXPECT_LE(s.max_fds, 20u + 8u * 3u);
}

// Each task costs its entry in the report, nothing more: no read buffer,
// pipe or capture is kept once it ended. The peak is while every task is
// queued: about 1.3 KB a task in the debug build (2 KB before a queued or
// ended task went without its running state and options copy); 3 KB leaves
// room for the noise of RSS.
TEST_F(Soak, GatherMemoryPerTaskIsSmall) {
  if (kAddressSanitizer)
    GTEST_SKIP() << "ASan's quarantine makes peak memory meaningless";
  const Soaked small = soak(dir, {"-q", "gather", "-j", "8", "--from", commands(500)});
  const Soaked large = soak(dir, {"-q", "gather", "-j", "8", "--from", commands(1500)});
  ASSERT_EQ(small.result.exit_code, 0) << small.result.err;
  ASSERT_EQ(large.result.exit_code, 0) << large.result.err;
  const double per_task_kb = static_cast<double>(large.peak_rss_kb - small.peak_rss_kb) / 1000.0;
  EXPECT_LT(per_task_kb, 3.0) << small.peak_rss_kb << " KB for 500 tasks, " << large.peak_rss_kb
                              << " KB for 1500";
}

// `every` for days: the report keeps the last 1000 runs, the summary still
// counts every run, and descriptors stay few.
TEST_F(Soak, EveryReportKeepsTheLastThousandRunsAndTheSummaryCountsAll) {
  const std::string report = dir.file("every.json");
  const Soaked s = soak(dir, {"--report", report, "every", "0", "--count", "1100", "--", "true"});
  ASSERT_EQ(s.result.exit_code, 0) << s.result.err;
  EXPECT_NE(s.result.err.find("every 0s: 1100 runs (1100 succeeded)"), std::string::npos)
      << s.result.err;
  EXPECT_LE(s.max_fds, 20u + 3u);
  const json j = json::parse(read_file(report));
  EXPECT_EQ(j["runs"].size(), 1000u);
  EXPECT_EQ(j["runs_omitted"], 100);
  EXPECT_EQ(j["runs"][0]["n"], 101);
  EXPECT_EQ(j["runs"][999]["n"], 1100);
}

// With 8 KB captured a run, peak memory must not grow with the number of
// runs: without the report window the longer run holds 550 more captures,
// about 15 MB more.
TEST_F(Soak, EveryMemoryStaysFlatOverRuns) {
  if (kAddressSanitizer)
    GTEST_SKIP() << "ASan's quarantine makes peak memory meaningless";
  const std::string cmd = "printf '%8000s\\n' x";
  const Soaked small = soak(dir, {"-q", "--json", "every", "0", "--count", "1050", "--", cmd});
  const Soaked large = soak(dir, {"-q", "--json", "every", "0", "--count", "1600", "--", cmd});
  ASSERT_EQ(small.result.exit_code, 0) << small.result.err;
  ASSERT_EQ(large.result.exit_code, 0) << large.result.err;
  EXPECT_LT(large.peak_rss_kb - small.peak_rss_kb, 4 * 1024)
      << small.peak_rss_kb << " KB for 1050 runs, " << large.peak_rss_kb << " KB for 1600";
}

// docs/behaviour.md "Bounded memory": any amount of output, in any mode, in bounded memory (16
// MiB). 64 MiB of 60-byte lines from one task, compared with --output quiet, which keeps nothing:
// grouped output used to hold 8 MiB of it in memory before spilling to a file, and peaked 8 MiB
// above quiet. (Not an absolute bound: the peak counts the forked test binary's pages from before
// exec.)
TEST_F(Soak, OutputOfAnySizeKeepsMemoryBoundedInEveryMode) {
  if (kAddressSanitizer)
    GTEST_SKIP() << "ASan's shadow memory makes peak memory meaningless";
  const std::string task =
      "yes 'the quick brown fox jumps over the lazy dog 0123456789 abcd'"
      " | head -c 67108864";
  long quiet_kb = 0;
  for (const std::string mode : {"quiet", "raw", "prefixed", "grouped"}) {
    SpawnedProcess tasker({"/bin/sh", "-c", "exec \"$@\" > /dev/null", "sh", TASKER_BINARY, "-q",
                           "--output", mode, "gather", task},
                          dir);
    long peak_rss_kb = 0;
    const TaskerResult r = tasker.wait(120s, {}, &peak_rss_kb);
    ASSERT_EQ(r.exit_code, 0) << mode << ": " << r.err;
    if (mode == "quiet")
      quiet_kb = peak_rss_kb;
    EXPECT_LT(peak_rss_kb - quiet_kb, 4 * 1024)
        << mode << ": " << peak_rss_kb << " KB, quiet " << quiet_kb << " KB";
  }
}

}  // namespace
}  // namespace tasker::testing
