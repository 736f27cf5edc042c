#include "cli/report/every_stats.hpp"

#include "cli/report/run_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace tasker::cli {
namespace {

TaskReport run(TaskState state, std::optional<double> duration_ms) {
  TaskReport r;
  r.state = state;
  r.duration_ms = duration_ms;
  return r;
}

TEST(EveryStatsTest, CountsRunsByStateAndSkipsRunsThatNeverStarted) {
  EveryStats stats;
  stats.add(run(TaskState::succeeded, 1));
  stats.add(run(TaskState::failed, 2));
  stats.add(run(TaskState::timed_out, 3));
  stats.add(run(TaskState::cancelled, 4));
  stats.add(run(TaskState::not_started, std::nullopt));
  EXPECT_EQ(stats.runs(), 4u);
  EXPECT_EQ(stats.succeeded(), 1u);
  EXPECT_EQ(stats.failed(), 1u);
  EXPECT_EQ(stats.timed_out(), 1u);
  EXPECT_EQ(stats.cancelled(), 1u);
}

TEST(EveryStatsTest, FailuresInARowStartAgainAfterAnythingButAFailure) {
  EveryStats stats;
  stats.add(run(TaskState::failed, 1));
  stats.add(run(TaskState::succeeded, 1));
  stats.add(run(TaskState::failed, 1));
  stats.add(run(TaskState::timed_out, 1));
  EXPECT_EQ(stats.failures_in_a_row(), 2u);
  stats.add(run(TaskState::cancelled, 1));
  EXPECT_EQ(stats.failures_in_a_row(), 0u);
}

TEST(EveryStatsTest, NoDurationMeansNoMinMedianOrMax) {
  EveryStats stats;
  stats.add(run(TaskState::cancelled, std::nullopt));
  EXPECT_FALSE(stats.min_ms());
  EXPECT_FALSE(stats.median_ms());
  EXPECT_FALSE(stats.max_ms());
}

TEST(EveryStatsTest, MedianIsExactUpToTheSampleLimit) {
  EveryStats odd;
  for (const double ms : {200.0, 1500.0, 300.0}) odd.add(run(TaskState::succeeded, ms));
  EXPECT_EQ(odd.min_ms(), 200.0);
  EXPECT_EQ(odd.median_ms(), 300.0);
  EXPECT_EQ(odd.max_ms(), 1500.0);

  EveryStats even;
  for (std::size_t i = 1; i <= EveryStats::kExactSamples; ++i) {
    even.add(run(TaskState::succeeded, static_cast<double>(i)));
  }
  EXPECT_EQ(even.median_ms(), 500.5);
}

TEST(EveryStatsTest, PastTheSampleLimitTheMedianIsWithinTwoPercentAndMinMaxStayExact) {
  // A skewed distribution over six orders of magnitude, in random order.
  std::mt19937 random(5);
  std::lognormal_distribution<double> durations(std::log(20.0), 2.0);
  std::vector<double> all;
  EveryStats stats;
  for (int i = 0; i < 100'001; ++i) {
    const double ms = durations(random);
    all.push_back(ms);
    stats.add(run(TaskState::succeeded, ms));
  }
  std::sort(all.begin(), all.end());
  const double median = all[all.size() / 2];
  ASSERT_TRUE(stats.median_ms());
  EXPECT_NEAR(*stats.median_ms(), median, median * 0.022);
  EXPECT_EQ(stats.min_ms(), all.front());
  EXPECT_EQ(stats.max_ms(), all.back());
}

TEST(EveryStatsTest, ExtremeDurationsStayInRange) {
  EveryStats stats;
  for (int i = 0; i < 2000; ++i) {
    stats.add(run(TaskState::succeeded, i % 2 == 0 ? 0.0 : 36500.0 * 86'400'000.0));
  }
  stats.add(run(TaskState::succeeded, 0.0));
  EXPECT_EQ(stats.min_ms(), 0.0);
  EXPECT_LT(*stats.median_ms(), 0.001);  // the bucket under 1 us
  EXPECT_EQ(stats.max_ms(), 36500.0 * 86'400'000.0);
}

TEST(EveryStatsTest, AllEqualDurationsGiveThatDurationEvenFromTheHistogram) {
  EveryStats stats;
  for (int i = 0; i < 5000; ++i) stats.add(run(TaskState::succeeded, 2.5));
  EXPECT_EQ(stats.median_ms(), 2.5);
}

}  // namespace
}  // namespace tasker::cli
