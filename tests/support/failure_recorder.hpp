#pragma once
// Records what the core reports through the failure log while in scope, so a
// test can assert which failures were left unhandled (docs/rules.md B, D7).

#include "core/deferred/failure_log.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace tasker {

class FailureRecorder {
 public:
  FailureRecorder()
      : scope_([this](FailureEvent event, const Failure& failure) {
          events_.push_back({event, failure});
        }) {}

  [[nodiscard]] std::vector<Failure> of(FailureEvent kind) const {
    std::vector<Failure> found;
    for (const auto& [event, failure] : events_) {
      if (event == kind)
        found.push_back(failure);
    }
    return found;
  }
  [[nodiscard]] std::size_t unhandled_count() const { return of(FailureEvent::unhandled).size(); }
  [[nodiscard]] std::size_t logged_count() const { return of(FailureEvent::logged).size(); }
  [[nodiscard]] std::vector<std::string> unhandled_messages() const {
    std::vector<std::string> messages;
    for (const Failure& f : of(FailureEvent::unhandled)) messages.push_back(f.what());
    return messages;
  }

 private:
  struct Event {
    FailureEvent event;
    Failure failure;
  };
  std::vector<Event> events_;
  ScopedFailureHandler scope_;  // last: uninstalled before events_ goes
};

}  // namespace tasker
