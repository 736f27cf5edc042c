#pragma once
// RemoteWorkList: the remote work the watchdog (core/process/watchdog.hpp) cancels when tasker
// dies, work that outlives its local process: Slurm job steps (or whole jobs), which a SIGKILLed
// srun does not end, nor may the cluster's InactiveLimit (only scancel does), and the process
// groups of SSH tasks with input (core/process/remote_group_killer.hpp).
//
// Its lines are "+RID" once tasker learnt an id and "-RID" once that work ended, ID being what
// the executor's canceller is given: for Slurm "JOB" or "JOB.STEP" (and "JOB_TASK" for an array
// job), for SSH "HOST.PGID"; digits, dots and underscores only, starting with a digit. Every
// other line is not its own: nothing read from the pipe can become an option of the canceller or
// another program's word.

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace tasker {

class RemoteWorkList {
 public:
  /// The longest id listed: Slurm's 32-bit job, array task and step numbers fit with room.
  static constexpr std::size_t kMaxIdSize = 40;

  /// True when `line` (without its newline) is a remote work line, "+R..." or "-R...": then it is
  /// applied if its id is valid, and ignored otherwise.
  bool apply(std::string_view line);

  [[nodiscard]] const std::set<std::string>& ids() const { return ids_; }

  /// True for an id a canceller may be given: see above.
  [[nodiscard]] static bool valid_id(std::string_view id);

 private:
  std::set<std::string> ids_;
};

}  // namespace tasker
