#include "cli/output/progress_display.hpp"

#include "cli/output/label_fit.hpp"
#include "cli/report/report_text.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>
#include <utility>

namespace tasker::cli {
namespace {

constexpr std::string_view kEraseLine = "\r\x1b[K";

bool dumb_terminal() {
  const char* term = std::getenv("TERM");
  return term != nullptr && std::string_view(term) == "dumb";
}

}  // namespace

ProgressStyle progress_style(std::optional<bool> forced, bool quiet, int fd) {
  if (forced == false || (quiet && !forced))
    return ProgressStyle::off;
  if (::isatty(fd) == 1)
    return dumb_terminal() ? ProgressStyle::plain : ProgressStyle::live;
  return forced ? ProgressStyle::plain : ProgressStyle::off;
}

ProgressDisplay::ProgressDisplay(boost::asio::io_context& io, Clock& clock, FdWriter& err,
                                 ProgressStyle style, std::size_t jobs)
    : clock_(clock),
      err_(err),
      style_(style),
      jobs_(jobs),
      started_at_(clock.now()),
      columns_(style == ProgressStyle::live ? output_columns(err.fd()) : 0),
      throttle_(style == ProgressStyle::live ? Duration(kLiveGap) : Duration(kPlainInterval)),
      window_changes_(io) {
  if (style_ == ProgressStyle::live) {
    err_.set_before_push([this] { erase(); });
    window_changes_.add(SIGWINCH);
    watch_window_size();
    request_draw();
  } else {
    schedule(kPlainInterval);
  }
}

ProgressDisplay::~ProgressDisplay() {
  stop();
}

void ProgressDisplay::watch_window_size() {
  window_changes_.async_wait([this](const boost::system::error_code& error, int /*signo*/) {
    if (error || stopped_)
      return;
    columns_ = output_columns(err_.fd());
    request_draw();
    watch_window_size();
  });
}

void ProgressDisplay::task_started(std::size_t index, const std::string& name) {
  running_[index] = Started{printable(name), clock_.now()};
  request_draw();
}

void ProgressDisplay::task_ended(std::size_t index, bool succeeded) {
  const auto found = running_.find(index);
  if (found != running_.end()) {
    median_.add(clock_.now() - found->second.at);
    running_.erase(found);
  }
  ++(succeeded ? done_ : failed_);
  request_draw();
}

void ProgressDisplay::task_skipped() {
  ++skipped_;
  request_draw();
}

void ProgressDisplay::total_known(std::size_t total) {
  total_ = total;
  request_draw();
}

std::string ProgressDisplay::line(std::size_t columns) const {
  ProgressCounts counts;
  counts.done = done_;
  counts.failed = failed_;
  counts.running = running_.size();
  counts.elapsed = clock_.now() - started_at_;
  if (total_) {
    const std::size_t ended = done_ + failed_ + skipped_;
    const std::size_t remaining = *total_ > ended ? *total_ - ended : 0;
    counts.queued = remaining > counts.running ? remaining - counts.running : 0;
    counts.eta = estimate_remaining(median_.median(), remaining, jobs_);
  }
  // Tasks start in input order, so the first one running started first.
  if (!running_.empty())
    counts.longest = running_.begin()->second.name;
  return format_progress(counts, columns);
}

// Events only hasten the live line; plain lines keep their pace.
void ProgressDisplay::request_draw() {
  if (style_ == ProgressStyle::live)
    schedule(throttle_.wait(clock_.now()));
}

void ProgressDisplay::schedule(Duration delay) {
  if (stopped_)
    return;
  const Duration at = clock_.now() + delay;
  if (next_draw_ && next_draw_->active()) {
    if (next_draw_at_ <= at)
      return;
    next_draw_->cancel();
  }
  next_draw_at_ = at;
  next_draw_ = clock_.call_later(delay, [this] { draw(); });
}

void ProgressDisplay::draw() {
  if (stopped_)
    return;
  throttle_.drawn(clock_.now());
  if (style_ == ProgressStyle::plain) {
    err_.push("tasker: " + line(0) + "\n");
    schedule(kPlainInterval);
    return;
  }
  // The last column stays free: a line that fills it wraps on some terminals, and the erase
  // would then miss its first row.
  std::string text = line(columns_ > 1 ? columns_ - 1 : columns_);
  if (text != shown_) {
    shown_.clear();  // the push below must not erase it again
    err_.push(std::string("\r") + text + "\x1b[K");
    shown_ = std::move(text);
  }
  schedule(std::chrono::seconds(1));  // the elapsed time moves on
}

void ProgressDisplay::erase() {
  if (shown_.empty())
    return;
  shown_.clear();
  err_.push(std::string(kEraseLine));
  request_draw();  // after what is being printed now
}

void ProgressDisplay::stop() {
  if (stopped_)
    return;
  stopped_ = true;
  if (next_draw_)
    next_draw_->cancel();
  if (style_ == ProgressStyle::live) {
    err_.set_before_push({});
    boost::system::error_code ignored;
    window_changes_.cancel(ignored);
    if (!shown_.empty()) {
      shown_.clear();
      err_.push(std::string(kEraseLine));
    }
  }
}

}  // namespace tasker::cli
