#pragma once
// Spawner: the seam between "run this shell command" and how it is run
// (ninja's CommandRunner). PosixSpawner (core/process/posix_spawner.hpp) runs real
// processes; tests can put a fake behind the same interface.
//
// A process's outcome is a Deferred<ProcessExit> that calls back for every
// ending, as Twisted's utils.getProcessValue does (docs/rules.md H2): a non-zero
// exit, a signal and a failure to start are values here. Turning them into
// Failures is the task layer's policy.

#include "core/deferred/deferred.hpp"
#include "core/input/duration.hpp"
#include "core/process/ignored_signals.hpp"
#include "core/process/process_exit.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tasker {

/// Which of a process's two output pipes some bytes came from.
enum class OutputStream {
  stdout_stream,
  stderr_stream,
};

/// When a command goes through the shell.
enum class ShellUse {
  /// Only when it needs one. A command with no shell syntax and no builtin
  /// (split_simple_command, core/process/simple_command.hpp) runs directly: its first
  /// word looked up on PATH, with the environment the shell would give it
  /// (core/process/shell_environment.hpp), as make does. Saves the shell's exec per
  /// task; if the direct start fails (not found, not executable, a script
  /// without `#!`), the command is run through the shell after all, which
  /// reports it as it always does (127, 126) or runs the script.
  when_needed,
  /// Always as `shell -c command` (`--shell always`, or an explicit shell).
  always,
};

/// How to run one command.
struct ProcessOptions {
  /// The shell: commands run as `shell -c command` when `shell_use` says so.
  std::string shell = "/bin/sh";
  ShellUse shell_use = ShellUse::when_needed;
  /// When not empty, the process runs exactly these words, whatever `shell` and `shell_use`
  /// say: the first looked up on PATH, each passed on as one argument, with the environment
  /// the shell would give it; the command string is then only what is shown. A program that
  /// cannot be run is a start that failed (status 127); no shell tries it after. For tasker's
  /// own processes (an executor's ssh, srun, scancel), which would cost a shell's exec each.
  std::vector<std::string> argv;
  /// Give the process tasker's own stdin instead of /dev/null.
  bool inherit_stdin = false;
  /// When set, stdin is this file, opened afresh for each process (a chain
  /// step reads the stdout of the step before it: /proc/self/fd/N of a spool).
  std::string stdin_path;
  /// Variables set (or replaced) in the process's environment, and the
  /// folder it starts in. A command with either runs through the shell, which
  /// then sets PWD as it always does; an `argv` run gets the PWD the shell would set.
  std::vector<std::pair<std::string, std::string>> env;
  std::string cwd;
  /// On cancel: how long after SIGTERM the group gets SIGKILL. After the
  /// leader exited: how long other members may keep its output pipes open
  /// before the group gets SIGKILL.
  Duration grace = std::chrono::seconds(2);
  /// Signals tasker's own caller ignored, and tasker left ignored
  /// (ignored_signals() at its start): the process starts with them still
  /// ignored, as a shell passes on a signal ignored on entry. Every other
  /// signal starts at its default action, whatever tasker does with it.
  SignalSet keep_ignored;
};

/// Hears what one process does. Its members run on the io_context's thread,
/// never inside Spawner::spawn() except on_spawned(). They must not throw.
class ProcessObserver {
 public:
  ProcessObserver() = default;
  ProcessObserver(const ProcessObserver&) = delete;
  ProcessObserver& operator=(const ProcessObserver&) = delete;
  virtual ~ProcessObserver() = default;

  /// A name for the process where an executor shows one (a Slurm job's name): the task's.
  [[nodiscard]] virtual std::string label() const { return {}; }

  /// The process started with `pid`, which is also its process group id.
  /// Called once, inside spawn(), and not at all if it could not start.
  virtual void on_spawned(int pid) { static_cast<void>(pid); }

  /// Bytes the process wrote to `stream`, as they arrive, in order per
  /// stream. The view is valid only during the call. Never after on_exit().
  virtual void on_output(OutputStream stream, std::string_view bytes) = 0;

  /// The process stopped, by signal `signo`: SIGTTIN or SIGTTOU when it used
  /// the terminal from outside the terminal's foreground (a password prompt),
  /// SIGTSTP from stop_all(), SIGSTOP from anyone. Only the leader's stops are
  /// seen, and only by a spawner that watches for them (PosixSpawner: when
  /// tasker has a terminal, the only case where a task can stop by itself;
  /// within a second).
  virtual void on_stopped(int signo) { static_cast<void>(signo); }

  /// Called exactly once, when the process is completely done: it exited, it
  /// was reaped, and its pipes are closed; or it could not start. Called even
  /// when the Deferred was cancelled, so the real signal or status of a
  /// cancelled task can be reported. Runs before the Deferred fires.
  virtual void on_exit(const ProcessExit& exit) = 0;
};

/// Starts processes and tells how they end.
class Spawner {
 public:
  Spawner() = default;
  Spawner(const Spawner&) = delete;
  Spawner& operator=(const Spawner&) = delete;
  virtual ~Spawner() = default;

  /// Starts `options.shell -c command` in a process group of its own, or
  /// the command's own program directly (see ShellUse), or `options.argv`. Either way the
  /// process has the same stdin, stdout, stderr, environment and group, and
  /// ends with the same status.
  ///
  /// Returns a Deferred that calls back with the ProcessExit once the
  /// process is completely done (after `observer.on_exit`), whatever the
  /// exit code or signal. A process that could not be started calls back
  /// with ProcessExit::start_error set (status 127), and with
  /// ProcessExit::process_limit_reached too when no process could be created
  /// (EAGAIN); that too arrives from the event loop, never inside spawn().
  ///
  /// Cancelling the Deferred sends SIGTERM to the process group (and
  /// SIGCONT, so a stopped member can act on it), then SIGKILL after
  /// `options.grace`. The canceller does not fire the Deferred, so cancel()
  /// errbacks CancelledError at once (docs/rules.md C1); `observer.on_exit`
  /// still follows when the process is done, and the Deferred is not fired
  /// again.
  ///
  /// Preconditions: `observer` outlives the process (until on_exit ran, or
  /// the Spawner is destroyed).
  [[nodiscard]] virtual Deferred<ProcessExit> spawn(const std::string& command,
                                                    const ProcessOptions& options,
                                                    ProcessObserver& observer) = 0;

  /// Sends SIGKILL to the group of every live process at once (a second
  /// Ctrl-C). They end as usual, through on_exit and their Deferreds,
  /// without waiting out any grace period.
  virtual void kill_all() = 0;
  /// True once kill_all() ran: the run is ending at once, and nothing starts again (no retry).
  [[nodiscard]] virtual bool killed_all() const = 0;

  /// Back-pressure from whoever prints the output: while paused, the pipes
  /// of processes still running are not read, so a task that writes on
  /// blocks once its pipe is full; a process whose leader has exited is
  /// still read to its end, so it can finish (its group can write no more
  /// than its pipes hold, once it is gone). Unpausing reads on.
  virtual void set_output_paused(bool paused) = 0;

  /// Ctrl-Z: sends SIGTSTP to the group of every live process, as the
  /// terminal would if they were in its foreground (each is in a group of its
  /// own, which the terminal's Ctrl-Z does not reach).
  virtual void stop_all() = 0;

  /// Sends SIGCONT to the group of every live process: tasker was continued
  /// after stop_all() (fg, bg).
  virtual void continue_all() = 0;

  /// How many processes were started and are not completely done yet.
  [[nodiscard]] virtual std::size_t live() const = 0;

  /// Remote work that outlives its local process if tasker dies: Slurm job steps (srun), and
  /// the groups of SSH tasks with input (core/process/remote_group_killer.hpp). `canceller` (a
  /// command, as words: scancel, or the remote group killer) is what cancels them, given their
  /// ids; watch_remote() lists one (an id as RemoteWorkList::valid_id takes,
  /// core/process/remote_work_list.hpp) while it runs, and release_remote() unlists it. A spawner
  /// with a watchdog hands them on to it (PosixSpawner), which cancels the ones still listed
  /// when tasker dies; others ignore them.
  /// Preconditions: set_remote_canceller() before the first spawn().
  virtual void set_remote_canceller(std::vector<std::string> canceller) {
    static_cast<void>(canceller);
  }
  virtual void watch_remote(const std::string& id) { static_cast<void>(id); }
  virtual void release_remote(const std::string& id) { static_cast<void>(id); }
};

}  // namespace tasker
