#pragma once
// WatchdogLink: tasker's end of the watchdog (core/process/watchdog.hpp). It starts the
// watchdog at the first group it is given, and tells it each group as it starts and before
// it is reaped. If the watchdog is gone (killed on its own) or stuck (stopped, its pipe
// full), it is killed and a new one is started and told every live group: a watchdog that
// missed a '-' line must never act on it. Remote work (Slurm steps, the groups of SSH tasks with
// input) is listed the same way, for the watchdog to cancel with the canceller it was started
// with.
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

  /// The command (as words) the watchdog cancels listed remote work with. Preconditions: called
  /// before the first watch().
  void set_remote_canceller(std::vector<std::string> canceller) {
    canceller_ = std::move(canceller);
  }

  /// Lists remote work `id` (RemoteWorkList::valid_id), for the watchdog to cancel if tasker
  /// dies. Preconditions: a group is listed (srun's, ssh's), so a watchdog runs if one can.
  void watch_remote(const std::string& id);

  /// Unlists remote work `id`: it ended.
  void release_remote(const std::string& id);

  /// The watchdog's pid, or -1 while none runs.
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  void start();
  void tell_or_restart(std::string_view line);
  [[nodiscard]] bool send(std::string_view lines, int wait_ms);
  void stop();

  std::string program_;
  std::vector<std::string> canceller_;
  std::unordered_set<pid_t> groups_;
  std::unordered_set<std::string> remote_work_;
  UniqueFd pipe_;   // the write end, non-blocking
  pid_t pid_ = -1;  // unreaped while set: safe to signal
  bool cannot_run_ = false;
};

}  // namespace tasker::detail
