#pragma once
// The progress line of gather, list and any: what it says, fitted to the terminal, and how
// often it may be drawn. Pure: cli/output/progress_display.hpp draws it.

#include "core/input/duration.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {

/// Where a run stands.
struct ProgressCounts {
  std::size_t done = 0;    // ended and succeeded
  std::size_t failed = 0;  // ended otherwise: failed, timed out, cancelled
  std::size_t running = 0;
  std::optional<std::size_t> queued;  // none until every input is read
  Duration elapsed{};
  std::optional<Duration> eta;
  std::string longest;  // the name of the task that has run longest, if any runs
};

/// `done 3  failed 1  running 4  queued 12  0:42  eta 1:10  longest: lint`: queued `?` while
/// the inputs are not all read, no eta until known, no name when nothing runs. In at most
/// `columns` columns (0 = no limit): the name is shortened first (cli/output/label_fit.hpp),
/// then left out, then the line is cut.
[[nodiscard]] std::string format_progress(const ProgressCounts& counts, std::size_t columns);

/// `0:07`, `12:34`, `1:02:03`: minutes and seconds, hours when there are any.
[[nodiscard]] std::string format_clock(Duration duration);

/// The time left: `median` task time × tasks `remaining` / `jobs` at once (0 = no limit: all
/// of them at once). None without a median.
[[nodiscard]] std::optional<Duration> estimate_remaining(std::optional<Duration> median,
                                                         std::size_t remaining, std::size_t jobs);

/// The median of the last `window` durations added: the ETA follows the tasks of late, and a
/// run of a million tasks keeps `window` durations, not a million. O(window) a median, which
/// the progress line asks for at most 10 times a second.
class RecentMedian {
 public:
  static constexpr std::size_t kDefaultWindow = 1000;

  explicit RecentMedian(std::size_t window = kDefaultWindow);
  void add(Duration duration);
  [[nodiscard]] std::optional<Duration> median() const;

 private:
  std::vector<Duration> recent_;  // a ring once full: next_ is the oldest
  std::size_t window_;
  std::size_t next_ = 0;
  mutable std::vector<Duration> scratch_;  // reused by median(), so it allocates once
};

/// At most one draw per `gap`: wait() says how long until the next one may be.
class RedrawThrottle {
 public:
  explicit RedrawThrottle(Duration gap) : gap_(gap) {}
  [[nodiscard]] Duration wait(Duration now) const;
  void drawn(Duration now) { last_ = now; }

 private:
  Duration gap_;
  std::optional<Duration> last_;
};

}  // namespace tasker::cli
