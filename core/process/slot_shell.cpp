#include "core/process/slot_shell.hpp"

#include "core/input/shell_words.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>

namespace tasker {

// $1 the grace in whole seconds. fd 3 and 4 are the real stdout and stderr. The reader (the
// pipeline's left side) is the only one to read stdin; it passes a task's lines on through the
// pipe, so it still reads, and sees stdin's end, while a task runs. Everything but the task
// ignores TERM, HUP and INT: a cancel's TERM to the group must not end the shell, and a signal
// caught while the loop waits in `read` would end that read as if stdin had ended. The command
// substitution catches them instead, as in the wrapper, so that the task starts with them at
// their default action. `$$` is the leader's pid in every subshell: the group.
const std::string_view kSlotShell = R"(g=$1
trap '' TERM HUP INT
exec 3>&1 4>&2
{ while IFS= read -r l; do
    case $l in
      k*) kill -"${l#k}" -$$ ;;
      *) printf '%s\n' "$l" ;;
    esac
  done
  kill -TERM -$$; sleep "$g"; kill -KILL -$$
} 2>/dev/null 3>&- 4>&- | {
  while read -r t n; do
    c= e=
    while [ "$n" -gt 0 ] && IFS= read -r l; do c=$c$e${l#?} e='
'; n=$((n - 1)); done
    printf '%s start %s \n' "$t" "$$" >&4
    r=$(trap : TERM HUP INT; { (exec sh -c "$c" </dev/null >&3 3>&- 2>&4 4>&-); echo " $?"; } 2>&1)
    s=${r##* }
    if [ "$s" -gt 128 ] && [ "$r" != " $s" ]; then k=signal; s=$((s - 128)); else k=exit; fi
    kill -TERM -$$
    printf '%s end\n' "$t" >&3
    printf '%s %s %s\n' "$t" "$k" "$s" >&4
  done
  kill -KILL -$$
}
)";

std::string slot_shell_command_line(Duration grace) {
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(grace).count();
  return "exec " + shell_command_line({"sh", "-c", std::string(kSlotShell), "tasker",
                                       fmt::to_string(std::max<long long>(seconds, 0))});
}

std::string slot_shell_task(std::string_view marker, std::string_view command) {
  const auto lines = std::count(command.begin(), command.end(), '\n') + 1;
  std::string message = fmt::format("{} {}\n ", marker, lines);
  for (const char c : command) {
    message += c;
    if (c == '\n')
      message += ' ';
  }
  message += '\n';
  return message;
}

std::string slot_shell_signal(std::string_view signal) {
  return fmt::format("k{}\n", signal);
}

}  // namespace tasker
