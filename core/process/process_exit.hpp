#pragma once
// ProcessExit: how a task's process ended, and its status number
// (docs/behaviour.md "Status numbers").

#include <signal.h>

#include <optional>
#include <string>

namespace tasker {

/// How a process ended: exactly one of `exit_code`, `signal` and
/// `start_error` is set, except in a default-constructed ProcessExit, which
/// knows nothing (what a Deferred<ProcessExit> holds after a callback
/// returned void).
struct ProcessExit {
  /// The code the process passed to exit, 0 to 255.
  std::optional<int> exit_code;
  /// The signal that killed it.
  std::optional<int> signal;
  /// Killed by `signal`, it left a core dump (what a shell reports as "(core dumped)").
  bool core_dumped = false;
  /// Non-empty when the process could not be started, saying why, e.g.
  /// "cannot run /no/such/shell: No such file or directory".
  std::string start_error;
  /// With `start_error`: no process could be created (EAGAIN from fork: the
  /// process limit, `ulimit -u`, or a cgroup's pids.max). Another process
  /// ending frees one, so the same start may work later.
  bool process_limit_reached = false;
  /// Where it ran, when not on this machine without an executor: the SSH host it ran on
  /// (`:` for this machine among the hosts), and the Slurm job id of its srun.
  std::string host;
  std::string job_id;

  /// An exit with `code`.
  [[nodiscard]] static ProcessExit exited(int code);
  /// A death by signal `signo`, which dumped core or not.
  [[nodiscard]] static ProcessExit killed(int signo, bool core_dumped = false);
  /// A process that could not be started, for the reason given.
  /// Preconditions: `why` is not empty.
  [[nodiscard]] static ProcessExit not_started(std::string why);
  /// A process that could not be started because no process could be
  /// created: process_limit_reached is set. Preconditions: `why` is not empty.
  [[nodiscard]] static ProcessExit not_started_at_process_limit(std::string why);

  /// From a wait status as waitpid() fills it in.
  /// Preconditions: WIFEXITED(status) or WIFSIGNALED(status).
  [[nodiscard]] static ProcessExit from_wait_status(int status);
  /// From the siginfo_t that waitid(..., WEXITED) fills in.
  /// Preconditions: info.si_code is CLD_EXITED, CLD_KILLED or CLD_DUMPED.
  [[nodiscard]] static ProcessExit from_siginfo(const siginfo_t& info);

  /// The status number: the exit code, 128+N for signal N, 127 when
  /// the process could not be started, -1 when nothing is known.
  [[nodiscard]] int status() const;

  /// True when the process ran and exited 0.
  [[nodiscard]] bool succeeded() const { return exit_code == 0; }
  /// True unless the process could not be started.
  [[nodiscard]] bool started() const { return start_error.empty(); }

  /// For people: "exited with 3", "killed by signal 15 (SIGTERM)", "killed by signal 11
  /// (SIGSEGV) (core dumped)", or the start error.
  [[nodiscard]] std::string describe() const;

  friend bool operator==(const ProcessExit&, const ProcessExit&) = default;
};

}  // namespace tasker
