#include "cli/output/progress_display.hpp"

#include "core/process/unique_fd.hpp"
#include "tests/support/manual_clock.hpp"

#include <boost/asio/io_context.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>

#include <string>

namespace tasker::cli {
namespace {

using ::testing::HasSubstr;

// The counts of the line, on plain lines written to /dev/null: what is drawn is line().
class ProgressDisplayTest : public ::testing::Test {
 protected:
  boost::asio::io_context io;
  ManualClock clock;
  UniqueFd null{::open("/dev/null", O_WRONLY | O_CLOEXEC)};
  FdWriter err{null.get(), [](bool) {}};
  ProgressDisplay progress{io, clock, err, ProgressStyle::plain, 2};
};

TEST_F(ProgressDisplayTest, QueuedIsWhatIsLeftOfTheTotal) {
  progress.total_known(3);
  progress.task_started(0, "a");
  EXPECT_THAT(progress.line(200), HasSubstr("running 1  queued 2"));
  progress.task_ended(0, false);
  EXPECT_THAT(progress.line(200), HasSubstr("done 0  failed 1  running 0  queued 2"));
}

// --resume: the tasks an earlier run did are in the total, and are never queued.
TEST_F(ProgressDisplayTest, SkippedTasksAreNotQueued) {
  progress.total_known(4);
  progress.task_skipped();
  progress.task_skipped();
  progress.task_started(2, "c");
  EXPECT_THAT(progress.line(200), HasSubstr("running 1  queued 1"));
  progress.task_ended(2, true);
  progress.task_started(3, "d");
  EXPECT_THAT(progress.line(200), HasSubstr("done 1  failed 0  running 1  queued 0"));
}

}  // namespace
}  // namespace tasker::cli
