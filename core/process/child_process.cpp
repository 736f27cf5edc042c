#include "core/process/child_process.hpp"

#include "core/process/process_launch.hpp"

#include <boost/asio/post.hpp>

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string_view>
#include <utility>

namespace tasker::detail {
namespace {

using boost::asio::posix::descriptor_base;

// Reads allowed when giving up on a pipe whose writer escaped the group: enough for what
// is buffered, bounded in case that writer goes on writing.
constexpr int kMaxDrainReads = 16;

// Reads in a row from one pipe, until one finds it empty. A task writing in bulk has usually
// refilled the pipe while the last chunk was printed: reading on saves a trip through epoll
// (epoll_ctl and epoll_wait) per chunk, and costs one read that finds nothing otherwise.
// Bounded, so that one busy task cannot keep the others' pipes waiting.
constexpr int kMaxReadsInARow = 8;

// waitid() flags: an exited child, without blocking, left unreaped.
constexpr int kPeek = WEXITED | WNOHANG | WNOWAIT;

}  // namespace

ChildProcess::Pipe::Pipe(boost::asio::io_context& io, OutputStream s, UniqueFd fd)
    : stream(s), descriptor(io) {
  descriptor.assign(fd.get());
  static_cast<void>(fd.release());
  // Non-blocking, so a read after a spurious wakeup returns EAGAIN instead of hanging the
  // event loop. Set through Asio, which otherwise makes its own ioctl on the first wait.
  descriptor.non_blocking(true);
}

ChildProcess::ChildProcess(ChildOwner& owner, pid_t pid, ProcessObserver& observer, Duration grace,
                           UniqueFd stdout_fd, UniqueFd stderr_fd)
    : owner_(&owner),
      pid_(pid),
      observer_(&observer),
      grace_(grace),
      out_(owner.io(), OutputStream::stdout_stream, std::move(stdout_fd)),
      err_(owner.io(), OutputStream::stderr_stream, std::move(stderr_fd)) {}

void ChildProcess::start(UniqueFd pidfd) {
  if (pidfd) {
    pidfd_.emplace(owner_->io());
    pidfd_->assign(pidfd.get());
    static_cast<void>(pidfd.release());
    wait_for_exit();
  } else {
    fall_back_to_sigchld();
  }
  wait_readable(out_);
  wait_readable(err_);
}

void ChildProcess::check_exit() {
  if (exited_ || done_)
    return;
  siginfo_t info{};
  int rc = 0;
  do {
    rc = pidfd_ ? ::waitid(P_PIDFD, pidfd_->native_handle(), &info, kPeek) : -1;
    // P_PIDFD needs Linux 5.4 (pidfds 5.3). The pid is as good: it is not reaped yet.
    if (!pidfd_ || (rc < 0 && errno == EINVAL)) {
      rc = ::waitid(P_PID, static_cast<id_t>(pid_), &info, kPeek);
    }
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) {
    // ECHILD: someone else reaped it (a waitpid(-1) elsewhere). The status is lost, and the
    // group id may already name strangers: never signal it again.
    lost_ = true;
    owner_->release_group(pid_);
    on_leader_exit(ProcessExit{});
    return;
  }
  if (info.si_pid == 0)
    return;  // still running: a spurious wakeup or another child's SIGCHLD
  on_leader_exit(ProcessExit::from_siginfo(info));
}

void ChildProcess::request_exit() {
  if (done_ || owner_ == nullptr)
    return;
  signal_group(pid_, SIGTERM);
  // A stopped member would act on SIGTERM only after the grace period otherwise.
  signal_group(pid_, SIGCONT);
  if (kill_timer_)
    return;
  kill_timer_ = owner_->clock().call_later(grace_, [weak = weak_from_this()] {
    if (const auto self = weak.lock(); self && !self->done_)
      signal_group(self->pid_, SIGKILL);
  });
}

void ChildProcess::kill_now() {
  if (done_ || owner_ == nullptr)
    return;
  killing_ = true;
  signal_group(pid_, SIGKILL);
  if (exited_) {
    cancel_timer(linger_timer_);
    // Posted, not called: kill_all() may run inside an observer, while a read is using the
    // shared buffer that giving up would read into.
    boost::asio::post(owner_->io(), [self = shared_from_this()] { self->give_up_on_pipes(); });
  }
}

void ChildProcess::signal_group_if_ours(int signo) {
  if (!done_ && !lost_ && owner_ != nullptr)
    signal_group(pid_, signo);
}

void ChildProcess::stopped(int signo) {
  if (!done_ && owner_ != nullptr)
    observer_->on_stopped(signo);
}

void ChildProcess::abandon() {
  ChildOwner* const owner = std::exchange(owner_, nullptr);
  if (!done_) {
    done_ = true;
    close_pipe(out_);
    close_pipe(err_);
    if (!lost_) {
      signal_group(pid_, SIGKILL);
      owner->release_group(pid_);
      reap();
    }
  }
  cancel_timer(kill_timer_);
  cancel_timer(linger_timer_);
  pidfd_.reset();
  deferred_.reset();
}

void ChildProcess::wait_for_exit() {
  pidfd_->async_wait(descriptor_base::wait_read,
                     [self = shared_from_this()](const boost::system::error_code& ec) {
                       self->on_pidfd_ready(ec);
                     });
}

void ChildProcess::on_pidfd_ready(const boost::system::error_code& ec) {
  if (owner_ == nullptr || exited_ || done_ || ec == boost::asio::error::operation_aborted) {
    return;
  }
  if (ec) {
    fall_back_to_sigchld();
    return;
  }
  check_exit();
  if (!exited_)
    wait_for_exit();
}

void ChildProcess::fall_back_to_sigchld() {
  pidfd_.reset();
  owner_->watch_sigchld();
  // The child may have exited before the SIGCHLD handler was installed: look once now.
  boost::asio::post(owner_->io(), [self = shared_from_this()] {
    if (self->owner_ != nullptr)
      self->check_exit();
  });
}

void ChildProcess::wait_readable(Pipe& pipe) {
  pipe.descriptor.async_wait(descriptor_base::wait_read, [self = shared_from_this(), &pipe](
                                                             const boost::system::error_code& ec) {
    self->on_readable(pipe, ec);
  });
}

void ChildProcess::on_readable(Pipe& pipe, const boost::system::error_code& ec) {
  if (owner_ == nullptr || !pipe.open)
    return;  // closed on purpose meanwhile
  if (!ec && owner_->output_paused() && !exited_) {
    pipe.parked = true;  // back-pressure: the task blocks on its full pipe meanwhile
    return;
  }
  // An error other than a cancel cannot be waited out: treat it as EOF.
  ReadResult result = ec ? ReadResult::end : read_once(pipe);
  for (int reads = 1; reads < kMaxReadsInARow && result == ReadResult::data; ++reads) {
    if (owner_ == nullptr || !pipe.open)
      break;  // the observer ended it meanwhile
    result = read_once(pipe);
  }
  if (result == ReadResult::end) {
    close_pipe(pipe);
    maybe_finish();
  } else if (owner_ != nullptr && pipe.open) {
    wait_readable(pipe);
  }
}

// One read into the shared buffer, handed to the observer.
ChildProcess::ReadResult ChildProcess::read_once(Pipe& pipe) {
  char* buffer = owner_->read_buffer();
  ssize_t n = 0;
  do {
    n = ::read(pipe.descriptor.native_handle(), buffer, kReadBufferSize);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    observer_->on_output(pipe.stream, std::string_view(buffer, static_cast<std::size_t>(n)));
    return ReadResult::data;
  }
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return ReadResult::again;
  return ReadResult::end;  // EOF, or an error no retry would fix
}

void ChildProcess::close_pipe(Pipe& pipe) {
  if (!pipe.open)
    return;
  pipe.open = false;
  boost::system::error_code ignored;
  pipe.descriptor.close(ignored);  // a pending wait completes with operation_aborted
}

void ChildProcess::on_leader_exit(ProcessExit exit) {
  exit_ = std::move(exit);
  exited_ = true;
  resume_reading();  // what is left in the pipes is bounded now: read it, so the task can end
  if (out_.open || err_.open) {
    if (killing_ || lost_) {
      give_up_on_pipes();
      return;
    }
    // Someone else in the group holds a pipe (`sleep 30 & echo hi`): Twisted would wait
    // for it; tasker waits the grace period, so a run never hangs on a background job.
    linger_timer_ = owner_->clock().call_later(grace_, [weak = weak_from_this()] {
      if (const auto self = weak.lock())
        self->give_up_on_pipes();
    });
  }
  maybe_finish();
}

// The leader is gone but a pipe is still open: SIGKILL whoever in the group holds it,
// keep what is already in the pipes, and stop reading.
void ChildProcess::give_up_on_pipes() {
  if (owner_ == nullptr || done_)
    return;
  if (!lost_)
    signal_group(pid_, SIGKILL);
  for (Pipe* pipe : {&out_, &err_}) {
    for (int i = 0; i < kMaxDrainReads && pipe->open; ++i) {
      if (read_once(*pipe) != ReadResult::data)
        break;
    }
    close_pipe(*pipe);
  }
  maybe_finish();
}

void ChildProcess::maybe_finish() {
  if (!done_ && exited_ && !out_.open && !err_.open && owner_ != nullptr)
    finish();
}

void ChildProcess::finish() {
  const auto keep_alive = shared_from_this();  // forget() drops the table's reference
  done_ = true;
  if (!lost_) {
    // Members still running closed their pipes and went on in the background. No task process
    // may be left behind (docs/behaviour.md "No orphans"), and after reaping the group id is no
    // longer ours.
    signal_group(pid_, SIGKILL);
    owner_->release_group(pid_);
    reap();
  }
  cancel_timer(kill_timer_);
  cancel_timer(linger_timer_);
  pidfd_.reset();
  std::optional<Deferred<ProcessExit>> deferred = std::exchange(deferred_, std::nullopt);
  std::exchange(owner_, nullptr)->forget(pid_);

  observer_->on_exit(exit_);
  // A cancelled Deferred has already errbacked: firing it again would raise (docs/rules.md C3).
  if (deferred && !deferred->called())
    deferred->callback(exit_);
}

// Reaps the leader, which has exited or has been sent SIGKILL.
void ChildProcess::reap() {
  int status = 0;
  pid_t rc = 0;
  do {
    rc = ::waitpid(pid_, &status, 0);
  } while (rc < 0 && errno == EINTR);
  if (rc == pid_ && !exited_)
    exit_ = ProcessExit::from_wait_status(status);
}

void ChildProcess::cancel_timer(std::shared_ptr<DelayedCall>& timer) {
  if (timer)
    timer->cancel();
  timer.reset();
}

void ChildProcess::resume_reading() {
  for (Pipe* pipe : {&out_, &err_}) {
    if (pipe->parked && pipe->open && owner_ != nullptr) {
      pipe->parked = false;
      wait_readable(*pipe);
    }
  }
}

}  // namespace tasker::detail
