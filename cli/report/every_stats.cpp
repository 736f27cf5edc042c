#include "cli/report/every_stats.hpp"

#include "cli/report/report_text.hpp"
#include "cli/report/run_report.hpp"

#include <algorithm>
#include <cmath>

namespace tasker::cli {
namespace {

constexpr double kSmallestMs = 1e-3;  // 1 us: the upper end of bucket 0

}  // namespace

void EveryStats::add(const TaskReport& run) {
  failures_in_a_row_ = is_failure(run) ? failures_in_a_row_ + 1 : 0;
  switch (run.state) {
    case TaskState::succeeded:
      ++succeeded_;
      break;
    case TaskState::failed:
      ++failed_;
      break;
    case TaskState::timed_out:
      ++timed_out_;
      break;
    case TaskState::cancelled:
      ++cancelled_;
      break;
    case TaskState::not_started:
    case TaskState::skipped:
    case TaskState::queued:
    case TaskState::running:
      return;
  }
  ++runs_;
  if (!run.duration_ms)
    return;
  const double ms = *run.duration_ms;
  min_ms_ = std::min(min_ms_.value_or(ms), ms);
  max_ms_ = std::max(max_ms_.value_or(ms), ms);
  ++durations_;
  ++histogram_[bucket_of(ms)];
  if (durations_ <= kExactSamples) {
    samples_.push_back(ms);
  } else if (!samples_.empty()) {
    samples_ = {};  // from now on the histogram answers; give the memory back
  }
}

std::optional<double> EveryStats::median_ms() const {
  if (durations_ == 0)
    return std::nullopt;
  if (durations_ <= kExactSamples) {
    std::vector<double> values = samples_;
    const std::size_t middle = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle),
                     values.end());
    const double upper = values[middle];
    if (values.size() % 2 == 1)
      return upper;
    const double lower =
        *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
    return (lower + upper) / 2;
  }
  const std::uint64_t rank = (durations_ + 1) / 2;  // the lower median, 1-based
  std::uint64_t seen = 0;
  for (std::size_t bucket = 0; bucket < kBuckets; ++bucket) {
    seen += histogram_[bucket];
    if (seen >= rank)
      return std::clamp(middle_of(bucket), *min_ms_, *max_ms_);
  }
  return max_ms_;
}

std::size_t EveryStats::bucket_of(double ms) {
  if (!(ms >= kSmallestMs))
    return 0;  // also NaN
  const double index = 1 + std::floor(std::log2(ms / kSmallestMs) * kBucketsPerDoubling);
  return index >= static_cast<double>(kBuckets - 1) ? kBuckets - 1
                                                    : static_cast<std::size_t>(index);
}

double EveryStats::middle_of(std::size_t bucket) {
  if (bucket == 0)
    return kSmallestMs / 2;
  // Bucket b covers [2^((b-1)/16), 2^(b/16)) us; its geometric middle is 2^((b-0.5)/16) us.
  return kSmallestMs * std::exp2((static_cast<double>(bucket) - 0.5) / kBucketsPerDoubling);
}

}  // namespace tasker::cli
