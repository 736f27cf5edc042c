#include "cli/output/progress_line.hpp"

#include "cli/output/label_fit.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace tasker::cli {
namespace {

using namespace std::chrono_literals;

ProgressCounts counts() {
  ProgressCounts c;
  c.done = 12;
  c.failed = 1;
  c.running = 4;
  c.queued = 83;
  c.elapsed = 42s;
  c.eta = 70s;
  c.longest = "release/checks/lint";
  return c;
}

TEST(FormatProgress, SaysEverythingWithoutALimit) {
  EXPECT_EQ(format_progress(counts(), 0),
            "done 12  failed 1  running 4  queued 83  0:42  eta 1:10  longest: "
            "release/checks/lint");
}

TEST(FormatProgress, QueuedIsAQuestionMarkAndNoEtaUntilTheTotalIsKnown) {
  ProgressCounts c = counts();
  c.queued.reset();
  c.eta.reset();
  EXPECT_EQ(format_progress(c, 0),
            "done 12  failed 1  running 4  queued ?  0:42  longest: release/checks/lint");
}

TEST(FormatProgress, AnEtaUnderASecondIsRoundedUpAndNoneLeftIsZero) {
  ProgressCounts c = counts();
  c.longest.clear();
  c.eta = 20ms;  // the median of one fast task, times the few left
  EXPECT_EQ(format_progress(c, 0), "done 12  failed 1  running 4  queued 83  0:42  eta 0:01");
  c.eta = 70s + 1ms;
  EXPECT_EQ(format_progress(c, 0), "done 12  failed 1  running 4  queued 83  0:42  eta 1:11");
  c.eta = 0s;
  EXPECT_EQ(format_progress(c, 0), "done 12  failed 1  running 4  queued 83  0:42  eta 0:00");
}

TEST(FormatProgress, NothingRunningNoName) {
  ProgressCounts c = counts();
  c.longest.clear();
  c.running = 0;
  EXPECT_EQ(format_progress(c, 80), "done 12  failed 1  running 0  queued 83  0:42  eta 1:10");
}

TEST(FormatProgress, TheNameIsShortenedToFit) {
  const std::string line = format_progress(counts(), 75);
  EXPECT_EQ(line, "done 12  failed 1  running 4  queued 83  0:42  eta 1:10  longest: …/lint");
  EXPECT_LE(label_width(line), 75u);
}

TEST(FormatProgress, ANameThatCannotFitIsLeftOut) {
  EXPECT_EQ(format_progress(counts(), 60),
            "done 12  failed 1  running 4  queued 83  0:42  eta 1:10");
}

TEST(FormatProgress, ALineTooLongIsCut) {
  const std::string line = format_progress(counts(), 20);
  EXPECT_EQ(line, "done 12  failed 1  r");
}

TEST(FormatClock, MinutesSecondsAndHours) {
  EXPECT_EQ(format_clock(0s), "0:00");
  EXPECT_EQ(format_clock(7900ms), "0:07");
  EXPECT_EQ(format_clock(754s), "12:34");
  EXPECT_EQ(format_clock(3723s), "1:02:03");
}

TEST(EstimateRemaining, IsTheMedianTimesWhatRemainsOverTheJobs) {
  EXPECT_EQ(estimate_remaining(10s, 8, 4), 20s);
  EXPECT_EQ(estimate_remaining(10s, 9, 4), 22500ms);
  // Fewer left than slots, or no limit: they all run at once.
  EXPECT_EQ(estimate_remaining(10s, 2, 4), 10s);
  EXPECT_EQ(estimate_remaining(10s, 50, 0), 10s);
  EXPECT_EQ(estimate_remaining(10s, 0, 4), 0s);
  EXPECT_FALSE(estimate_remaining(std::nullopt, 8, 4).has_value());
}

TEST(RecentMedian, IsTheMiddleOrTheMeanOfTheTwoMiddles) {
  RecentMedian median;
  EXPECT_FALSE(median.median().has_value());
  median.add(5s);
  EXPECT_EQ(median.median(), 5s);
  median.add(1s);
  EXPECT_EQ(median.median(), 3s);
  median.add(100s);
  EXPECT_EQ(median.median(), 5s);
  median.add(2s);
  median.add(3s);
  EXPECT_EQ(median.median(), 3s);  // 1 2 3 5 100
  median.add(4s);
  EXPECT_EQ(median.median(), 3500ms);  // 1 2 3 4 5 100
}

TEST(RecentMedian, ForgetsTheOldestPastItsWindow) {
  RecentMedian median(3);
  median.add(1s);
  median.add(2s);
  median.add(3s);
  EXPECT_EQ(median.median(), 2s);
  median.add(10s);  // 2 3 10: the 1 is gone
  EXPECT_EQ(median.median(), 3s);
  median.add(20s);  // 3 10 20
  EXPECT_EQ(median.median(), 10s);
  median.add(1s);  // 10 20 1: the ring wraps to its start
  median.add(1s);  // 20 1 1
  EXPECT_EQ(median.median(), 1s);
}

TEST(RecentMedian, KeepsAThousandByDefault) {
  RecentMedian median;
  for (int i = 0; i < 1000; ++i) median.add(1s);
  for (int i = 0; i < 499; ++i) median.add(9s);
  EXPECT_EQ(median.median(), 1s);  // 501 ones, 499 nines
  median.add(9s);
  EXPECT_EQ(median.median(), 5s);  // 500 and 500
  median.add(9s);
  EXPECT_EQ(median.median(), 9s);
}

TEST(RedrawThrottle, AllowsOneDrawPerGap) {
  RedrawThrottle throttle(100ms);
  EXPECT_EQ(throttle.wait(0s), 0s);  // never drawn yet
  throttle.drawn(1s);
  EXPECT_EQ(throttle.wait(1s), 100ms);
  EXPECT_EQ(throttle.wait(1030ms), 70ms);
  EXPECT_EQ(throttle.wait(1100ms), 0s);
  EXPECT_EQ(throttle.wait(5s), 0s);
}

}  // namespace
}  // namespace tasker::cli
