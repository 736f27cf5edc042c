#pragma once
// ChildProcess: one spawned process from posix_spawn to reaping, as
// PosixSpawner runs it:
//  1. When the leader exits, its status is read without reaping it, so the
//     pid and group id stay ours and the group can still be signalled.
//  2. Output is read until both pipes are at EOF. If another member of the
//     group keeps a pipe open, it gets ProcessOptions::grace, then the group
//     gets SIGKILL and whatever is already in the pipes is read.
//  3. The group gets SIGKILL, removing members that closed their pipes and
//     ran on in the background (`sleep 100 >/dev/null &`): no task process
//     may outlive tasker, and after the leader is reaped the group id could
//     no longer be signalled safely.
//  4. The leader is reaped, observer.on_exit runs, then the Deferred fires.

#include "core/deferred/clock.hpp"
#include "core/deferred/deferred.hpp"
#include "core/process/process_exit.hpp"
#include "core/process/spawner.hpp"
#include "core/process/unique_fd.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/system/error_code.hpp>

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <optional>

namespace tasker::detail {

/// The size of one read: the default pipe capacity, so a full pipe empties in one call.
inline constexpr std::size_t kReadBufferSize = 64 * 1024;

/// What a child needs from the spawner that started it.
class ChildOwner {
 public:
  [[nodiscard]] virtual boost::asio::io_context& io() = 0;
  [[nodiscard]] virtual Clock& clock() = 0;
  /// One read buffer of kReadBufferSize bytes shared by every child: memory
  /// stays flat however many tasks run. Reads never nest (observers are not
  /// re-entered by a read), so sharing it is safe.
  [[nodiscard]] virtual char* read_buffer() = 0;
  /// The child is done: drop it from the table of live children.
  virtual void forget(pid_t pid) = 0;
  /// Group `pgid` stops being ours: its leader is about to be reaped, or was reaped by
  /// someone else. The watchdog must unlist it first.
  virtual void release_group(pid_t pgid) = 0;
  /// Starts listening to SIGCHLD, for children without a pidfd.
  virtual void watch_sigchld() = 0;
  /// Back-pressure (Spawner::set_output_paused): running children stop reading.
  [[nodiscard]] virtual bool output_paused() const = 0;

 protected:
  ~ChildOwner() = default;
};

/// Kept alive by its owner's table and by its own pending handlers
/// (shared_from_this), so a handler never outlives it.
class ChildProcess : public std::enable_shared_from_this<ChildProcess> {
 public:
  /// Throws if Asio cannot register a pipe (epoll limits); the pipes are closed then.
  ChildProcess(ChildOwner& owner, pid_t pid, ProcessObserver& observer, Duration grace,
               UniqueFd stdout_fd, UniqueFd stderr_fd);

  void set_deferred(Deferred<ProcessExit> deferred) { deferred_ = std::move(deferred); }

  /// Starts reading both pipes and watching for the exit: through `pidfd` if
  /// it is valid, else through the owner's SIGCHLD watch.
  void start(UniqueFd pidfd);

  /// True while the exit is to be noticed through SIGCHLD.
  [[nodiscard]] bool needs_sigchld() const { return !pidfd_ && !exited_ && !done_; }

  /// Learns, without reaping, whether the leader has exited.
  void check_exit();

  /// The Deferred's canceller: SIGTERM now, SIGKILL after the grace period.
  void request_exit();

  /// kill_all(): SIGKILL now, and no grace for pipes held open once the leader is gone.
  void kill_now();

  /// stop_all(), continue_all(): `signo` to the group, while the group id is still ours.
  void signal_group_if_ours(int signo);

  /// The leader stopped, by `signo`: the observer hears it, unless the process is done.
  void stopped(int signo);

  /// The spawner is going away: SIGKILL, reap, and tell nobody.
  void abandon();

  /// Reads on from the pipes it stopped reading while output was paused.
  void resume_reading();

 private:
  struct Pipe {
    Pipe(boost::asio::io_context& io, OutputStream s, UniqueFd fd);
    OutputStream stream;
    boost::asio::posix::stream_descriptor descriptor;
    bool open = true;
    bool parked = false;  // readable, but left unread while output is paused
  };

  enum class ReadResult { data, again, end };

  void wait_for_exit();
  void on_pidfd_ready(const boost::system::error_code& ec);
  void fall_back_to_sigchld();
  void wait_readable(Pipe& pipe);
  void on_readable(Pipe& pipe, const boost::system::error_code& ec);
  ReadResult read_once(Pipe& pipe);
  static void close_pipe(Pipe& pipe);
  void on_leader_exit(ProcessExit exit);
  void give_up_on_pipes();
  void maybe_finish();
  void finish();
  void reap();
  static void cancel_timer(std::shared_ptr<DelayedCall>& timer);

  ChildOwner* owner_;  // null once done or abandoned
  pid_t pid_;          // also the process group id
  ProcessObserver* observer_;
  Duration grace_;
  Pipe out_;
  Pipe err_;
  std::optional<boost::asio::posix::stream_descriptor> pidfd_;
  std::optional<Deferred<ProcessExit>> deferred_;
  ProcessExit exit_;
  bool exited_ = false;   // the leader exited; it is not reaped until done_
  bool killing_ = false;  // kill_all() ran: no grace for pipes
  bool lost_ = false;     // reaped by someone else: the pid and group id are not ours
  bool done_ = false;     // reaped (or abandoned): never signal the group again
  std::shared_ptr<DelayedCall> kill_timer_;    // cancel: SIGKILL after grace
  std::shared_ptr<DelayedCall> linger_timer_;  // leader gone, pipes open: give up after grace
};

}  // namespace tasker::detail
