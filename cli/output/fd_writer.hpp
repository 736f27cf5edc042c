#pragma once
// FdWriter: tasker's writes to its own stdout or stderr, made from a thread
// of their own, so a reader that stops reading (`tasker ... | less`, a
// terminal paused with Ctrl-S) never stops tasker's event loop: timers,
// signals and cancels still act on time. What waits is held in a queue; past
// a high-water mark the writer says so, and tasker stops reading the tasks'
// pipes until it has drained (back-pressure), so memory stays bounded.
//
// A thread, not O_NONBLOCK: the flag belongs to the open file description,
// which a terminal shares with the shell and with tasks reading it, and a
// pipe with whoever else writes to it.

#include "core/process/unique_fd.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <variant>

namespace tasker::cli {

class FdWriter {
 public:
  /// Called when the queue goes above kHighWater (true, on the caller's
  /// thread, from push) or back below kLowWater (false, on the writer's thread).
  using PressureChanged = std::function<void(bool high)>;

  static constexpr std::size_t kHighWater = 1024 * 1024;
  static constexpr std::size_t kLowWater = 256 * 1024;

  /// Writes to `fd`, which must stay open while the writer lives.
  FdWriter(int fd, PressureChanged pressure_changed);
  /// Writes to `fd` through `shared`'s queue and thread, so that what goes to both keeps the
  /// order it was pushed in: stdout and stderr on one terminal, where a status line drawn on
  /// one must be erased before lines on the other (cli/output/progress_display.hpp). Its queue,
  /// failure and congestion are `shared`'s. `shared` must outlive it.
  FdWriter(int fd, FdWriter& shared);
  /// Writes out what is queued, then stops the thread.
  ~FdWriter();
  FdWriter(const FdWriter&) = delete;
  FdWriter& operator=(const FdWriter&) = delete;

  /// Queues `bytes`; never blocks. Dropped once a write failed.
  void push(std::string bytes);
  /// Queues the contents of `file` from its start (a spill file); the writer
  /// reads and closes it when its turn comes, so a large file is never held
  /// in memory. Never blocks.
  void push_file(UniqueFd file);

  /// Calls `hook` on the pushing thread before each push (of this writer and of those sharing
  /// its queue) that does not come from `hook` itself: a status line is erased before other
  /// lines reach its terminal. An empty `hook` removes it.
  void set_before_push(std::function<void()> hook);

  /// Blocks until everything queued is written, or a write failed.
  void drain();

  /// True once a write failed (EPIPE: nobody reads any more; ENOSPC, ...).
  [[nodiscard]] bool failed() const;
  /// True while the queue is above the high-water mark and not yet below the low one.
  [[nodiscard]] bool congested() const;

  [[nodiscard]] int fd() const { return fd_; }

 private:
  struct Item {
    int fd = -1;
    std::variant<std::string, UniqueFd> data;
  };

  void enqueue(int fd, std::variant<std::string, UniqueFd> data, std::size_t counted);

  void run();
  // Without a thread (none could be created): writes what is queued now, blocking.
  void write_in_place();
  // Writes one item taken from the queue, and accounts for it.
  void write(Item item);
  bool write_all(int fd, const char* data, std::size_t size);
  bool copy_file(int fd, int file);
  void account(std::size_t done);

  int fd_;
  FdWriter* shared_ = nullptr;  // the writer whose queue and thread this one uses
  PressureChanged pressure_changed_;
  std::function<void()> before_push_;
  bool in_before_push_ = false;
  mutable std::mutex mutex_;
  std::condition_variable wake_;     // the writer: an item, or stop
  std::condition_variable drained_;  // drain(): the queue emptied
  std::deque<Item> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;  // an item is out of the queue and being written
  bool congested_ = false;
  bool failed_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything above exists; none if it could not be
};

}  // namespace tasker::cli
