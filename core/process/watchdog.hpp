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
// Slurm steps outlive a SIGKILLed srun: the Slurm executor also tells it each step's id as it
// learns it ("+SID", "-SID": core/process/slurm_step_list.hpp), and at the end the watchdog
// runs scancel, the program given on its command line, on those still listed. The Hosts
// executor lists the remote groups of its tasks with input the same way, and gives the remote
// group killer (core/process/remote_group_killer.hpp) as that program.
//
// The watchdog runs in a process group of its own, so a signal sent to tasker's group
// (Ctrl-C, `kill -9 -PGID`, timeout(1)) does not take it with tasker; and it ignores the
// signals that end a run (INT, TERM, HUP, QUIT), which `pkill tasker` also sends it.

#include "core/process/slurm_step_list.hpp"

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
/// the scancel command.
[[nodiscard]] bool is_watchdog_invocation(int argc, const char* const* argv);

/// The watchdog's whole life: reads lines from `input_fd` until its end, then SIGKILLs every
/// group still listed and, if `scancel` (a command as words) is not empty, cancels every Slurm
/// step still listed with it. Returns the exit status: 0.
[[nodiscard]] int run_watchdog(int input_fd, const std::vector<std::string>& scancel = {});

/// The groups and Slurm steps listed so far, from the bytes read in any pieces. A line that is
/// neither a step's (SlurmStepList) nor "+N" or "-N" with N a decimal group id above 1 is
/// ignored: nothing can make the watchdog signal every process (kill(-1)) or init.
class WatchdogList {
 public:
  void feed(std::string_view bytes);
  [[nodiscard]] const std::set<pid_t>& groups() const { return groups_; }
  [[nodiscard]] const std::set<std::string>& steps() const { return steps_.ids(); }

 private:
  void apply(std::string_view line);

  std::set<pid_t> groups_;
  SlurmStepList steps_;
  std::string_view::size_type kept_ = 0;
  char line_[48] = {};  // the start of a line split between reads; longer lines are ignored
  bool overlong_ = false;
};

}  // namespace tasker
