#include "core/deferred/deferred.hpp"

#include <vector>

namespace tasker::detail {

void destroy_iteratively(std::shared_ptr<void> owned) noexcept {
  // Single-threaded core: one queue per thread, drained by the outermost call.
  thread_local std::vector<std::shared_ptr<void>> queue;
  thread_local bool draining = false;
  queue.push_back(std::move(owned));
  if (draining)
    return;
  draining = true;
  while (!queue.empty()) {
    std::shared_ptr<void> next = std::move(queue.back());
    queue.pop_back();
    next.reset();  // may queue more, which this loop then releases
  }
  draining = false;
}

}  // namespace tasker::detail
