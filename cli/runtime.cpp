#include "cli/runtime.hpp"

#include "cli/output/log_line.hpp"
#include "cli/report/report_text.hpp"
#include "cli/start_signals.hpp"
#include "core/process/watchdog.hpp"

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <initializer_list>

namespace tasker::cli {
namespace {

bool same_terminal(int a, int b) {
  struct stat first {};
  struct stat second {};
  return ::isatty(a) == 1 && ::isatty(b) == 1 && ::fstat(a, &first) == 0 &&
         ::fstat(b, &second) == 0 && first.st_rdev == second.st_rdev;
}

}  // namespace

Runtime::Runtime(const ExecutorChoice& executor)
    : failure_handler_([](FailureEvent event, const Failure& failure) {
        if (event == FailureEvent::canceller_raised) {
          log_line(fmt::format("a canceller raised: {}", failure.what()));
        }
      }),
      spawner_(
          std::make_unique<PosixSpawner>(io_, clock_, PosixSpawner::ExitWatch::pidfd, kOwnBinary)),
      started_at_(clock_.now()) {
  if (executor.hosts)
    executor_ = std::make_unique<HostsSpawner>(*spawner_, clock_, *executor.hosts);
  else if (executor.slurm)
    executor_ = std::make_unique<SlurmSpawner>(*spawner_, clock_, *executor.slurm);
  // Called on a writer's thread when its queue drains: the loop decides.
  const auto pressure = [this](bool) { boost::asio::post(io_, [this] { update_output_pause(); }); };
  std::fflush(stdout);
  std::fflush(stderr);
  stdout_writer_ = std::make_unique<FdWriter>(STDOUT_FILENO, pressure);
  // One terminal for both: one queue keeps what goes to it in order, so a status line on
  // stderr is erased before stdout's next lines, not after them.
  stderr_writer_ = same_terminal(STDOUT_FILENO, STDERR_FILENO)
                       ? std::make_unique<FdWriter>(STDERR_FILENO, *stdout_writer_)
                       : std::make_unique<FdWriter>(STDERR_FILENO, pressure);
  log_writer_.emplace(*stderr_writer_);
  // The terminal's hangup, Ctrl-\ and Ctrl-Z reach tasker's process group only, not the
  // tasks' own groups: dying of SIGHUP or SIGQUIT at once would leave every task running
  // (docs/behaviour.md "No orphans"), so they end the run as SIGTERM does; SIGTSTP is passed on.
  // One ignored at the start stays ignored: catching it would undo `nohup`, or make a
  // script's background tasker die of the Ctrl-C meant for the foreground.
  for (const int signo : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP}) {
    if (!signals_ignored_at_start().contains(signo))
      signals_.add(signo);
  }
}

Runtime::~Runtime() {
  log_writer_.reset();
  stdout_writer_.reset();  // writes out what is left, then stops
  stderr_writer_.reset();
}

void Runtime::update_output_pause() {
  spawner().set_output_paused(stdout_writer_->congested() || stderr_writer_->congested());
}

std::optional<int> Runtime::run(const std::function<bool()>& done,
                                const std::function<void(int)>& on_interrupt,
                                const std::function<void()>& on_kill) {
  on_interrupt_ = on_interrupt;
  on_kill_ = on_kill;
  wait_for_signal();
  while (!done()) {
    if (io_.run_one() == 0)
      break;
  }
  on_interrupt_ = nullptr;  // the run is over: a late interrupt() stops nothing
  on_kill_ = nullptr;
  // Let the cancelled wait and any last handlers of finished work run.
  signals_.cancel();
  signals_.clear();
  io_.restart();
  io_.poll();
  // What comes next (the summary, the reports) is printed after the run's output.
  stdout_writer_->drain();
  stderr_writer_->drain();
  log_writer_.reset();
  return interrupted_;
}

void Runtime::interrupt(int signo) {
  boost::asio::post(io_, [this, signo] {
    if (on_interrupt_ && !interrupted_)
      on_signal(signo);
  });
}

void Runtime::wait_for_signal() {
  signals_.async_wait([this](const boost::system::error_code& error, int signo) {
    if (error)
      return;
    on_signal(signo);
    wait_for_signal();
  });
}

void Runtime::on_signal(int signo) {
  if (signo == SIGTSTP) {
    suspend();
    return;
  }
  if (!interrupted_) {
    interrupted_ = signo;
    log_line(signo == SIGPIPE ? std::string("stdout is closed: cancelling the tasks")
                              : fmt::format("{}: cancelling the tasks (again to kill them at once)",
                                            signal_name(signo)));
    if (on_interrupt_)
      on_interrupt_(signo);
  } else {
    log_line(fmt::format("{} again: killing every task", signal_name(signo)));
    if (on_kill_)
      on_kill_();
    spawner().kill_all();
  }
}

// Ctrl-Z, as a shell's job control does it for a pipeline: the tasks' groups stop, then tasker
// does, by the default action of SIGTSTP (so its shell sees it stopped by SIGTSTP); when tasker
// is continued (fg, bg), raise() returns and the tasks are continued too.
void Runtime::suspend() {
  spawner().stop_all();
  boost::system::error_code ignored;
  signals_.remove(SIGTSTP, ignored);  // back to the default action: stop
  ::raise(SIGTSTP);
  signals_.add(SIGTSTP, ignored);
  spawner().continue_all();
}

}  // namespace tasker::cli
