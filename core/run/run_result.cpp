#include "core/run/run_result.hpp"

#include "core/status_numbers.hpp"

namespace tasker {

std::string_view to_string(CommandKind command) {
  switch (command) {
    case CommandKind::gather:
      return "gather";
    case CommandKind::list:
      return "list";
    case CommandKind::any:
      return "any";
    case CommandKind::every:
      return "every";
    case CommandKind::after:
      return "after";
    case CommandKind::chain:
      return "chain";
    case CommandKind::run:
      return "run";
  }
  return "unknown";
}

std::string_view to_string(Fired fired) {
  switch (fired) {
    case Fired::none:
      return "";
    case Fired::callback:
      return "callback";
    case Fired::errback:
      return "errback";
  }
  return "";
}

std::string_view to_string(EndReason reason) {
  switch (reason) {
    case EndReason::none:
      return "none";
    case EndReason::count:
      return "count";
    case EndReason::duration:
      return "duration";
    case EndReason::until_success:
      return "until_success";
    case EndReason::failure:
      return "failure";
    case EndReason::max_failures:
      return "max_failures";
    case EndReason::interrupted:
      return "interrupted";
  }
  return "unknown";
}

int exit_status(const RunResult& result) {
  if (result.interrupted_by)
    return status::of_signal(*result.interrupted_by);
  switch (result.fired) {
    case Fired::errback:
      // A failed run always names the task that failed it; 1 is the shell's "failed" otherwise.
      return result.failure_status.value_or(status::kUnhandledFailure);
    case Fired::callback:
      return result.unhandled > 0 ? status::kUnhandledFailure : status::kSuccess;
    case Fired::none:
      break;
  }
  // Only an interrupt leaves a run unfired.
  return status::kUnhandledFailure;
}

}  // namespace tasker
