// A run over many inputs holds a few bytes per finished task, not its report: the reports go to a
// spill file and are streamed into --report at the end. Not timed: only memory is checked.

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

namespace tasker::testing {
namespace {

using namespace std::chrono_literals;

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class ManyInputsMemory : public ::testing::Test {
 protected:
  struct Run {
    TaskerResult result;
    long peak_kb = 0;
    std::string report;
    std::string joblog;
  };

  // `command` over `inputs` inputs at -j `jobs`, with --report and --joblog, read from
  // --args FILE.
  Run run(std::size_t inputs, const std::string& command = "true", const std::string& jobs = "8") {
    std::string lines;
    for (std::size_t i = 0; i < inputs; ++i) lines += std::to_string(i) + "\n";
    const std::string name = std::to_string(inputs);
    write_file(dir.file("inputs" + name), lines);
    SpawnedProcess tasker(
        {TASKER_BINARY, "--output", "quiet", "--report", dir.file("report" + name + ".json"),
         "gather", "-j", jobs, "--no-progress", "--joblog", dir.file("joblog" + name), command,
         "--args", dir.file("inputs" + name)},
        dir);
    Run r;
    r.result =
        tasker.wait(600s, [&] { r.peak_kb = std::max(r.peak_kb, peak_rss_kb(tasker.pid())); });
    r.report = read_file(dir.file("report" + name + ".json"));
    r.joblog = read_file(dir.file("joblog" + name));
    return r;
  }

  ScratchDir dir;
};

TEST_F(ManyInputsMemory, PeakMemoryDoesNotGrowWithTheNumberOfTasks) {
  if (kUnderAddressSanitizer)
    GTEST_SKIP() << "RSS is meaningless under AddressSanitizer";
  const Run small = run(200);
  const Run large = run(10'000);
  ASSERT_EQ(small.result.exit_code, 0) << small.result.err;
  ASSERT_EQ(large.result.exit_code, 0) << large.result.err;
  // Every task is in the report and the job log.
  EXPECT_EQ(count_of(large.report, "\n      \"index\": "), 10'000U);
  EXPECT_EQ(count_of(large.report, "\"state\": \"succeeded\""), 10'000U);
  EXPECT_EQ(count_of(large.joblog, "\n"), 10'001U);  // and its header
  // The summary says how many, and lists none of the 10 000 successes.
  EXPECT_NE(large.result.err.find("gather: 10000 tasks in "), std::string::npos)
      << large.result.err;
  EXPECT_LT(count_of(large.result.err, "\n"), 10U) << large.result.err;
  // Each task's report held in memory (about 0.6 KB) came to 6 MB more here, and the JSON report
  // built whole at the end to more again. On disk, a task costs a few bytes: about 1 MB more.
  EXPECT_GT(small.peak_kb, 0);
  EXPECT_LT(large.peak_kb - small.peak_kb, 3 * 1024)
      << "200 tasks: " << small.peak_kb << " kB, 10 000 tasks: " << large.peak_kb << " kB";
}

// A gather that fires on its first failure reports every input of a regular file it did not
// reach as not started: one at a time, not as a list of all of them built first.
TEST_F(ManyInputsMemory, TheInputsARunEndedBeforeAreNotHeldAtOnce) {
  if (kUnderAddressSanitizer)
    GTEST_SKIP() << "RSS is meaningless under AddressSanitizer";
  const Run small = run(200, "false", "1");
  const Run large = run(100'000, "false", "1");
  ASSERT_EQ(small.result.exit_code, 1) << small.result.err;
  ASSERT_EQ(large.result.exit_code, 1) << large.result.err;
  EXPECT_EQ(count_of(large.report, "\"state\": \"not_started\""), 99'999U);
  EXPECT_EQ(count_of(large.report, "\"state\": \"failed\""), 1U);
  // The 99 999 tasks listed at once took about 6 MB more, and twice that while the list grew. What
  // may grow is the spill's index, 16 bytes a task: 1.6 MB here.
  EXPECT_GT(small.peak_kb, 0);
  EXPECT_LT(large.peak_kb - small.peak_kb, 3 * 1024)
      << "200 inputs: " << small.peak_kb << " kB, 100 000 inputs: " << large.peak_kb << " kB";
}

}  // namespace
}  // namespace tasker::testing
