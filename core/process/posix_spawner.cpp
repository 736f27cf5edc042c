#include "core/process/posix_spawner.hpp"

#include "core/process/shell_environment.hpp"
#include "core/process/simple_command.hpp"
#include "core/process/unique_fd.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/system/error_code.hpp>
#include <fmt/format.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cassert>
#include <cstdlib>
#include <exception>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tasker {
namespace {

using boost::asio::posix::descriptor_base;
using boost::asio::posix::stream_descriptor;

// One read per readiness: the default pipe capacity, so a full pipe empties in one call.
constexpr std::size_t kReadBufferSize = 64 * 1024;

// Reads allowed when giving up on a pipe whose writer escaped the group: enough for what
// is buffered, bounded in case that writer goes on writing.
constexpr int kMaxDrainReads = 16;

// Reads in a row from one pipe, until one finds it empty. A task writing in bulk has usually
// refilled the pipe while the last chunk was printed: reading on saves a trip through epoll
// (epoll_ctl and epoll_wait) per chunk, and costs one read that finds nothing otherwise.
// Bounded, so that one busy task cannot keep the others' pipes waiting.
constexpr int kMaxReadsInARow = 8;

std::string errno_message(int err) {
  return std::system_category().message(err);
}

// Moves `fd` above 2, so that duping the pipes onto the child's 0, 1 and 2 cannot clobber
// one with another (if tasker itself runs with stdout or stderr closed).
bool move_above_stdio(UniqueFd& fd) {
  if (fd.get() > STDERR_FILENO)
    return true;
  const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  if (moved < 0)
    return false;
  fd.reset(moved);
  return true;
}

// A pipe whose ends are close-on-exec (the child gets its end through dup2, which clears
// the flag on the copy). The read end is made non-blocking later, through Asio (Pipe), so
// that Asio knows and does not make its own ioctl for it. Empty string on success.
std::string make_pipe(UniqueFd& read_end, UniqueFd& write_end) {
  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0)
    return fmt::format("pipe: {}", errno_message(errno));
  read_end.reset(fds[0]);
  write_end.reset(fds[1]);
  if (!move_above_stdio(read_end) || !move_above_stdio(write_end)) {
    return fmt::format("pipe: {}", errno_message(errno));
  }
  return {};
}

// Owns a posix_spawn_file_actions_t: destroyed on every path.
class SpawnFileActions {
 public:
  SpawnFileActions() : init_error_(::posix_spawn_file_actions_init(&actions_)) {}
  ~SpawnFileActions() {
    if (init_error_ == 0)
      ::posix_spawn_file_actions_destroy(&actions_);
  }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;

  [[nodiscard]] int init_error() const { return init_error_; }
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_{};
  int init_error_;
};

// Owns a posix_spawnattr_t: destroyed on every path.
class SpawnAttributes {
 public:
  SpawnAttributes() : init_error_(::posix_spawnattr_init(&attr_)) {}
  ~SpawnAttributes() {
    if (init_error_ == 0)
      ::posix_spawnattr_destroy(&attr_);
  }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;

  [[nodiscard]] int init_error() const { return init_error_; }
  posix_spawnattr_t* get() { return &attr_; }

 private:
  posix_spawnattr_t attr_{};
  int init_error_;
};

// The words to run `command` as directly, or nullopt for `shell -c command` (ShellUse).
std::optional<std::vector<std::string>> direct_words(const std::string& command,
                                                     const ProcessOptions& options) {
  if (options.shell_use == ShellUse::always)
    return std::nullopt;
  // With PATH unset a shell searches its own default, which is not posix_spawnp's.
  if (::getenv("PATH") == nullptr)
    return std::nullopt;
  return split_simple_command(command);
}

// Starts the command with the given output pipes: directly when `words` are given and that
// works, else as `shell -c command`. Returns an empty string and sets `pid`, or says why it
// could not start.
std::string start_process(const std::string& command, const ProcessOptions& options,
                          const std::optional<std::vector<std::string>>& words,
                          ShellEnvironment& shell_env, int stdout_fd, int stderr_fd, pid_t& pid) {
  const auto failed = [&](const char* call, int err) {
    return fmt::format("cannot run {}: {}: {}", options.shell, call, errno_message(err));
  };

  SpawnFileActions actions;
  if (actions.init_error() != 0) {
    return failed("posix_spawn_file_actions_init", actions.init_error());
  }
  if (!options.inherit_stdin) {
    if (const int err = ::posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null",
                                                           O_RDONLY, 0)) {
      return failed("posix_spawn_file_actions_addopen", err);
    }
  }
  if (const int err = ::posix_spawn_file_actions_adddup2(actions.get(), stdout_fd, STDOUT_FILENO)) {
    return failed("posix_spawn_file_actions_adddup2", err);
  }
  if (const int err = ::posix_spawn_file_actions_adddup2(actions.get(), stderr_fd, STDERR_FILENO)) {
    return failed("posix_spawn_file_actions_adddup2", err);
  }

  SpawnAttributes attr;
  if (attr.init_error() != 0)
    return failed("posix_spawnattr_init", attr.init_error());
  // Own group (id = its pid): Ctrl-C at the terminal reaches tasker only, and a cancel can
  // signal the task with everything it started.
  if (const int err = ::posix_spawnattr_setpgroup(attr.get(), 0)) {
    return failed("posix_spawnattr_setpgroup", err);
  }
  // An empty mask, and default actions for every signal: dispositions tasker ignores (SIGPIPE)
  // or inherited ignored (nohup) would otherwise survive exec.
  sigset_t signals;
  ::sigemptyset(&signals);
  if (const int err = ::posix_spawnattr_setsigmask(attr.get(), &signals)) {
    return failed("posix_spawnattr_setsigmask", err);
  }
  ::sigfillset(&signals);
  if (const int err = ::posix_spawnattr_setsigdefault(attr.get(), &signals)) {
    return failed("posix_spawnattr_setsigdefault", err);
  }
  if (const int err = ::posix_spawnattr_setflags(
          attr.get(), POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)) {
    return failed("posix_spawnattr_setflags", err);
  }

  if (words) {
    // posix_spawn does not modify argv; its signature predates const.
    std::vector<char*> argv;
    argv.reserve(words->size() + 1);
    for (const std::string& word : *words) argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    // Searches PATH as the shell would. On failure (not found, not executable, ENOEXEC for a
    // script without `#!`) glibc has reaped the child that tried, and the shell below gets
    // the command: it prints its usual message and exits 127 or 126, or runs the script.
    if (::posix_spawnp(&pid, argv[0], actions.get(), attr.get(), argv.data(),
                       shell_env.build(environ)) == 0) {
      return {};
    }
  }

  // posix_spawn does not modify argv; its signature predates const.
  char dash_c[] = "-c";
  std::array<char*, 4> argv{const_cast<char*>(options.shell.c_str()), dash_c,
                            const_cast<char*>(command.c_str()), nullptr};
  if (const int err = ::posix_spawn(&pid, options.shell.c_str(), actions.get(), attr.get(),
                                    argv.data(), environ)) {
    // glibc reports a failed exec here, and has reaped the child that tried.
    return fmt::format("cannot run {}: {}", options.shell, errno_message(err));
  }
  return {};
}

int pidfd_open(pid_t pid) {
  // Through syscall(): glibc 2.36's <sys/pidfd.h> cannot be used from C++ (STYLE §5).
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

// kill() on the whole group. Only while its leader is unreaped: until then the group id
// cannot name anyone else. ESRCH (nobody left) is fine.
void signal_group(pid_t pgid, int signo) {
  ::kill(-pgid, signo);
}

}  // namespace

namespace detail {

class ChildProcess;

// What PosixSpawner shares with its children and its handlers.
class SpawnerCore : public std::enable_shared_from_this<SpawnerCore> {
 public:
  SpawnerCore(boost::asio::io_context& io, Clock& clock, PosixSpawner::ExitWatch watch)
      : io_(io), clock_(clock), watch_(watch), buffer_(new char[kReadBufferSize]) {}

  Deferred<ProcessExit> spawn(const std::string& command, const ProcessOptions& options,
                              ProcessObserver& observer);
  void kill_all();
  [[nodiscard]] std::size_t live() const { return children_.size(); }
  void shutdown();

  // For ChildProcess.
  boost::asio::io_context& io() { return io_; }
  Clock& clock() { return clock_; }
  // One read buffer for every child: memory stays flat however many tasks run. Reads never
  // nest (observers are not re-entered by a read), so sharing it is safe.
  char* buffer() { return buffer_.get(); }
  void forget(pid_t pid) { children_.erase(pid); }
  // Starts listening to SIGCHLD, for children without a pidfd.
  void watch_sigchld();

 private:
  Deferred<ProcessExit> not_started(std::string why, ProcessObserver& observer);
  void arm_sigchld();
  void on_sigchld();

  boost::asio::io_context& io_;
  Clock& clock_;
  PosixSpawner::ExitWatch watch_;
  std::unique_ptr<char[]> buffer_;
  ShellEnvironment shell_env_;  // for commands run directly
  std::unordered_map<pid_t, std::shared_ptr<ChildProcess>> children_;
  std::unique_ptr<boost::asio::signal_set> sigchld_;
};

// One spawned process, from posix_spawn to reaping. Kept alive by the SpawnerCore's table
// and by its own pending handlers (shared_from_this), so a handler never outlives it.
class ChildProcess : public std::enable_shared_from_this<ChildProcess> {
 public:
  ChildProcess(SpawnerCore& owner, pid_t pid, ProcessObserver& observer, Duration grace,
               UniqueFd stdout_fd, UniqueFd stderr_fd)
      : owner_(&owner),
        pid_(pid),
        observer_(&observer),
        grace_(grace),
        out_(owner.io(), OutputStream::stdout_stream, std::move(stdout_fd)),
        err_(owner.io(), OutputStream::stderr_stream, std::move(stderr_fd)) {}

  void set_deferred(Deferred<ProcessExit> deferred) { deferred_ = std::move(deferred); }

  // Starts reading both pipes and watching for the exit: through `pidfd` if it is valid,
  // else through the owner's SIGCHLD watch.
  void start(UniqueFd pidfd) {
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

  // True while the exit is to be noticed through SIGCHLD.
  [[nodiscard]] bool needs_sigchld() const { return !pidfd_ && !exited_ && !done_; }

  // Learns, without reaping, whether the leader has exited; see on_leader_exit.
  void check_exit() {
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
      on_leader_exit(ProcessExit{});
      return;
    }
    if (info.si_pid == 0)
      return;  // still running: a spurious wakeup or another child's SIGCHLD
    on_leader_exit(ProcessExit::from_siginfo(info));
  }

  // The Deferred's canceller: SIGTERM now, SIGKILL after the grace period.
  void request_exit() {
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

  // kill_all(): SIGKILL now, and no grace for pipes held open once the leader is gone.
  void kill_now() {
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

  // The spawner is going away: SIGKILL, reap, and tell nobody.
  void abandon() {
    owner_ = nullptr;
    if (!done_) {
      done_ = true;
      close_pipe(out_);
      close_pipe(err_);
      if (!lost_) {
        signal_group(pid_, SIGKILL);
        reap();
      }
    }
    cancel_timer(kill_timer_);
    cancel_timer(linger_timer_);
    pidfd_.reset();
    deferred_.reset();
  }

 private:
  // waitid() flags: an exited child, without blocking, left unreaped.
  static constexpr int kPeek = WEXITED | WNOHANG | WNOWAIT;

  struct Pipe {
    // Throws if Asio cannot register the pipe; `fd` is closed then.
    Pipe(boost::asio::io_context& io, OutputStream s, UniqueFd fd) : stream(s), descriptor(io) {
      descriptor.assign(fd.get());
      static_cast<void>(fd.release());
      // Non-blocking, so a read after a spurious wakeup returns EAGAIN instead of hanging the
      // event loop. Set through Asio, which otherwise makes its own ioctl on the first wait.
      descriptor.non_blocking(true);
    }
    OutputStream stream;
    stream_descriptor descriptor;
    bool open = true;
  };

  enum class ReadResult { data, again, end };

  void wait_for_exit() {
    pidfd_->async_wait(descriptor_base::wait_read,
                       [self = shared_from_this()](const boost::system::error_code& ec) {
                         self->on_pidfd_ready(ec);
                       });
  }

  void on_pidfd_ready(const boost::system::error_code& ec) {
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

  void fall_back_to_sigchld() {
    pidfd_.reset();
    owner_->watch_sigchld();
    // The child may have exited before the SIGCHLD handler was installed: look once now.
    boost::asio::post(owner_->io(), [self = shared_from_this()] {
      if (self->owner_ != nullptr)
        self->check_exit();
    });
  }

  void wait_readable(Pipe& pipe) {
    pipe.descriptor.async_wait(
        descriptor_base::wait_read,
        [self = shared_from_this(), &pipe](const boost::system::error_code& ec) {
          self->on_readable(pipe, ec);
        });
  }

  void on_readable(Pipe& pipe, const boost::system::error_code& ec) {
    if (owner_ == nullptr || !pipe.open)
      return;  // closed on purpose meanwhile
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
  ReadResult read_once(Pipe& pipe) {
    char* buffer = owner_->buffer();
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

  static void close_pipe(Pipe& pipe) {
    if (!pipe.open)
      return;
    pipe.open = false;
    boost::system::error_code ignored;
    pipe.descriptor.close(ignored);  // a pending wait completes with operation_aborted
  }

  void on_leader_exit(ProcessExit exit) {
    exit_ = std::move(exit);
    exited_ = true;
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
  void give_up_on_pipes() {
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

  void maybe_finish() {
    if (!done_ && exited_ && !out_.open && !err_.open && owner_ != nullptr)
      finish();
  }

  void finish() {
    const auto keep_alive = shared_from_this();  // forget() drops the table's reference
    done_ = true;
    if (!lost_) {
      // Members still running closed their pipes and went on in the background. SPEC §5
      // wants no task process left behind, and after reaping the group id is no longer ours.
      signal_group(pid_, SIGKILL);
      reap();
    }
    cancel_timer(kill_timer_);
    cancel_timer(linger_timer_);
    pidfd_.reset();
    std::optional<Deferred<ProcessExit>> deferred = std::exchange(deferred_, std::nullopt);
    std::exchange(owner_, nullptr)->forget(pid_);

    observer_->on_exit(exit_);
    // A cancelled Deferred has already errbacked: firing it again would raise (SEMANTICS C3).
    if (deferred && !deferred->called())
      deferred->callback(exit_);
  }

  // Reaps the leader, which has exited or has been sent SIGKILL.
  void reap() {
    int status = 0;
    pid_t rc = 0;
    do {
      rc = ::waitpid(pid_, &status, 0);
    } while (rc < 0 && errno == EINTR);
    if (rc == pid_ && !exited_)
      exit_ = ProcessExit::from_wait_status(status);
  }

  void cancel_timer(std::shared_ptr<DelayedCall>& timer) {
    if (timer)
      timer->cancel();
    timer.reset();
  }

  SpawnerCore* owner_;  // null once done or abandoned
  pid_t pid_;           // also the process group id
  ProcessObserver* observer_;
  Duration grace_;
  Pipe out_;
  Pipe err_;
  std::optional<stream_descriptor> pidfd_;
  std::optional<Deferred<ProcessExit>> deferred_;
  ProcessExit exit_;
  bool exited_ = false;   // the leader exited; it is not reaped until done_
  bool killing_ = false;  // kill_all() ran: no grace for pipes
  bool lost_ = false;     // reaped by someone else: the pid and group id are not ours
  bool done_ = false;     // reaped (or abandoned): never signal the group again
  std::shared_ptr<DelayedCall> kill_timer_;    // cancel: SIGKILL after grace
  std::shared_ptr<DelayedCall> linger_timer_;  // leader gone, pipes open: give up after grace
};

Deferred<ProcessExit> SpawnerCore::spawn(const std::string& command, const ProcessOptions& options,
                                         ProcessObserver& observer) {
  UniqueFd stdout_read;
  UniqueFd stdout_write;
  UniqueFd stderr_read;
  UniqueFd stderr_write;
  std::string error = make_pipe(stdout_read, stdout_write);
  if (error.empty())
    error = make_pipe(stderr_read, stderr_write);
  if (!error.empty())
    return not_started(fmt::format("cannot run {}: {}", options.shell, error), observer);

  // Before the child exists, so its SIGCHLD cannot come too early to be caught.
  if (watch_ == PosixSpawner::ExitWatch::sigchld)
    watch_sigchld();

  pid_t pid = -1;
  error = start_process(command, options, direct_words(command, options), shell_env_,
                        stdout_write.get(), stderr_write.get(), pid);
  if (!error.empty())
    return not_started(std::move(error), observer);
  // Only the child may hold the write ends now, so EOF means every writer is gone.
  stdout_write.reset();
  stderr_write.reset();

  UniqueFd pidfd;
  if (watch_ == PosixSpawner::ExitWatch::pidfd)
    pidfd.reset(pidfd_open(pid));

  std::shared_ptr<ChildProcess> child;
  try {
    child = std::make_shared<ChildProcess>(*this, pid, observer, options.grace,
                                           std::move(stdout_read), std::move(stderr_read));
    child->start(std::move(pidfd));
  } catch (const std::exception& e) {
    // Asio could not register a descriptor (epoll limits): leave no process behind.
    if (child) {
      child->abandon();
    } else {
      signal_group(pid, SIGKILL);
      while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    return not_started(fmt::format("cannot run {}: {}", options.shell, e.what()), observer);
  }
  children_.emplace(pid, child);

  // Weak: the Deferred may be kept long after the process is gone. The handlers start()
  // armed run from the event loop, so they find the Deferred set.
  Deferred<ProcessExit> deferred(
      [weak = std::weak_ptr<ChildProcess>(child)](Deferred<ProcessExit>&) {
        if (const auto c = weak.lock())
          c->request_exit();
      });
  child->set_deferred(deferred);
  observer.on_spawned(static_cast<int>(pid));
  return deferred;
}

Deferred<ProcessExit> SpawnerCore::not_started(std::string why, ProcessObserver& observer) {
  Deferred<ProcessExit> deferred;
  // From the event loop, as every other ending: a caller never sees callbacks inside spawn().
  boost::asio::post(io_, [weak = weak_from_this(), deferred, &observer,
                          exit = ProcessExit::not_started(std::move(why))]() mutable {
    if (weak.expired())
      return;  // the spawner is gone, and the observer may be too
    observer.on_exit(exit);
    if (!deferred.called())
      deferred.callback(exit);
  });
  return deferred;
}

void SpawnerCore::kill_all() {
  for (auto& [pid, child] : children_) child->kill_now();
}

void SpawnerCore::shutdown() {
  for (auto& [pid, child] : children_) child->abandon();
  children_.clear();
  sigchld_.reset();
}

void SpawnerCore::watch_sigchld() {
  if (sigchld_)
    return;
  sigchld_ = std::make_unique<boost::asio::signal_set>(io_, SIGCHLD);
  arm_sigchld();
}

void SpawnerCore::arm_sigchld() {
  sigchld_->async_wait([weak = weak_from_this()](const boost::system::error_code& ec, int) {
    if (ec)
      return;
    if (const auto self = weak.lock()) {
      self->on_sigchld();
      if (self->sigchld_)
        self->arm_sigchld();
    }
  });
}

void SpawnerCore::on_sigchld() {
  // SIGCHLDs merge, and this one may be for a child someone else started: ask each of ours.
  // A copy, because an ending child runs callbacks that may spawn or forget others.
  std::vector<std::shared_ptr<ChildProcess>> watched;
  for (const auto& [pid, child] : children_) {
    if (child->needs_sigchld())
      watched.push_back(child);
  }
  for (const auto& child : watched) child->check_exit();
}

}  // namespace detail

namespace {

// With SIGCHLD ignored the kernel reaps children at once and no status can be learned.
void make_sure_children_can_be_waited_for() {
  struct sigaction current {};
  if (::sigaction(SIGCHLD, nullptr, &current) != 0)
    return;
  if (current.sa_handler == SIG_IGN ||
      (current.sa_handler == SIG_DFL && (current.sa_flags & SA_NOCLDWAIT) != 0)) {
    struct sigaction defaults {};
    defaults.sa_handler = SIG_DFL;
    ::sigemptyset(&defaults.sa_mask);
    ::sigaction(SIGCHLD, &defaults, nullptr);
  }
}

}  // namespace

PosixSpawner::PosixSpawner(boost::asio::io_context& io, Clock& clock, ExitWatch watch)
    : core_(std::make_shared<detail::SpawnerCore>(io, clock, watch)) {
  make_sure_children_can_be_waited_for();
}

PosixSpawner::~PosixSpawner() {
  core_->shutdown();
}

Deferred<ProcessExit> PosixSpawner::spawn(const std::string& command, const ProcessOptions& options,
                                          ProcessObserver& observer) {
  return core_->spawn(command, options, observer);
}

void PosixSpawner::kill_all() {
  core_->kill_all();
}

std::size_t PosixSpawner::live() const {
  return core_->live();
}

}  // namespace tasker
