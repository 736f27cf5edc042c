#include "cli/output/progress_line.hpp"

#include "cli/output/label_fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace tasker::cli {
namespace {

constexpr std::string_view kLongest = "  longest: ";
// A name shortened below this says nothing: the line goes without it.
constexpr std::size_t kShortestName = 8;

}  // namespace

std::string format_clock(Duration duration) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
  const auto total = seconds < 0 ? 0 : seconds;
  if (total >= 3600)
    return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

std::string format_progress(const ProgressCounts& counts, std::size_t columns) {
  std::string line = fmt::format(
      "done {}  failed {}  running {}  queued {}  {}", counts.done, counts.failed, counts.running,
      counts.queued ? fmt::to_string(*counts.queued) : "?", format_clock(counts.elapsed));
  // Rounded up: work left, however little, is never "eta 0:00" (one fast task done of many).
  if (counts.eta)
    line +=
        fmt::format("  eta {}", format_clock(std::chrono::ceil<std::chrono::seconds>(*counts.eta)));
  if (columns == 0) {
    if (!counts.longest.empty())
      line += std::string(kLongest) + counts.longest;
    return line;
  }
  const std::size_t width = label_width(line);
  if (!counts.longest.empty() && width + kLongest.size() + kShortestName <= columns) {
    const std::size_t room = columns - width - kLongest.size();
    line += std::string(kLongest) + fit_label(counts.longest, room);
    return line;
  }
  if (width > columns)
    line.resize(columns);  // all ASCII without the name
  return line;
}

std::optional<Duration> estimate_remaining(std::optional<Duration> median, std::size_t remaining,
                                           std::size_t jobs) {
  if (!median)
    return std::nullopt;
  if (remaining == 0)
    return Duration::zero();
  const std::size_t at_once = jobs == 0 || jobs > remaining ? remaining : jobs;
  return *median * static_cast<Duration::rep>(remaining) / static_cast<Duration::rep>(at_once);
}

RecentMedian::RecentMedian(std::size_t window) : window_(std::max<std::size_t>(window, 1)) {}

void RecentMedian::add(Duration duration) {
  if (recent_.size() < window_) {
    recent_.push_back(duration);
    return;
  }
  recent_[next_] = duration;
  next_ = (next_ + 1) % window_;
}

std::optional<Duration> RecentMedian::median() const {
  if (recent_.empty())
    return std::nullopt;
  scratch_.assign(recent_.begin(), recent_.end());
  const auto middle = scratch_.begin() + static_cast<std::ptrdiff_t>(scratch_.size() / 2);
  std::nth_element(scratch_.begin(), middle, scratch_.end());
  if (scratch_.size() % 2 == 1)
    return *middle;
  // The mean of the two middles: the lower one is the largest of the lower half.
  const Duration lower = *std::max_element(scratch_.begin(), middle);
  return (lower + *middle) / 2;
}

Duration RedrawThrottle::wait(Duration now) const {
  if (!last_ || now - *last_ >= gap_)
    return Duration::zero();
  return *last_ + gap_ - now;
}

}  // namespace tasker::cli
