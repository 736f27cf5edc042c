#pragma once
// ParallelRun: `tasker gather`, `list` and `any` (docs/behaviour.md "Commands") over Clock& and
// Spawner&. The tasks' Deferreds go into one DeferredList with the flags of
// the command (docs/rules.md D, E); at most `jobs` tasks run at once, the next
// one read from the TaskSource as one ends; when the list fires before every
// task has ended, tasker cancels the rest or waits for them (--on-fire,
// docs/rules.md I1). It decides everything the exit status needs (RunResult).

#include "core/deferred/clock.hpp"
#include "core/deferred/deferred.hpp"
#include "core/deferred/deferred_list.hpp"
#include "core/input/group_kind.hpp"
#include "core/process/spawner.hpp"
#include "core/run/group_verdict.hpp"
#include "core/run/node.hpp"
#include "core/run/run_result.hpp"
#include "core/run/task.hpp"
#include "core/run/task_source.hpp"

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace tasker {

/// A command's group knobs, and what each of its tasks runs with.
struct ParallelOptions : GroupOptions {
  TaskOptions task;
  /// Tasks an earlier run did (--resume, --rerun-failed), by seq: each is settled as skipped
  /// when read, and is not part of this run's DeferredList. None when empty.
  std::function<bool(std::size_t seq)> skip;
};

/// Hears what a parallel run's tasks do, and how each one counted. It hears
/// nodes too, so one listener serves every kind of run.
class RunListener : public NodeListener {
 public:
  /// A task is done with: it ended (on_task_end came first) and its outcome
  /// reached the run, `unhandled` telling whether its failure is left
  /// unhandled (docs/behaviour.md "Unhandled failures"). Also called, with `unhandled` false, for
  /// each task the run knew of but never started (not_started) and each it skipped (skipped).
  /// The Task is released soon after: keep what is needed from it now.
  virtual void on_task_settled(const Task& task, bool unhandled) = 0;

  /// No process could be created for a task (the process limit): from now
  /// on at most `jobs` tasks run at once, what was running then. Called
  /// each time the limit comes lower.
  virtual void on_jobs_lowered(std::size_t jobs) { static_cast<void>(jobs); }
};

class ParallelRun final : private TaskListener {
 public:
  /// Preconditions: everything referenced outlives the run; the run is
  /// destroyed only after start()'s Deferred fired, or after the spawner
  /// (whose processes report to the run's tasks) is gone.
  ParallelRun(Clock& clock, Spawner& spawner, RunListener& listener, TaskSource& source,
              ParallelOptions options);
  ~ParallelRun() override;
  ParallelRun(const ParallelRun&) = delete;
  ParallelRun& operator=(const ParallelRun&) = delete;

  /// Starts reading and running tasks. The Deferred calls back with the
  /// RunResult once no task is left to read and every task started has
  /// ended, its processes gone; it never errbacks.
  /// Preconditions: called once.
  [[nodiscard]] Deferred<RunResult> start();

  /// Ctrl-C, SIGTERM, or a closed stdout: reads no further task and cancels
  /// every one still running; the result says the run was interrupted by
  /// `signo`. A second call only counts the first signal.
  void interrupt(int signo);

  /// Tasks started and not released yet.
  [[nodiscard]] std::size_t running() const { return running_.size(); }

  /// At most this many tasks at once: ParallelOptions::jobs, or lower once
  /// processes ran out (0 = no limit).
  [[nodiscard]] std::size_t jobs() const { return jobs_; }

 private:
  struct Running {
    std::shared_ptr<Task> task;
    std::size_t list_position = 0;  // in list_: the task's index is its place in the input
    Deferred<ProcessExit> outcome;
    bool cancelled_by_tasker = false;
    bool settled = false;
    bool unhandled = false;
    std::size_t slot = 0;
  };

  void fill();
  void on_read(std::optional<TaskSpec> spec);
  void launch(TaskSpec spec);
  void skip(TaskSpec spec);
  [[nodiscard]] std::size_t index_at(std::size_t list_position) const;
  std::size_t take_slot();
  void on_list_callback(const DeferredListResult<ProcessExit>& result);
  void on_list_errback(const Failure& failure);
  void cancel_remaining();
  void stop_reading();
  void settle(std::size_t index, bool failed);
  void release_if_done(std::size_t index);
  void finish_if_done();

  // TaskListener: passes everything on; a task's end may release it.
  void on_task_start(const Task& task) override { listener_.on_task_start(task); }
  void on_task_output(const Task& task, OutputStream stream, std::string_view bytes) override {
    listener_.on_task_output(task, stream, bytes);
  }
  void on_task_retry(const Task& task, Duration delay) override {
    listener_.on_task_retry(task, delay);
  }
  void on_task_stopped(const Task& task, int signo) override {
    listener_.on_task_stopped(task, signo);
  }
  void on_task_end(const Task& task) override;
  void on_task_waiting_for_process(const Task& task, const ProcessExit& failed_start) override;
  void start_one_waiting();

  Clock& clock_;
  Spawner& spawner_;
  RunListener& listener_;
  TaskSource& source_;
  ParallelOptions options_;
  DeferredList<ProcessExit> list_;
  std::size_t jobs_;
  std::deque<std::size_t> waiting_;         // tasks waiting for a process, by index, oldest first
  std::map<std::size_t, Running> running_;  // by index: cancelled in input order
  std::size_t read_ = 0;                    // tasks read, skipped ones too
  std::size_t listed_ = 0;                  // tasks added to list_
  // Slots (1..) of the tasks running: a new task takes the lowest free one.
  std::set<std::size_t> free_slots_;
  std::size_t slots_ = 0;       // slots handed out so far, free or not
  std::size_t asked_slot_ = 0;  // the slot of the task being read
  bool reading_ = false;
  bool source_done_ = false;
  bool stopped_ = false;
  bool filling_ = false;
  bool refill_ = false;
  GroupVerdict verdict_;
  RunResult result_;
  Deferred<RunResult> done_;
};

}  // namespace tasker
