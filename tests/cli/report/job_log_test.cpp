// The --joblog line tasker writes: GNU parallel's columns and number formats, and the Exitval and
// Signal of each way a task ends.

#include "cli/report/job_log.hpp"

#include "core/input/job_log_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tasker::cli {
namespace {

TEST(JobLogLine, HasParallelsColumnsAndFormats) {
  EXPECT_EQ(job_log_line(7, "", 1796506716.7164, 0.0049, {.exitval = 3, .signal = 0}, "exit 3"),
            "7\t:\t1796506716.716\t     0.005\t0\t0\t3\t0\texit 3\n");
  EXPECT_EQ(job_log_line(1, "", 1.0, 12345.5, {.exitval = -1, .signal = 15}, "sleep 1"),
            "1\t:\t1.000\t 12345.500\t0\t0\t-1\t15\tsleep 1\n");
}

// As `parallel -S 2/h1,: --joblog` writes it: the host's name, and `:` for this machine.
TEST(JobLogLine, NamesTheHostATaskRanOn) {
  EXPECT_EQ(job_log_line(3, "h1", 1.0, 0.5, {}, "echo c"),
            "3\th1\t1.000\t     0.500\t0\t0\t0\t0\techo c\n");
  EXPECT_EQ(job_log_line(2, ":", 1.0, 0.5, {}, "echo b"),
            "2\t:\t1.000\t     0.500\t0\t0\t0\t0\techo b\n");
}

TEST(JobLogLine, ANewlineInTheCommandIsWrittenAsANulByteAsParallelDoes) {
  const std::string line = job_log_line(1, "", 1.0, 0.0, {}, "echo a\necho b");
  EXPECT_EQ(line, std::string("1\t:\t1.000\t     0.000\t0\t0\t0\t0\techo a") + '\0' + "echo b\n");
  // tasker reads its own lines back.
  EXPECT_EQ(parse_job_log(std::string(kJobLogHeader) + "\n" + line, "l").entries.size(), 1U);
}

}  // namespace
}  // namespace tasker::cli
