#pragma once
// Runtime: what every command runs on — the event loop, its clock, the
// spawner, tasker's own stdout and stderr (written from threads of their
// own, with back-pressure on the tasks' pipes) — and the signals that
// interrupt a run. The first SIGINT,
// SIGTERM, SIGHUP or SIGQUIT interrupts the run (the command cancels its
// tasks); a second one kills every process group at once (docs/behaviour.md "Signals"). SIGTSTP
// (Ctrl-Z) stops the tasks' groups, then tasker; once tasker is continued,
// so are they. A signal that was ignored when tasker started is left
// ignored (cli/start_signals.hpp).

#include "cli/output/fd_writer.hpp"
#include "cli/output/log_line.hpp"
#include "core/deferred/asio_clock.hpp"
#include "core/deferred/failure_log.hpp"
#include "core/process/hosts_spawner.hpp"
#include "core/process/posix_spawner.hpp"
#include "core/process/slurm_spawner.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <functional>
#include <memory>
#include <optional>

namespace tasker::cli {

/// Where the tasks run: on this machine, on SSH hosts, or through Slurm
/// (cli/commands/executor_options.hpp).
struct ExecutorChoice {
  std::optional<HostsOptions> hosts;
  std::optional<SlurmOptions> slurm;
};

class Runtime {
 public:
  /// Catches the five signals from now on, before any task starts: a signal
  /// that comes before the loop runs is queued, not the default death with
  /// tasks left running. Those ignored at tasker's start are not caught.
  /// Tasks run as `executor` says.
  explicit Runtime(const ExecutorChoice& executor = {});
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;
  ~Runtime();

  [[nodiscard]] boost::asio::io_context& io() { return io_; }
  [[nodiscard]] Clock& clock() { return clock_; }
  [[nodiscard]] Spawner& spawner() { return executor_ ? *executor_ : *spawner_; }
  /// Clock time the runtime was made: the origin of the reports' times.
  [[nodiscard]] Duration started_at() const { return started_at_; }
  /// tasker's stdout and stderr while the run is on (FdWriter).
  [[nodiscard]] FdWriter& stdout_writer() { return *stdout_writer_; }
  [[nodiscard]] FdWriter& stderr_writer() { return *stderr_writer_; }

  /// Runs the event loop until `done()` holds. The first signal (or
  /// interrupt()) calls `on_interrupt(signo)`; a later one calls `on_kill()`
  /// (so that nothing starts any more) and kills every process group. Then waits until everything
  /// written to stdout and stderr is out (a second Ctrl-C meanwhile ends tasker: the signals have
  /// their default actions again). Returns the signal that interrupted the
  /// run, if any.
  std::optional<int> run(const std::function<bool()>& done,
                         const std::function<void(int)>& on_interrupt,
                         const std::function<void()>& on_kill = {});

  /// Interrupts the run as signal `signo` would, from the event loop (not
  /// inside the caller's stack): a closed stdout interrupts it as SIGPIPE.
  void interrupt(int signo);

 private:
  void wait_for_signal();
  void on_signal(int signo);
  void update_output_pause();
  void suspend();

  // The CLI says what the core only reports: an input's canceller raised (D10).
  ScopedFailureHandler failure_handler_;
  boost::asio::io_context io_;
  AsioClock clock_{io_};
  std::unique_ptr<PosixSpawner> spawner_;
  // Over spawner_, which starts its local processes; gone before it.
  std::unique_ptr<Spawner> executor_;
  Duration started_at_;
  boost::asio::signal_set signals_{io_};
  std::function<void(int)> on_interrupt_;
  std::function<void()> on_kill_;
  std::optional<int> interrupted_;
  // After the loop and the spawner: their threads post to the loop, and stop before it goes.
  std::unique_ptr<FdWriter> stdout_writer_;
  std::unique_ptr<FdWriter> stderr_writer_;
  std::optional<ScopedLogWriter> log_writer_;
};

}  // namespace tasker::cli
