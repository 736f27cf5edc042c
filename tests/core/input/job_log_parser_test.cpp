// Reading a job log for --resume and --resume-failed: GNU parallel's lines (JobRuntime padded
// to 10 columns, negative Exitval, tabs in the Command), the bad lines that are usage errors
// naming their line, and a last line cut short by a crash.

#include "core/input/job_log_parser.hpp"

#include "core/input/input_error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace tasker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::string kHead = std::string(kJobLogHeader) + "\n";

std::string error_of(const std::string& text) {
  try {
    static_cast<void>(parse_job_log(text, "--joblog 'l'"));
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(JobLogParser, ReadsTheLinesParallelWrites) {
  const std::string text = kHead +
                           "1\t:\t1796506716.716\t     0.004\t0\t0\t3\t0\texit 3\n"
                           "2\t:\t1796506716.782\t     0.111\t0\t0\t0\t9\tkill -9 $$\n"
                           "3\tserver\t1796506719.846\t     1.169\t0\t0\t-1\t15\tprintf 'a\tb'\n"
                           "4\t:\t1796506716.879\t     0.052\t0\t0\t0\t0\ttrue\n";
  const ParsedJobLog log = parse_job_log(text, "l");
  ASSERT_EQ(log.entries.size(), 4U);
  EXPECT_EQ(log.entries[2].seq, 3U);
  EXPECT_EQ(log.entries[2].exitval, -1);
  EXPECT_EQ(log.entries[2].signal, 15);
  EXPECT_EQ(log.whole_length, text.size());
  EXPECT_THAT(seqs_done(log, ResumeMode::resume), ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(seqs_done(log, ResumeMode::resume_failed), ElementsAre(4));
}

TEST(JobLogParser, ASeqDoneOnceIsDoneUnderResumeFailedWhateverTheOtherLinesSay) {
  const ParsedJobLog log = parse_job_log(kHead +
                                             "2\t:\t1.000\t0.100\t0\t0\t1\t0\tx\n"
                                             "2\t:\t2.000\t0.100\t0\t0\t0\t0\tx\n"
                                             "1\t:\t2.000\t0.100\t0\t0\t0\t0\ty\n",
                                         "l");
  EXPECT_THAT(seqs_done(log, ResumeMode::resume_failed), ElementsAre(1, 2));
  EXPECT_THAT(seqs_done(log, ResumeMode::resume), ElementsAre(1, 2));
}

TEST(JobLogParser, EmptyTextAndAHeaderAloneAreAnEmptyLog) {
  EXPECT_THAT(parse_job_log("", "l").entries, IsEmpty());
  EXPECT_THAT(parse_job_log(kHead, "l").entries, IsEmpty());
  EXPECT_EQ(parse_job_log(kHead, "l").whole_length, kHead.size());
}

TEST(JobLogParser, ALastLineCutShortIsNotLoggedAndLiesPastTheWholeLines) {
  const std::string whole = kHead + "1\t:\t1.000\t0.100\t0\t0\t0\t0\tx\n";
  const ParsedJobLog log = parse_job_log(whole + "2\t:\t1.0", "l");
  EXPECT_EQ(log.entries.size(), 1U);
  EXPECT_EQ(log.whole_length, whole.size());
  // A whole last line without its newline counts.
  EXPECT_EQ(parse_job_log(whole + "2\t:\t1.000\t0.100\t0\t0\t0\t0\ty", "l").entries.size(), 2U);
  // So does a header cut short: nothing is logged.
  EXPECT_EQ(parse_job_log("Seq\tHo", "l").whole_length, 0U);
}

TEST(JobLogParser, BadLinesAreErrorsNamingTheLine) {
  EXPECT_THAT(error_of("Seq Host\n"), HasSubstr("--joblog 'l' line 1: not a job log header"));
  EXPECT_THAT(error_of(kHead + "1\t:\t1.0\t0.1\t0\t0\t0\t0\tx\n\n"),
              HasSubstr("--joblog 'l' line 3: not a job log line"));
  for (const std::string bad :
       {"x\t:\t1.0\t0.1\t0\t0\t0\t0\tx\n", "0\t:\t1.0\t0.1\t0\t0\t0\t0\tx\n",
        "1\t\t1.0\t0.1\t0\t0\t0\t0\tx\n", "1\t:\tnow\t0.1\t0\t0\t0\t0\tx\n",
        "1\t:\t1.0\t0.1\t0\t0\tzero\t0\tx\n", "1\t:\t1.0\t0.1\t0\t0\t0\n"}) {
    EXPECT_THAT(error_of(kHead + bad), HasSubstr("line 2: not a job log line")) << bad;
  }
}

}  // namespace
}  // namespace tasker
