#pragma once
// Where the core reports failures nobody handled. Twisted logs "Unhandled
// error in Deferred" when a Deferred whose chain ends on a Failure is
// garbage-collected (B1); tasker calls a handler when the last handle to such
// a Deferred goes away. The core never prints: the CLI installs the handler.

#include "core/deferred/failure.hpp"

#include <functional>

namespace tasker {

enum class FailureEvent {
  unhandled,         ///< a Deferred was destroyed with a Failure at the end of its chain (B1)
  canceller_raised,  ///< DeferredList::cancel caught an exception from an input's canceller (D10)
  logged,            ///< log_error saw it on its way down a chain (B3)
};

using FailureHandler = std::function<void(FailureEvent, const Failure&)>;

/// Installs `handler` (an empty one ignores the events) and returns the previous one.
FailureHandler set_failure_handler(FailureHandler handler);

/// Tells the installed handler; never throws.
void log_failure(FailureEvent event, const Failure& failure) noexcept;

/// Twisted's logError (B3): an errback that reports `failure` and passes it on.
Failure log_error(Failure failure);

/// Installs a handler for a scope and restores the previous one after.
class ScopedFailureHandler {
 public:
  explicit ScopedFailureHandler(FailureHandler handler)
      : previous_(set_failure_handler(std::move(handler))) {}
  ~ScopedFailureHandler() { set_failure_handler(std::move(previous_)); }
  ScopedFailureHandler(const ScopedFailureHandler&) = delete;
  ScopedFailureHandler& operator=(const ScopedFailureHandler&) = delete;

 private:
  FailureHandler previous_;
};

}  // namespace tasker
