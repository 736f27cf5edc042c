#pragma once
// InputOrder: -k, --keep-order. Producers are numbered in input order from 0; a producer's output
// is printed as it comes only while every earlier producer is done (it is the head), so the
// output reads task by task in input order, whatever order the tasks end in.

#include <cstddef>
#include <set>

namespace tasker::cli {

class InputOrder {
 public:
  /// The producer that prints as it comes: every one before it is done.
  [[nodiscard]] std::size_t head() const { return head_; }
  /// True while producer `id` has to hold its output back.
  [[nodiscard]] bool holds(std::size_t id) const { return id > head_; }

  /// Producer `id` is done (or will never print). Returns the new head: the producers from the
  /// old head up to it are all done, and what they held is to be printed now, in order.
  std::size_t done(std::size_t id) {
    if (id != head_) {
      if (id > head_)
        done_.insert(id);
      return head_;
    }
    ++head_;
    while (!done_.empty() && *done_.begin() == head_) {
      done_.erase(done_.begin());
      ++head_;
    }
    return head_;
  }

 private:
  std::size_t head_ = 0;
  std::set<std::size_t> done_;  // done after the head: few, the tasks that ended early
};

}  // namespace tasker::cli
