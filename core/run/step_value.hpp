#pragma once
// What flows down a chain (docs/behaviour.md "What a step receives", docs/rules.md I4): a step's
// outcome is a StepValue on success, or a Failure holding StepFailed, and the next level that runs
// receives it — as stdin the stdout of the step that produced it, and in its environment
// TASKER_STATUS, TASKER_ERROR and TASKER_FROM.

#include "core/deferred/errors.hpp"
#include "core/deferred/failure.hpp"
#include "core/process/process_exit.hpp"
#include "core/run/output_spool.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace tasker {

/// A success handed on: which step produced it, and that step's stdout.
struct StepValue {
  std::string from;  ///< TASKER_FROM
  std::shared_ptr<const OutputSpool>
      output;  ///< null: nothing to read (a group, a tasker with no temp folder)
};

/// A failure handed on: its status number, TASKER_ERROR's words, and what
/// the failed step produced.
class StepFailed : public Error {
 public:
  StepFailed(int status, std::string error, StepValue produced);
  [[nodiscard]] int status() const { return status_; }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] const StepValue& produced() const { return produced_; }

 private:
  int status_;
  std::string error_;
  StepValue produced_;
};

/// What any failure says to the step that handles it (a group's FirstError
/// says what its failed member said; a failure tasker does not know says
/// status 1 and its message). A cancel is `interrupted`, with the status of
/// the signal that interrupted the run (SIGTERM when tasker cancelled on its own).
struct FailureFacts {
  int status = 1;
  std::string error;
  StepValue produced;
};
[[nodiscard]] FailureFacts facts_of(const Failure& failure,
                                    std::optional<int> interrupted_by = std::nullopt);

/// TASKER_ERROR's words for how a process ended: "exited with 3",
/// "killed by signal 9", "could not start".
[[nodiscard]] std::string error_words(const ProcessExit& exit);

}  // namespace tasker
