#include "core/run/step_value.hpp"

#include "core/run/task.hpp"
#include "core/status_numbers.hpp"

#include <fmt/format.h>

#include <signal.h>

namespace tasker {

StepFailed::StepFailed(int status, std::string error, StepValue produced)
    : Error(error), status_(status), error_(std::move(error)), produced_(std::move(produced)) {}

std::string error_words(const ProcessExit& exit) {
  if (!exit.started())
    return "could not start";
  if (exit.signal)
    return fmt::format("killed by signal {}", *exit.signal);
  return fmt::format("exited with {}", exit.exit_code.value_or(-1));
}

FailureFacts facts_of(const Failure& failure, std::optional<int> interrupted_by) {
  if (const auto step = failure.get<StepFailed>())
    return {step->status(), step->error(), step->produced()};
  if (const auto first = failure.get<FirstError>())
    return facts_of(first->sub_failure(), interrupted_by);
  if (const auto task = failure.get<TaskFailed>())
    return {task->status(), error_words(task->process_exit()), {}};
  if (failure.check<TimeoutError>())
    return {status::kTimedOut, "timed out", {}};
  if (failure.check<CancelledError>())
    return {status::of_signal(interrupted_by.value_or(SIGTERM)), "interrupted", {}};
  return {status::kUnhandledFailure, failure.what(), {}};
}

}  // namespace tasker
