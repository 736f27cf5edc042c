// Soak, CI-sized (SPEC §5 "Scale"; bench/soak.sh runs 10 000): many tasks
// and many `every` runs must keep file descriptors bounded and memory flat.
// Peak memory is compared between a run and a longer one of the same kind,
// so the test measures growth, not the build's (ASan's) baseline.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

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
  s.result = tasker.wait(120s, [&] { s.max_fds = std::max(s.max_fds, open_fds(pid)); },
                         &s.peak_rss_kb);
  return s;
}

class Soak : public ::testing::Test {
 protected:
  std::string commands(int n) {
    const std::string path = dir.file("commands-" + std::to_string(n));
    std::string text;
    for (int i = 0; i < n; ++i) text += "true\n";
    write_file(path, text);
    return path;
  }
  ScratchDir dir;
};

// Each task costs a report entry, nothing more: no read buffer, pipe or
// capture is kept once it ended, and -j 8 bounds the descriptors.
TEST_F(Soak, GatherOfThousandsOfTasksKeepsDescriptorsBoundedAndMemoryPerTaskSmall) {
  const Soaked small = soak(dir, {"-q", "gather", "-j", "8", "--from", commands(1000)});
  const Soaked large = soak(dir, {"-q", "gather", "-j", "8", "--from", commands(3000)});
  ASSERT_EQ(small.result.exit_code, 0) << small.result.err;
  ASSERT_EQ(large.result.exit_code, 0) << large.result.err;
  // stdio, the event loop, signals: under 20; each running task 3 (two pipes, a pidfd).
  EXPECT_LE(large.max_fds, 20u + 8u * 3u);
  const double per_task_kb = static_cast<double>(large.peak_rss_kb - small.peak_rss_kb) / 2000.0;
  EXPECT_LT(per_task_kb, 8.0) << small.peak_rss_kb << " KB for 1000 tasks, " << large.peak_rss_kb
                              << " KB for 3000";
}

// `every` for days: the report keeps the last 1000 runs (8 KB of captured
// output each here), the summary still counts every run, and peak memory
// does not grow with the number of runs.
TEST_F(Soak, EveryKeepsTheLastThousandRunsAndFlatMemory) {
  const std::vector<std::string> every{"--json", "every", "0", "--count"};
  const std::string cmd = "printf '%8000s\\n' x";
  std::vector<std::string> small_args = every;
  small_args.insert(small_args.end(), {"1100", "--", cmd});
  std::vector<std::string> large_args = every;
  large_args.insert(large_args.end(), {"2000", "--", cmd});
  const Soaked small = soak(dir, small_args);
  const Soaked large = soak(dir, large_args);
  ASSERT_EQ(small.result.exit_code, 0) << small.result.err;
  ASSERT_EQ(large.result.exit_code, 0) << large.result.err;
  EXPECT_NE(large.result.err.find("every 0s: 2000 runs (2000 succeeded)"), std::string::npos)
      << large.result.err;
  EXPECT_LE(large.max_fds, 20u + 3u);
  // Without the window the longer run holds 900 more captures: 25 MB more.
  EXPECT_LT(large.peak_rss_kb - small.peak_rss_kb, 4 * 1024)
      << small.peak_rss_kb << " KB for 1100 runs, " << large.peak_rss_kb << " KB for 2000";
  // What the report keeps, on a cheaper run.
  const std::string report = dir.file("every.json");
  const TaskerResult r = run_tasker(
      {"-q", "--report", report, "every", "0", "--count", "1200", "--", "true"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(read_file(report));
  EXPECT_EQ(j["runs"].size(), 1000u);
  EXPECT_EQ(j["runs_omitted"], 200);
  EXPECT_EQ(j["runs"][0]["n"], 201);
  EXPECT_EQ(j["runs"][999]["n"], 1200);
}

}  // namespace
}  // namespace tasker::testing
