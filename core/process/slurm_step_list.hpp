#pragma once
// SlurmStepList: the Slurm job steps (or whole jobs) the watchdog (core/process/watchdog.hpp)
// cancels with scancel when tasker dies. A SIGKILLed srun does not end its step, nor the job
// it made, and the cluster's InactiveLimit may never do it: only scancel does.
//
// Its lines are "+SID" once tasker learnt a step's id and "-SID" once it ended, ID being
// what scancel is given: "JOB" or "JOB.STEP" (and "JOB_TASK" for an array job), digits, dots
// and underscores only, starting with a digit. Every other line is not its own: nothing read
// from the pipe can become an option of scancel or another program's word.

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace tasker {

class SlurmStepList {
 public:
  /// The longest id listed: Slurm's 32-bit job, array task and step numbers fit with room.
  static constexpr std::size_t kMaxIdSize = 40;

  /// True when `line` (without its newline) is a step line, "+S..." or "-S...": then it is
  /// applied if its id is valid, and ignored otherwise.
  bool apply(std::string_view line);

  [[nodiscard]] const std::set<std::string>& ids() const { return ids_; }

  /// True for an id scancel may be given: see above.
  [[nodiscard]] static bool valid_id(std::string_view id);

 private:
  std::set<std::string> ids_;
};

}  // namespace tasker
