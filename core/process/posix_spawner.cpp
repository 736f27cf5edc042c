#include "core/process/posix_spawner.hpp"

#include "core/process/child_process.hpp"
#include "core/process/process_launch.hpp"
#include "core/process/shell_environment.hpp"
#include "core/process/watchdog_link.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/system/error_code.hpp>
#include <fmt/format.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace tasker {
namespace detail {

// The process table: every live child by pid, and the SIGCHLD watch for
// those without a pidfd. Shared, so handlers still queued in the io_context
// after the spawner is gone can tell, through a weak_ptr, that it is gone.
class SpawnerCore final : public ChildOwner, public std::enable_shared_from_this<SpawnerCore> {
 public:
  SpawnerCore(boost::asio::io_context& io, Clock& clock, PosixSpawner::ExitWatch watch,
              std::string watchdog)
      : io_(io), clock_(clock), watch_(watch), buffer_(new char[kReadBufferSize]) {
    if (!watchdog.empty())
      watchdog_.emplace(std::move(watchdog));
  }

  Deferred<ProcessExit> spawn(const std::string& command, const ProcessOptions& options,
                              ProcessObserver& observer);
  void kill_all();
  void set_output_paused(bool paused);
  void signal_all(int signo);
  void watch_stops();
  [[nodiscard]] std::size_t live() const { return children_.size(); }
  void shutdown();
  // The remote work the watchdog cancels if tasker dies; nothing without a watchdog.
  [[nodiscard]] WatchdogLink* watchdog() { return watchdog_ ? &*watchdog_ : nullptr; }

  // ChildOwner
  boost::asio::io_context& io() override { return io_; }
  Clock& clock() override { return clock_; }
  char* read_buffer() override { return buffer_.get(); }
  void forget(pid_t pid) override { children_.erase(pid); }
  void release_group(pid_t pgid) override {
    if (watchdog_)
      watchdog_->release(pgid);
  }
  void watch_sigchld() override;
  bool output_paused() const override { return output_paused_; }

 private:
  Deferred<ProcessExit> not_started(ProcessExit exit, ProcessObserver& observer);
  void arm_sigchld();
  void on_sigchld();
  void check_stops_later();
  void report_stops();

  boost::asio::io_context& io_;
  Clock& clock_;
  PosixSpawner::ExitWatch watch_;
  std::unique_ptr<char[]> buffer_;
  ShellEnvironment shell_env_;  // for commands run directly
  std::unordered_map<pid_t, std::shared_ptr<ChildProcess>> children_;
  std::unique_ptr<boost::asio::signal_set> sigchld_;
  bool output_paused_ = false;
  bool watch_stops_ = false;
  std::shared_ptr<DelayedCall> stop_check_;  // pending while stops are watched and children live
  std::optional<WatchdogLink> watchdog_;     // kills the groups if tasker dies
};

// How often children are looked at for a stop: a person reads the warning, so a second late is
// fine, and one system call a second costs nothing (a SIGCHLD handler would cost five a task).
constexpr Duration kStopCheckPeriod = std::chrono::seconds(1);

Deferred<ProcessExit> SpawnerCore::spawn(const std::string& command, const ProcessOptions& options,
                                         ProcessObserver& observer) {
  // Before the child exists, so its SIGCHLD cannot come too early to be caught.
  if (watch_ == PosixSpawner::ExitWatch::sigchld)
    watch_sigchld();

  auto launched = launch_process(command, options, shell_env_);
  if (auto* error = std::get_if<LaunchError>(&launched)) {
    // Out of processes: the run may wait for one of its own to end (ProcessExit).
    return not_started(error->error_number == EAGAIN
                           ? ProcessExit::not_started_at_process_limit(std::move(error->why))
                           : ProcessExit::not_started(std::move(error->why)),
                       observer);
  }
  LaunchedProcess& process = std::get<LaunchedProcess>(launched);
  const pid_t pid = process.pid;
  // First, so that if tasker dies from here on the group does not outlive it.
  if (watchdog_)
    watchdog_->watch(pid);

  UniqueFd pidfd;
  if (watch_ == PosixSpawner::ExitWatch::pidfd)
    pidfd.reset(open_pidfd(pid));

  std::shared_ptr<ChildProcess> child;
  try {
    child = std::make_shared<ChildProcess>(*this, pid, observer, options.grace,
                                           std::move(process.stdout_read),
                                           std::move(process.stderr_read));
    child->start(std::move(pidfd));
  } catch (const std::exception& e) {
    // Asio could not register a descriptor (epoll limits): leave no process behind.
    if (child) {
      child->abandon();
    } else {
      signal_group(pid, SIGKILL);
      release_group(pid);
      while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    return not_started(ProcessExit::not_started(fmt::format(
                           "cannot run {}: {}",
                           options.argv.empty() ? options.shell : options.argv.front(), e.what())),
                       observer);
  }
  children_.emplace(pid, child);
  if (watch_stops_ && !stop_check_)
    check_stops_later();

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

Deferred<ProcessExit> SpawnerCore::not_started(ProcessExit exit, ProcessObserver& observer) {
  Deferred<ProcessExit> deferred;
  // From the event loop, as every other ending: a caller never sees callbacks inside spawn().
  boost::asio::post(
      io_, [weak = weak_from_this(), deferred, &observer, exit = std::move(exit)]() mutable {
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

void SpawnerCore::signal_all(int signo) {
  for (auto& [pid, child] : children_) child->signal_group_if_ours(signo);
}

void SpawnerCore::watch_stops() {
  watch_stops_ = true;
}

void SpawnerCore::check_stops_later() {
  stop_check_ = clock_.call_later(kStopCheckPeriod, [weak = weak_from_this()] {
    const auto self = weak.lock();
    if (!self)
      return;
    self->stop_check_.reset();
    self->report_stops();
    if (!self->children_.empty())
      self->check_stops_later();
  });
}

void SpawnerCore::shutdown() {
  for (auto& [pid, child] : children_) child->abandon();
  children_.clear();
  sigchld_.reset();
  if (stop_check_)
    stop_check_->cancel();
  stop_check_.reset();
  watchdog_.reset();
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

void SpawnerCore::set_output_paused(bool paused) {
  output_paused_ = paused;
  if (paused)
    return;
  // A copy: reading may end a child, which runs callbacks that spawn or forget others.
  std::vector<std::shared_ptr<ChildProcess>> children;
  children.reserve(children_.size());
  for (const auto& [pid, child] : children_) children.push_back(child);
  for (const auto& child : children) child->resume_reading();
}

// Each child with a stop to report, told to its observer. The first look only peeks
// (WNOWAIT) and never reaps (WEXITED is not asked for): a child tasker did not start keeps
// its report, and the search ends there. One of ours has its stop report taken, so the next
// look finds the next. One waitid when no child stopped.
void SpawnerCore::report_stops() {
  for (std::size_t looked = 0; looked <= children_.size(); ++looked) {
    siginfo_t info{};
    if (::waitid(P_ALL, 0, &info, WSTOPPED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0)
      return;
    const auto found = children_.find(info.si_pid);
    if (found == children_.end())
      return;
    siginfo_t taken{};
    static_cast<void>(::waitid(P_PID, static_cast<id_t>(info.si_pid), &taken, WSTOPPED | WNOHANG));
    const std::shared_ptr<ChildProcess> child = found->second;  // the observer may end it
    child->stopped(info.si_status);
  }
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

// A task can stop by itself only by using a terminal it is not in the foreground of
// (SIGTTIN, SIGTTOU), which needs a controlling terminal; without one, no stop is watched.
bool has_controlling_terminal() {
  const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (tty < 0)
    return false;
  ::close(tty);
  return true;
}

}  // namespace

PosixSpawner::PosixSpawner(boost::asio::io_context& io, Clock& clock, ExitWatch watch,
                           std::string watchdog)
    : core_(std::make_shared<detail::SpawnerCore>(io, clock, watch, std::move(watchdog))) {
  make_sure_children_can_be_waited_for();
  if (has_controlling_terminal())
    core_->watch_stops();
}

PosixSpawner::~PosixSpawner() {
  core_->shutdown();
}

Deferred<ProcessExit> PosixSpawner::spawn(const std::string& command, const ProcessOptions& options,
                                          ProcessObserver& observer) {
  return core_->spawn(command, options, observer);
}

void PosixSpawner::set_output_paused(bool paused) {
  core_->set_output_paused(paused);
}

void PosixSpawner::kill_all() {
  killed_all_ = true;
  core_->kill_all();
}

void PosixSpawner::stop_all() {
  core_->signal_all(SIGTSTP);
}

void PosixSpawner::continue_all() {
  core_->signal_all(SIGCONT);
}

std::size_t PosixSpawner::live() const {
  return core_->live();
}

void PosixSpawner::set_remote_canceller(std::vector<std::string> canceller) {
  if (auto* watchdog = core_->watchdog())
    watchdog->set_remote_canceller(std::move(canceller));
}

void PosixSpawner::watch_remote(const std::string& id) {
  if (auto* watchdog = core_->watchdog())
    watchdog->watch_remote(id);
}

void PosixSpawner::release_remote(const std::string& id) {
  if (auto* watchdog = core_->watchdog())
    watchdog->release_remote(id);
}

}  // namespace tasker
