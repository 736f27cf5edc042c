#pragma once
// The remote wrapper: the small POSIX sh program a task runs under on an SSH host. ssh alone
// cannot tell a dead host from `exit 255` or a death by signal (its own status is 255 for all
// three), and killing the local client leaves the remote command running. The wrapper:
//  - is the leader of the process group the command runs in (sshd starts a session's command
//    in a session of its own), and says so on stderr as `MARKER start PGID [JOB.STEP]`,
//    before the command starts: a task whose ssh ends without it never started on that host;
//  - runs the command as `sh -c COMMAND`, stdout and stderr as its own, stdin from /dev/null
//    (from its own stdin when it does not watch it);
//  - at the end writes `MARKER exit N` or `MARKER signal N` on stderr, the command's real
//    status (a death by signal is told from `exit 128+N` by the shell's own job notice), then
//    kills what is left of its group (or, under srun, exits 0);
//  - kills its group when its stdin closes (the local ssh client is gone: tasker holds the
//    other end open, and never writes), TERM and then KILL after the grace, unless told not to;
//  - lets a TERM, HUP or INT sent to the group (tasker's cancel, through the master) reach the
//    command, and still reports how it ended.
// The local side takes the marker lines out of the task's stderr (RemoteStatus).

#include "core/input/duration.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tasker {

/// The wrapper's program: `sh -c WRAPPER NAME MARKER GRACE_SECONDS COMMAND`.
extern const std::string_view kRemoteWrapper;

/// `sh -c WRAPPER tasker MARKER GRACE COMMAND` as words. Without `grace` the wrapper does not
/// watch its stdin; without `kill_group_at_end` (and without `grace`) it exits 0 at the end
/// instead of killing its group: for a launcher that ends the step's processes itself (srun).
[[nodiscard]] std::vector<std::string> remote_wrapper_words(std::string_view marker,
                                                            std::optional<Duration> grace,
                                                            std::string_view command,
                                                            bool kill_group_at_end);

/// The remote command line ssh sends (one string, which the remote user's shell reads):
/// `exec sh -c 'WRAPPER' tasker MARKER GRACE 'COMMAND'`, every word quoted; the wrapper kills
/// its group at the end.
[[nodiscard]] std::string remote_command_line(std::string_view marker,
                                              std::optional<Duration> grace,
                                              std::string_view command);

}  // namespace tasker
