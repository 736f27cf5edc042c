#include "core/process/remote_wrapper.hpp"

#include "core/input/shell_words.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tasker {

// $1 marker, $2 grace in whole seconds (`=`: no watcher; `-`: no watcher, and exit 0 at the
// end), $3 the command. fd 4 is the real stderr;
// the wrapper's own stderr is a temporary file, where the shell writes its notice of a job killed
// by a signal
// ("Killed", "Terminated"): the one way a POSIX shell tells that from `exit 137`. The watcher
// reads stdin in a subshell of its own (`<&0`: an asynchronous list would get /dev/null). It and
// the end signal the group `-$$` (the wrapper leads it), never `0`, which under a launcher that
// did not make a group of its own (srun's step daemon) would be the launcher's. The start line
// also names the Slurm job the wrapper runs in, if any. Without the stdin watch (under srun) it
// ends with 0 instead of killing its group: srun then adds no line of its own to stderr
// (`task 0: Killed`, which could come before the end line), and Slurm ends the step's
// processes itself.
const std::string_view kRemoteWrapper = R"(m=$1 g=$2
t=$(mktemp 2>/dev/null) || t=
exec 4>&2
[ -n "$t" ] && exec 2>"$t"
if [ "$g" = - ] || [ "$g" = = ]; then exec 5<&0; else
  exec 5</dev/null
  (trap '' TERM HUP INT; while read -r _; do :; done; kill -TERM -$$; sleep "$g"; kill -KILL -$$) \
    <&0 >/dev/null 2>&1 4>&- 5<&- &
fi
trap : TERM HUP INT
printf '%s start %s %s\n' "$m" "$$" "${SLURM_JOB_ID-}${SLURM_STEP_ID:+.$SLURM_STEP_ID}" >&4
(exec sh -c "$3" <&5 5<&- 2>&4 4>&-); s=$?
if [ "$s" -gt 128 ] && [ -s "$t" ]; then k=signal; s=$((s - 128)); else k=exit; fi
[ -n "$t" ] && rm -f "$t"
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
