#pragma once
// JobLog: --joblog FILE, GNU parallel's job log (core/input/job_log_parser.hpp reads it). Each
// task's line is written with one write(2) on a file opened O_APPEND as the task is done with,
// so a tasker killed by SIGKILL loses no line it wrote; a thread of its own makes the lines
// durable (fdatasync) at most a second after they were written, and close() at the end, so
// the event loop never waits for the disk.

#include "core/deferred/clock.hpp"
#include "core/process/unique_fd.hpp"
#include "core/run/task.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace tasker::cli {

/// The Exitval and Signal columns of a task that ran, as parallel writes them: an exit code N
/// is (N, 0), a death by signal N (0, N), a timeout or a cancel (-1, 15), a task that could
/// not start (127, 0). nullopt for a task that never started (no line).
struct JobLogOutcome {
  int exitval = 0;
  int signal = 0;
};
[[nodiscard]] std::optional<JobLogOutcome> job_log_outcome(const Task& task);

/// One line, with its newline: `seq`, the host (`:` for this machine, as parallel writes it, or
/// the `--hosts` host the task ran on, without its `N/`), the start as epoch seconds ("%.3f"),
/// the run time ("%10.3f", cut to milliseconds as parallel does), 0, 0, Exitval, Signal, the
/// command (its newlines written as NUL bytes, as parallel does: a line stays a line).
[[nodiscard]] std::string job_log_line(std::size_t seq, std::string_view host, double start_epoch,
                                       double runtime, JobLogOutcome outcome,
                                       std::string_view command);

class JobLog {
 public:
  /// Opens `path`: afresh, with the header line (a run without --resume), or to append
  /// (--resume*), first cut to `keep_length` bytes (what the parser read as whole lines) and
  /// given the header if empty. `clock` gives the tasks' times; its now() is this moment.
  /// Throws UsageError naming the path when it cannot be opened or written.
  JobLog(const std::string& path, bool append, std::size_t keep_length, const Clock& clock);
  JobLog(const JobLog&) = delete;
  JobLog& operator=(const JobLog&) = delete;
  /// close().
  ~JobLog();

  /// Writes the line of a task that is done with; nothing for one that never started.
  /// A write error is said once on stderr; the run goes on (the tasks matter more).
  void record(const Task& task);

  /// Makes every line durable and stops the sync thread. Calling it again does nothing.
  void close();

  /// True once a write or a sync failed.
  [[nodiscard]] bool failed() const { return failed_; }

 private:
  void write_all(std::string_view text);
  void sync_loop();
  [[nodiscard]] double epoch_seconds(Duration clock_time) const;

  std::string path_;
  UniqueFd fd_;
  const Clock& clock_;
  Duration clock_origin_;
  std::chrono::system_clock::time_point wall_origin_;
  bool failed_ = false;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool dirty_ = false;    // a line written since the last sync
  bool closing_ = false;  // close() asked the thread to stop
  std::thread syncer_;
};

}  // namespace tasker::cli
