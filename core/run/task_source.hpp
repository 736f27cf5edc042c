#pragma once
// TaskSource: where a parallel run's tasks come from. The run asks for the
// next one only when a slot is free, so a source that reads a file or a pipe
// never holds more than the task asked for, and a slow producer's first task
// starts at once (docs/behaviour.md "--from files").

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tasker {

/// One task to run: its name and its shell command. Its number in the input is its place among
/// the tasks the source gives (Task::seq()).
struct TaskSpec {
  std::string name;
  std::string command;
};

class TaskSource {
 public:
  using Ready = std::function<void(std::optional<TaskSpec>)>;
  using Each = std::function<void(TaskSpec)>;

  TaskSource() = default;
  TaskSource(const TaskSource&) = delete;
  TaskSource& operator=(const TaskSource&) = delete;
  virtual ~TaskSource() = default;

  /// Asks for the next task: `ready` is called once, now or later from the
  /// event loop, with the task, or with nullopt when there is no task left.
  /// Preconditions: no other request is pending.
  virtual void next(Ready ready) = 0;

  /// The task the coming next() gives will run in `slot`: 1..jobs, the lowest slot no running
  /// task holds (a template's `{%}`). Called before each next().
  virtual void next_slot(std::size_t slot) { static_cast<void>(slot); }

  /// No more requests will come: a pending one is dropped (its `ready` is
  /// never called) and the source may stop reading.
  virtual void stop() {}

  /// Calls `each` with every task not asked for yet, in order, when they are known without
  /// waiting (the command line's, a regular file's): a run that ends early reports them as not
  /// started. One at a time, so 100 000 of them are never held at once. A source that would
  /// have to wait for them gives none.
  virtual void unread(const Each& each) { static_cast<void>(each); }
};

/// Tasks known up front, handed out in order.
class ListTaskSource final : public TaskSource {
 public:
  explicit ListTaskSource(std::vector<TaskSpec> tasks) : tasks_(std::move(tasks)) {}

  void next(Ready ready) override {
    if (next_ == tasks_.size()) {
      ready(std::nullopt);
      return;
    }
    // Moved out: the run keeps its own copy in the task, not a second one here.
    ready(std::move(tasks_[next_++]));
  }

  void unread(const Each& each) override {
    while (next_ < tasks_.size()) each(std::move(tasks_[next_++]));
  }

 private:
  std::vector<TaskSpec> tasks_;
  std::size_t next_ = 0;
};

}  // namespace tasker
