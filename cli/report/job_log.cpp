#include "cli/report/job_log.hpp"

#include "cli/output/log_line.hpp"
#include "cli/usage_error.hpp"
#include "core/input/job_log_parser.hpp"
#include "core/status_numbers.hpp"

#include <fmt/format.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace tasker::cli {
namespace {

// The signal parallel says its timeouts and cancels killed with.
constexpr int kCancelSignal = 15;

UniqueFd open_log(const std::string& path, bool append, std::size_t keep_length) {
  // O_CLOEXEC: tasks must not inherit the log.
  const int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (append ? 0 : O_TRUNC);
  UniqueFd fd(::open(path.c_str(), flags, 0666));
  if (!fd)
    throw UsageError(fmt::format("cannot write --joblog '{}': {}", path, ::strerror(errno)));
  struct stat info {};
  if (::fstat(fd.get(), &info) == 0 && S_ISREG(info.st_mode) && append &&
      static_cast<std::size_t>(info.st_size) > keep_length &&
      ::ftruncate(fd.get(), static_cast<off_t>(keep_length)) != 0) {
    throw UsageError(fmt::format("cannot write --joblog '{}': {}", path, ::strerror(errno)));
  }
  return fd;
}

// How a log opened to append ends: empty (it needs the header), or with a last line that has
// no newline (edited by hand), which the next line must not be glued to.
struct Ending {
  bool empty = false;
  bool without_newline = false;
};

Ending ending_of(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
    return {};
  if (info.st_size == 0)
    return {.empty = true};
  char last = '\n';
  return {.without_newline = ::pread(fd, &last, 1, info.st_size - 1) == 1 && last != '\n'};
}

}  // namespace

std::optional<JobLogOutcome> job_log_outcome(const Task& task) {
  switch (task.state()) {
    case TaskState::succeeded:
      return JobLogOutcome{};
    case TaskState::timed_out:
    case TaskState::cancelled:
      return JobLogOutcome{.exitval = -1, .signal = kCancelSignal};
    case TaskState::failed:
      break;
    case TaskState::queued:
    case TaskState::running:
    case TaskState::not_started:
    case TaskState::skipped:
      return std::nullopt;
  }
  const std::optional<ProcessExit>& exit = task.last_exit();
  if (!exit || !exit->started())
    return JobLogOutcome{.exitval = status::kCannotStart, .signal = 0};
  if (exit->signal)
    return JobLogOutcome{.exitval = 0, .signal = *exit->signal};
  return JobLogOutcome{.exitval = exit->exit_code.value_or(0), .signal = 0};
}

std::string job_log_line(std::size_t seq, std::string_view host, double start_epoch, double runtime,
                         JobLogOutcome outcome, std::string_view command) {
  std::string line =
      fmt::format("{}\t{}\t{:.3f}\t{:10.3f}\t0\t0\t{}\t{}\t", seq, host.empty() ? ":" : host,
                  start_epoch, std::max(0.0, runtime), outcome.exitval, outcome.signal);
  for (const char c : command) line += c == '\n' ? '\0' : c;
  line += '\n';
  return line;
}

JobLog::JobLog(const std::string& path, bool append, std::size_t keep_length, const Clock& clock)
    : path_(path),
      fd_(open_log(path, append, keep_length)),
      clock_(clock),
      clock_origin_(clock.now()),
      wall_origin_(std::chrono::system_clock::now()) {
  const Ending ending = append ? ending_of(fd_.get()) : Ending{.empty = true};
  if (ending.without_newline)
    write_all("\n");
  if (ending.empty) {
    std::string text(kJobLogHeader);
    text += '\n';
    write_all(text);
  }
  if (failed_)
    throw UsageError(fmt::format("cannot write --joblog '{}'", path));
  syncer_ = std::thread([this] { sync_loop(); });
}

JobLog::~JobLog() {
  close();
}

double JobLog::epoch_seconds(Duration clock_time) const {
  const auto wall = wall_origin_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                       clock_time - clock_origin_);
  return std::chrono::duration<double>(wall.time_since_epoch()).count();
}

void JobLog::record(const Task& task) {
  const std::optional<JobLogOutcome> outcome = job_log_outcome(task);
  if (!outcome || !task.started_at())
    return;
  // parallel's run time counts from the start as written, cut (not rounded) to milliseconds.
  const double start = std::round(epoch_seconds(*task.started_at()) * 1000.0) / 1000.0;
  const double end = epoch_seconds(task.ended_at() ? *task.ended_at() : clock_.now());
  const double runtime = std::trunc((end - start) * 1000.0) / 1000.0;
  const std::string_view host = task.last_exit() ? task.last_exit()->host : std::string_view();
  write_all(job_log_line(task.seq(), host, start, runtime, *outcome, task.command()));
  const std::lock_guard lock(mutex_);
  dirty_ = true;
}

void JobLog::write_all(std::string_view text) {
  while (!text.empty() && fd_) {
    const ssize_t n = ::write(fd_.get(), text.data(), text.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (!failed_)
        log_line(fmt::format("cannot write --joblog '{}': {}", path_, ::strerror(errno)));
      failed_ = true;
      return;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Once a second, if a line came since the last time: the disk has it within the second.
void JobLog::sync_loop() {
  std::unique_lock lock(mutex_);
  while (!closing_) {
    wake_.wait_for(lock, std::chrono::seconds(1));
    if (!dirty_)
      continue;
    dirty_ = false;
    lock.unlock();
    ::fdatasync(fd_.get());
    lock.lock();
  }
}

void JobLog::close() {
  if (!syncer_.joinable())
    return;
  {
    const std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  syncer_.join();
  if (fd_ && ::fsync(fd_.get()) != 0 && errno != EINVAL && !failed_) {
    log_line(fmt::format("cannot write --joblog '{}': {}", path_, ::strerror(errno)));
    failed_ = true;
  }
  fd_.reset();
}

}  // namespace tasker::cli
