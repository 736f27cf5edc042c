#pragma once
// EveryStats: the numbers the `every` summary gives over all runs (docs/behaviour.md "every":
// runs, successes, failures, run duration min/median/max), gathered run by
// run in fixed memory. Days of `every` keep memory flat: the report keeps
// only the last kMaxReportedRuns runs, these numbers cover every one.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace tasker::cli {

struct TaskReport;

class EveryStats {
 public:
  /// Counts one run that ended. A run that never started is not a run.
  void add(const TaskReport& run);

  [[nodiscard]] std::size_t runs() const { return runs_; }
  [[nodiscard]] std::size_t succeeded() const { return succeeded_; }
  [[nodiscard]] std::size_t failed() const { return failed_; }
  [[nodiscard]] std::size_t timed_out() const { return timed_out_; }
  [[nodiscard]] std::size_t cancelled() const { return cancelled_; }
  /// Failed or timed-out runs at the end, in a row (what --max-failures counts).
  [[nodiscard]] std::size_t failures_in_a_row() const { return failures_in_a_row_; }

  /// Run durations, exact; nullopt before any run has a duration.
  [[nodiscard]] std::optional<double> min_ms() const { return min_ms_; }
  [[nodiscard]] std::optional<double> max_ms() const { return max_ms_; }
  /// The median run duration: exact up to kExactSamples durations (the mean
  /// of the middle two for an even count); past that, the lower median read
  /// from a log-scale histogram, within 2.2% of the true one (16 buckets per
  /// doubling, each reported by its geometric middle, clamped to min..max).
  [[nodiscard]] std::optional<double> median_ms() const;

  /// Durations kept one by one before only the histogram is used.
  static constexpr std::size_t kExactSamples = 1000;

 private:
  static constexpr std::size_t kBucketsPerDoubling = 16;
  // From 1 us (bucket 0 holds anything shorter) to past 36500 days in ms: 2^52 us.
  static constexpr std::size_t kBuckets = 1 + 52 * kBucketsPerDoubling;
  static std::size_t bucket_of(double ms);
  static double middle_of(std::size_t bucket);

  std::size_t runs_ = 0;
  std::size_t succeeded_ = 0;
  std::size_t failed_ = 0;
  std::size_t timed_out_ = 0;
  std::size_t cancelled_ = 0;
  std::size_t failures_in_a_row_ = 0;
  std::optional<double> min_ms_;
  std::optional<double> max_ms_;
  std::size_t durations_ = 0;
  std::vector<double> samples_;  // every duration while durations_ <= kExactSamples
  std::array<std::uint64_t, kBuckets> histogram_{};
};

}  // namespace tasker::cli
