#pragma once
// WatchdogLink: tasker's end of the watchdog (core/process/watchdog.hpp). It starts the
// watchdog at the first group it is given, and tells it each group as it starts and before
// it is reaped. If the watchdog is gone (killed on its own) or stuck (stopped, its pipe
// full), it is killed and a new one is started and told every live group: a watchdog that
// missed a '-' line must never act on it. Slurm steps are listed the same way, for the
// watchdog to cancel them with the scancel command it was started with.
//
// Best effort: if no watchdog can be started (no /proc, the process limit), the run goes on
// without one, and a start is tried again at the next group, unless the program cannot be
// run at all.

#include "core/process/unique_fd.hpp"

#include <sys/types.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace tasker::detail {

class WatchdogLink {
 public:
  /// `program` is a tasker binary ("/proc/self/exe"), started as the watchdog when needed.
  /// Ignores SIGPIPE if its action is the default: writes to a watchdog that is gone must
  /// fail, not kill this process.
  explicit WatchdogLink(std::string program);
  /// SIGKILLs and reaps the watchdog. Preconditions: every group was released (the
  /// watchdog has nothing left to do).
  ~WatchdogLink();
  WatchdogLink(const WatchdogLink&) = delete;
  WatchdogLink& operator=(const WatchdogLink&) = delete;

  /// Lists process group `pgid`, starting the watchdog if none runs.
  void watch(pid_t pgid);

  /// Unlists `pgid`. Preconditions: called before its leader is reaped.
  void release(pid_t pgid);

  /// The scancel command (as words) the watchdog cancels listed Slurm steps with. Preconditions:
  /// called before the first watch().
  void set_scancel(std::vector<std::string> scancel) { scancel_ = std::move(scancel); }

  /// Lists Slurm step `id` (SlurmStepList::valid_id), for the watchdog to cancel if tasker
  /// dies. Preconditions: a group is listed (srun's), so a watchdog runs if one can.
  void watch_step(const std::string& id);

  /// Unlists step `id`: it ended.
  void release_step(const std::string& id);

  /// The watchdog's pid, or -1 while none runs.
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  void start();
  void tell_or_restart(std::string_view line);
  [[nodiscard]] bool send(std::string_view lines, int wait_ms);
  void stop();

  std::string program_;
  std::vector<std::string> scancel_;
  std::unordered_set<pid_t> groups_;
  std::unordered_set<std::string> steps_;
  UniqueFd pipe_;   // the write end, non-blocking
  pid_t pid_ = -1;  // unreaped while set: safe to signal
  bool cannot_run_ = false;
};

}  // namespace tasker::detail
