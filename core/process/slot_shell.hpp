#pragma once
// The slot shell: the small POSIX sh program that runs, on an SSH host, the tasks of one slot
// one after another, over one ssh session kept open for the run. A task then costs no ssh
// session and no login shell (the remote wrapper's price, core/process/remote_wrapper.hpp),
// only the `sh -c COMMAND` it runs. It keeps the wrapper's guarantees:
//  - it is the leader of the process group its tasks run in (sshd starts a session's command in
//    a session of its own), and says so on stderr as `MARKER start PGID ` before each task;
//  - runs each task as `sh -c COMMAND`, stdout and stderr as its own, stdin from /dev/null;
//  - at a task's end sends TERM to what is left of the group (it and its reader ignore TERM),
//    then writes `MARKER end` on stdout and `MARKER exit N` or `MARKER signal N` on stderr:
//    the task's real status, told as the wrapper tells it (the shell's job notice);
//  - a reader of its own takes its stdin, tasker's messages: a task's lines go to the loop that
//    runs them, a signal line (`kTERM`, `kKILL`) goes to the group at once, a cancel;
//  - when its stdin closes (the local ssh client, its master or tasker is gone), sends TERM to
//    the group, and KILL after the grace; with no task running, KILL at once.
// The local side sends a task only once the one before ended on both streams, so the two end
// lines of a task are the last bytes of its output (StdoutEnd, core/process/stdout_end.hpp, and
// RemoteStatus, core/process/remote_status.hpp, take them out).

#include "core/input/duration.hpp"

#include <string>
#include <string_view>

namespace tasker {

/// The program: `sh -c SLOT_SHELL tasker GRACE_SECONDS`.
extern const std::string_view kSlotShell;

/// The remote command line ssh sends (the remote user's shell reads it):
/// `exec sh -c 'SLOT_SHELL' tasker GRACE`.
[[nodiscard]] std::string slot_shell_command_line(Duration grace);

/// The message that runs `command` under `marker` (a word of letters, digits and dashes): a line
/// `MARKER LINES`, then each line of the command with one space before it, so that no line of a
/// command is read as a signal line.
[[nodiscard]] std::string slot_shell_task(std::string_view marker, std::string_view command);

/// The message that sends `signal` (TERM, KILL) to the slot shell's group, its task with it.
[[nodiscard]] std::string slot_shell_signal(std::string_view signal);

}  // namespace tasker
