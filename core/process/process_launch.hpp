#pragma once
// Launching one process the way tasker runs a task (docs/behaviour.md "Tasks"): its stdout and
// stderr on two pipes, stdin on /dev/null unless inherited, a process group
// of its own, an empty signal mask and every signal at its default action
// but those ProcessOptions::keep_ignored keeps ignored, through posix_spawn; the given
// ProcessOptions::argv, or directly when the command needs no shell (ShellUse), else as
// `shell -c command`.

#include "core/process/shell_environment.hpp"
#include "core/process/spawner.hpp"
#include "core/process/unique_fd.hpp"

#include <sys/types.h>

#include <string>
#include <variant>

namespace tasker::detail {

/// A process just started, and the read ends of its output pipes.
struct LaunchedProcess {
  pid_t pid = -1;  ///< also its process group id
  UniqueFd stdout_read;
  UniqueFd stderr_read;
};

/// Why a process could not be started, naming the program that could not be
/// run and the reason: "cannot run sleep: Resource temporarily unavailable".
struct LaunchError {
  std::string why;
  int error_number = 0;
};

/// Starts `command` as `options` say. Returns the process, its pipes' write
/// ends already closed in tasker (so EOF means every writer is gone), or why
/// it could not start. Every descriptor tasker holds is close-on-exec; the
/// child gets only stdin, stdout and stderr from it.
[[nodiscard]] std::variant<LaunchedProcess, LaunchError> launch_process(
    const std::string& command, const ProcessOptions& options, ShellEnvironment& shell_env);

/// True for a failed start that says tasker, not the command, is short of processes, memory or
/// descriptors: it may work later.
[[nodiscard]] bool short_of_resources(int err);

/// Starts `program` with `argv` for tasker's own use (the watchdog): in a process group of
/// its own, stdin on `stdin_fd`, stdout and stderr on /dev/null, an empty signal mask, every
/// signal at its default action, and the caller's open-file limit. `program` is looked up on
/// PATH if `search_path` (scancel, from the watchdog). Returns 0 and sets `pid`, or the error
/// number.
[[nodiscard]] int spawn_helper(const char* program, char* const* argv, int stdin_fd, pid_t& pid,
                               bool search_path = false);

/// A pidfd for `pid` (Linux >= 5.3), or -1 with errno set.
[[nodiscard]] int open_pidfd(pid_t pid);

/// kill() on the whole group `pgid`. Only while its leader is unreaped: until
/// then the group id cannot name anyone else. ESRCH (nobody left) is fine.
void signal_group(pid_t pgid, int signo);

/// strerror(), thread-safe.
[[nodiscard]] std::string errno_message(int err);

}  // namespace tasker::detail
