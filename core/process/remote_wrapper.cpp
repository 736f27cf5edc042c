#include "core/process/remote_wrapper.hpp"

#include "core/input/shell_words.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tasker {

// $1 marker, $2 grace in whole seconds (`=`: no watcher; `-`: no watcher, and exit 0 at the
// end), $3 the command. fd 3 and 4 are the real stdout and stderr. The command runs in a
// subshell waited for inside a command substitution, whose shell writes its notice of a job
// killed by a signal ("Killed", "Terminated") on its stderr, captured with the status: the one
// way a POSIX shell tells that from `exit 137`, with no temporary file and no process of its
// own (mktemp and rm were two thirds of the wrapper's cost). That shell catches TERM, HUP and
// INT as the wrapper does, so that a cancel reaches the command, not the shell that reports it.
// The watcher reads stdin in a subshell of its own, through fd 6: an asynchronous list's
// stdin is /dev/null before its own redirections apply, so a `<&0` there reads /dev/null (its
// end of file at once was the stdin watch's old failure). It and the end signal the group `-$$`
// (the wrapper leads it), never `0`, which under a launcher that did not make a group of its own
// (srun's step daemon) would be the launcher's. The start line also names the Slurm job the wrapper
// runs in, if any. Without the stdin watch (under srun) it ends with 0 instead of killing its
// group: srun then adds no line of its own to stderr (`task 0: Killed`, which could come before the
// end line), and Slurm ends the step's processes itself.
const std::string_view kRemoteWrapper = R"(m=$1 g=$2
exec 3>&1 4>&2
if [ "$g" = - ] || [ "$g" = = ]; then exec 5<&0; else
  exec 5</dev/null 6<&0
  (exec <&6 6<&-; trap '' TERM HUP INT; while read -r _; do :; done; kill -TERM -$$
    sleep "$g"; kill -KILL -$$) >/dev/null 2>&1 3>&- 4>&- 5<&- &
  exec 6<&-
fi
trap : TERM HUP INT
printf '%s start %s %s\n' "$m" "$$" "${SLURM_JOB_ID-}${SLURM_STEP_ID:+.$SLURM_STEP_ID}" >&4
r=$(trap : TERM HUP INT; { (exec sh -c "$3" <&5 5<&- >&3 3>&- 2>&4 4>&-); echo " $?"; } 2>&1)
s=${r##* }
if [ "$s" -gt 128 ] && [ "$r" != " $s" ]; then k=signal; s=$((s - 128)); else k=exit; fi
printf '%s %s %s\n' "$m" "$k" "$s" >&4
[ "$g" = - ] && exit 0
kill -KILL -$$
)";

std::vector<std::string> remote_wrapper_words(std::string_view marker,
                                              std::optional<Duration> grace,
                                              std::string_view command, bool kill_group_at_end) {
  const std::string seconds =
      grace ? fmt::to_string(std::chrono::ceil<std::chrono::seconds>(*grace).count())
            : (kill_group_at_end ? "=" : "-");
  return {"sh",
          "-c",
          std::string(kRemoteWrapper),
          "tasker",
          std::string(marker),
          seconds,
          std::string(command)};
}

std::string remote_command_line(std::string_view marker, std::optional<Duration> grace,
                                std::string_view command) {
  return "exec " + shell_command_line(remote_wrapper_words(marker, grace, command, true));
}

}  // namespace tasker
