#pragma once
// ProgressDisplay: the progress of gather, list and any on stderr while they run
// (cli/output/progress_line.hpp says what the line holds). On a terminal it is one line redrawn
// in place at most 10 times a second, erased before anything else is written to the terminal
// (the writers call it back, cli/output/fd_writer.hpp) and redrawn after, so no line is ever
// torn; it is fitted to the terminal's width again on SIGWINCH. Elsewhere, or on a dumb
// terminal, it is a plain line every 10 s, so that CI does not kill a run that prints nothing.

#include "cli/output/fd_writer.hpp"
#include "cli/output/progress_line.hpp"
#include "core/deferred/clock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace tasker::cli {

enum class ProgressStyle { off, live, plain };

/// --progress (`forced` true), --no-progress (false) or neither, -q, and whether stderr (`fd`)
/// is a terminal: live on a terminal unless TERM is dumb (plain lines then); off elsewhere unless
/// forced (plain lines); off with --no-progress, and with -q unless forced. The environment is
/// read at each call.
[[nodiscard]] ProgressStyle progress_style(std::optional<bool> forced, bool quiet, int fd);

class ProgressDisplay {
 public:
  /// Draws through `err` (tasker's stderr writer) in `style`, not off; `jobs` is -j (0 = no
  /// limit), for the ETA. Starts the clock of the elapsed time now.
  ProgressDisplay(boost::asio::io_context& io, Clock& clock, FdWriter& err, ProgressStyle style,
                  std::size_t jobs);
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  /// Task `index` started its first attempt.
  void task_started(std::size_t index, const std::string& name);
  /// Task `index` ended; `succeeded` or not (one cancelled before it started did not).
  void task_ended(std::size_t index, bool succeeded);
  /// A task an earlier run did (--resume): part of the total, never queued.
  void task_skipped();
  /// Every input is read: there are `total` tasks.
  void total_known(std::size_t total);
  /// -j came lower (the process limit).
  void jobs_lowered(std::size_t jobs) { jobs_ = jobs; }

  /// The run is over: the line is erased and drawn no more.
  void stop();

  /// What the line says now, in `columns` (0 = no limit).
  [[nodiscard]] std::string line(std::size_t columns) const;

  /// Plain lines come this often.
  static constexpr std::chrono::seconds kPlainInterval{10};
  /// The live line is drawn at most once in this.
  static constexpr std::chrono::milliseconds kLiveGap{100};

 private:
  struct Started {
    std::string name;
    Duration at;
  };

  void request_draw();
  void schedule(Duration delay);
  void draw();
  void erase();
  void watch_window_size();

  Clock& clock_;
  FdWriter& err_;
  ProgressStyle style_;
  std::size_t jobs_;
  Duration started_at_;
  std::size_t columns_;
  std::map<std::size_t, Started> running_;  // by index
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::size_t skipped_ = 0;
  std::optional<std::size_t> total_;
  RecentMedian median_;
  RedrawThrottle throttle_;
  std::shared_ptr<DelayedCall> next_draw_;
  Duration next_draw_at_{};
  std::string shown_;  // what the terminal shows now; empty when erased
  bool stopped_ = false;
  boost::asio::signal_set window_changes_;
};

}  // namespace tasker::cli
