#pragma once
// Task: one shell command as tasker runs it (docs/behaviour.md "Tasks") — a process, a
// per-attempt timeout (status 124), retries with a doubling delay, and a
// cancel that stops the whole process group. Its outcome is a Deferred: a
// non-zero exit, a signal, a timeout or a failure to start is a Failure
// here (docs/rules.md I3), unlike at the Spawner below it (H2).

#include "core/deferred/clock.hpp"
#include "core/deferred/deferred.hpp"
#include "core/deferred/errors.hpp"
#include "core/process/process_exit.hpp"
#include "core/process/spawner.hpp"
#include "core/status_numbers.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tasker {

/// Where a task is in its life; the last six are final
/// (`state` in docs/behaviour.md "JSON report"). `skipped`: a resumed run found the task done
/// by an earlier run (--resume, --rerun-failed) and did not run it.
enum class TaskState {
  queued,
  running,
  succeeded,
  failed,
  timed_out,
  cancelled,
  not_started,
  skipped
};

/// The spelling of docs/behaviour.md "JSON report": "succeeded", "timed_out", ...
[[nodiscard]] std::string_view to_string(TaskState state);

struct TaskOptions {
  ProcessOptions process;
  /// Per attempt; nullopt runs without a limit.
  std::optional<Duration> timeout;
  /// How many times a failed attempt is run again before the failure counts.
  unsigned retries = 0;
  /// Wait before the first retry, doubled before each further one.
  Duration retry_delay{0};
};

/// A task's failure: it exited non-zero, was killed, or could not start.
class TaskFailed : public Error {
 public:
  explicit TaskFailed(ProcessExit exit);
  [[nodiscard]] const ProcessExit& process_exit() const { return exit_; }
  [[nodiscard]] int status() const { return exit_.status(); }

 private:
  ProcessExit exit_;
};

/// A task stopped because an attempt ran over its timeout (status 124).
class TaskTimedOut : public TimeoutError {
 public:
  using TimeoutError::TimeoutError;
  [[nodiscard]] static int status() { return status::kTimedOut; }
};

/// A start that failed because no process could be created
/// (ProcessExit::process_limit_reached) is tried again after this delay, or
/// sooner if the run sees another task end (Task::start_waiting_attempt).
inline constexpr Duration kProcessWaitDelay = std::chrono::milliseconds(100);

/// Waits in a row, with no process of the spawner running to free one, after
/// which the failed start counts as a failure like any other (status 127):
/// the processes that fill the limit are not tasker's, and may never end.
inline constexpr unsigned kMaxLoneProcessWaits = 50;

class Task;

/// Hears what tasks do, for printing and reports. Runs on the event loop.
class TaskListener {
 public:
  TaskListener() = default;
  TaskListener(const TaskListener&) = delete;
  TaskListener& operator=(const TaskListener&) = delete;
  virtual ~TaskListener() = default;

  /// An attempt started (attempts() tells which).
  virtual void on_task_start(const Task& task) { static_cast<void>(task); }
  /// Bytes an attempt wrote, in order per stream.
  virtual void on_task_output(const Task& task, OutputStream stream, std::string_view bytes) = 0;
  /// An attempt failed and another follows after `delay`.
  virtual void on_task_retry(const Task& task, Duration delay) {
    static_cast<void>(task);
    static_cast<void>(delay);
  }
  /// The running attempt's process stopped, by signal `signo`
  /// (ProcessObserver::on_stopped).
  virtual void on_task_stopped(const Task& task, int signo) {
    static_cast<void>(task);
    static_cast<void>(signo);
  }
  /// The attempt could not start because no process could be created
  /// (`failed_start` says why): it waits and starts again, not counted as a
  /// new attempt, when the run frees a process or after kProcessWaitDelay.
  virtual void on_task_waiting_for_process(const Task& task, const ProcessExit& failed_start) {
    static_cast<void>(task);
    static_cast<void>(failed_start);
  }
  /// The task reached a final state and its processes are gone.
  virtual void on_task_end(const Task& task) = 0;
};

class Task final : private ProcessObserver {
 public:
  Task(std::size_t index, std::string name, std::string command);
  ~Task() override;

  /// Runs the first attempt now and returns the task's outcome: callback
  /// with the ProcessExit of an attempt that exited 0, errback with
  /// TaskFailed or TaskTimedOut once the last attempt failed. Cancelling it
  /// stops the running attempt (SIGTERM to its group, SIGKILL after the
  /// grace) or the pending retry, and errbacks CancelledError at once; the
  /// task ends (on_task_end) when its processes are gone.
  ///
  /// Preconditions: called once; `spawner`, `clock`, `options` and
  /// `listener` outlive the task's processes and retries (the options are
  /// shared, not copied: 10 000 tasks share one); the Task is not moved (it
  /// observes its process).
  [[nodiscard]] Deferred<ProcessExit> start(Spawner& spawner, Clock& clock,
                                            const TaskOptions& options, TaskListener& listener);

  /// A task that was never started (cancelled while queued) ends as not_started.
  void mark_not_started();

  /// A task an earlier run did (--resume): it is not started, and ends as skipped.
  void mark_skipped();

  /// True while the running attempt waits for a process to start in
  /// (TaskListener::on_task_waiting_for_process).
  [[nodiscard]] bool waiting_for_process() const;

  /// Starts the waiting attempt now: another process ended. Does nothing
  /// unless waiting_for_process().
  void start_waiting_attempt();

  [[nodiscard]] std::size_t index() const { return index_; }
  /// The task's number in its run's input, from 1 (a job log's Seq, a template's `{#}`).
  [[nodiscard]] std::size_t seq() const { return index_ + 1; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& command() const { return command_; }
  [[nodiscard]] TaskState state() const { return state_; }
  /// How the last attempt's process ended, once it has.
  [[nodiscard]] const std::optional<ProcessExit>& last_exit() const { return exit_; }
  /// The status number of a finished task; nullopt before or if never started.
  [[nodiscard]] std::optional<int> status() const;
  [[nodiscard]] unsigned attempts() const { return attempts_; }
  /// Clock times of the first start and of the end.
  [[nodiscard]] const std::optional<Duration>& started_at() const { return started_at_; }
  [[nodiscard]] const std::optional<Duration>& ended_at() const { return ended_at_; }
  /// True once cancel() reached this task while it ran or waited to retry.
  [[nodiscard]] bool cancel_requested() const { return cancel_requested_; }

 private:
  void begin_attempt();
  void spawn_attempt();
  [[nodiscard]] bool wait_for_process(const ProcessExit& failed_start);
  void cancel_running();
  Deferred<ProcessExit> finish(TaskState state);
  void give_up();

  // ProcessObserver
  [[nodiscard]] std::string label() const override { return name_; }
  void on_output(OutputStream stream, std::string_view bytes) override;
  void on_stopped(int signo) override;
  void on_exit(const ProcessExit& exit) override;

  std::size_t index_;
  std::string name_;
  std::string command_;
  TaskState state_ = TaskState::queued;
  unsigned attempts_ = 0;
  bool cancel_requested_ = false;
  std::optional<ProcessExit> exit_;
  std::optional<Duration> started_at_;
  std::optional<Duration> ended_at_;

  // What only a started task that has not ended needs: made by start(),
  // dropped when it ends, so queued and ended tasks (thousands of them) go
  // without it: memory stays flat in the number of tasks.
  struct Running;
  std::unique_ptr<Running> running_;
};

}  // namespace tasker
