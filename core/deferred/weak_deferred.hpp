#pragma once
// WeakDeferred<T>: a handle to a Deferred that does not keep it alive, as
// std::weak_ptr is to std::shared_ptr. Helpers that fire a Deferred from a
// callback of another one (DeferredSemaphore::run) hold it weakly, so the two
// chains never own each other in a cycle that outlives both.

#include "core/deferred/deferred.hpp"

#include <memory>
#include <optional>
#include <utility>

namespace tasker::detail {

template <class T>
class WeakDeferred {
 public:
  explicit WeakDeferred(const Deferred<T>& deferred) : state_(DeferredAccess::state(deferred)) {}

  /// The Deferred, if some handle to it is still alive.
  [[nodiscard]] std::optional<Deferred<T>> lock() const {
    if (auto state = state_.lock()) {
      return DeferredAccess::wrap<T>(std::move(state));
    }
    return std::nullopt;
  }

 private:
  std::weak_ptr<DeferredState<T>> state_;
};

}  // namespace tasker::detail
