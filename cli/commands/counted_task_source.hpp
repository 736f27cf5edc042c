#pragma once
// CountedTaskSource: a TaskSource passed through, counting the tasks it hands out, that says
// how many there were once its source has none left: the progress line's queued count is `?`
// until then (cli/output/progress_display.hpp).

#include "core/run/task_source.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace tasker::cli {

class CountedTaskSource final : public TaskSource {
 public:
  /// `exhausted(count)` is called once, when `source` has no task left. `source` must outlive
  /// this one.
  CountedTaskSource(TaskSource& source, std::function<void(std::size_t)> exhausted)
      : source_(source), exhausted_(std::move(exhausted)) {}

  void next(Ready ready) override {
    source_.next([this, ready = std::move(ready)](std::optional<TaskSpec> spec) {
      if (spec) {
        ++count_;
      } else if (exhausted_) {
        const auto exhausted = std::exchange(exhausted_, nullptr);
        exhausted(count_);
      }
      ready(std::move(spec));
    });
  }

  void next_slot(std::size_t slot) override { source_.next_slot(slot); }

  void stop() override { source_.stop(); }

  void unread(const Each& each) override { source_.unread(each); }

 private:
  TaskSource& source_;
  std::function<void(std::size_t)> exhausted_;
  std::size_t count_ = 0;
};

}  // namespace tasker::cli
