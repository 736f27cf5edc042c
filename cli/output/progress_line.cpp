#include "cli/output/progress_line.hpp"

#include "cli/output/label_fit.hpp"

#include <fmt/format.h>

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

void RunningMedian::add(Duration duration) {
  if (lower_.empty() || duration <= lower_.top())
    lower_.push(duration);
  else
    upper_.push(duration);
  // lower_ holds the middle one when the count is odd
  if (lower_.size() > upper_.size() + 1) {
    upper_.push(lower_.top());
    lower_.pop();
  } else if (upper_.size() > lower_.size()) {
    lower_.push(upper_.top());
    upper_.pop();
  }
}

std::optional<Duration> RunningMedian::median() const {
  if (lower_.empty())
    return std::nullopt;
  if (lower_.size() > upper_.size())
    return lower_.top();
  return (lower_.top() + upper_.top()) / 2;
}

Duration RedrawThrottle::wait(Duration now) const {
  if (!last_ || now - *last_ >= gap_)
    return Duration::zero();
  return *last_ + gap_ - now;
}

}  // namespace tasker::cli
