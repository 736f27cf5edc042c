#include "core/deferred/failure_log.hpp"

namespace tasker {
namespace {

// The core is single-threaded (one io_context), so one handler is enough.
FailureHandler& installed_handler() {
  static FailureHandler handler;
  return handler;
}

}  // namespace

FailureHandler set_failure_handler(FailureHandler handler) {
  FailureHandler previous = std::move(installed_handler());
  installed_handler() = std::move(handler);
  return previous;
}

void log_failure(FailureEvent event, const Failure& failure) noexcept {
  const FailureHandler& handler = installed_handler();
  if (!handler)
    return;
  try {
    handler(event, failure);
  } catch (...) {
    // A handler that throws from a destructor's path would terminate the
    // program; the report is lost instead.
  }
}

Failure log_error(Failure failure) {
  log_failure(FailureEvent::logged, failure);
  return failure;
}

}  // namespace tasker
