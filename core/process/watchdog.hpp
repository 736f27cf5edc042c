#pragma once
// The watchdog: a small process that outlives tasker only to clean up after it.
//
// Every task runs in a process group of its own, so nothing the kernel does when tasker dies
// reaches the tasks: killed by SIGKILL or the OOM killer, tasker would leave every task
// running. So tasker starts, once per run at its first spawn, its own binary in a hidden mode
// (WatchdogLink, core/process/watchdog_link.hpp) and tells it on a pipe (its stdin) which
// groups are live: "+PGID\n" once a task started, "-PGID\n" before its leader is reaped.
// When tasker dies, however it dies, the kernel closes its end of the pipe: the watchdog
// wakes, reads to the end, which includes every line tasker wrote, SIGKILLs each group still
// listed, and exits. Lines alone do not wake it: it reads them every 100 ms to 1 s, so a
// task costs tasker two write() calls and nothing else.
//
// A group is listed only while its leader is unreaped, so its id cannot name anyone else
// when tasker writes; the '-' line is written before the reap, so the watchdog has read it
// before it can see the end of the pipe. One window is left: if tasker dies with a group
// listed, its leader is reaped by init while the watchdog reads, and the watchdog's kill
// comes after that group emptied and its id was taken again as the id of a new group. That
// takes the whole pid space being used up in those microseconds.
//
// Some remote work outlives its local process: a Slurm step its SIGKILLed srun, the group of an
// SSH task with input its ssh client. The executor tells the watchdog each one's id as it learns
// it ("+RID", "-RID": core/process/remote_work_list.hpp), and at the end the watchdog runs the
// canceller given on its command line (`scancel --quiet`, or the remote group killer,
// core/process/remote_group_killer.hpp) with the ids still listed.
//
// The watchdog runs in a process group of its own, so a signal sent to tasker's group
// (Ctrl-C, `kill -9 -PGID`, timeout(1)) does not take it with tasker; and it ignores the
// signals that end a run (INT, TERM, HUP, QUIT), which `pkill tasker` also sends it.

#include "core/process/remote_work_list.hpp"

#include <sys/types.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tasker {

/// argv[0] and argv[1] of the watchdog: a run of tasker's binary with both is the watchdog.
inline constexpr const char* kWatchdogName = "tasker-watchdog";
inline constexpr const char* kWatchdogFlag = "--internal-watchdog";

/// This process's own binary, for starting it as the watchdog: it works even if the file
/// was replaced or removed since tasker started.
inline constexpr const char* kOwnBinary = "/proc/self/exe";

/// True when the process was started as the watchdog: main() must then call
/// run_watchdog() before anything else, and nothing more. Words after the flag, if any, are
/// the canceller of remote work.
[[nodiscard]] bool is_watchdog_invocation(int argc, const char* const* argv);

/// The watchdog's whole life: reads lines from `input_fd` until its end, then SIGKILLs every
/// group still listed and, if `canceller` (a command as words) is not empty, runs it with the
/// ids of the remote work still listed. Returns the exit status: 0.
[[nodiscard]] int run_watchdog(int input_fd, const std::vector<std::string>& canceller = {});

/// The groups and remote work listed so far, from the bytes read in any pieces. A line that is
/// neither remote work's (RemoteWorkList) nor "+N" or "-N" with N a decimal group id above 1 is
/// ignored: nothing can make the watchdog signal every process (kill(-1)) or init.
class WatchdogList {
 public:
  void feed(std::string_view bytes);
  [[nodiscard]] const std::set<pid_t>& groups() const { return groups_; }
  [[nodiscard]] const std::set<std::string>& remote_work() const { return remote_work_.ids(); }

 private:
  void apply(std::string_view line);

  std::set<pid_t> groups_;
  RemoteWorkList remote_work_;
  std::string_view::size_type kept_ = 0;
  char line_[48] = {};  // the start of a line split between reads; longer lines are ignored
  bool overlong_ = false;
};

}  // namespace tasker
