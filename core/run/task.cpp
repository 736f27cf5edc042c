#include "core/run/task.hpp"

#include "core/input/duration.hpp"

#include <utility>

namespace tasker {

std::string_view to_string(TaskState state) {
  switch (state) {
    case TaskState::queued:
      return "queued";
    case TaskState::running:
      return "running";
    case TaskState::succeeded:
      return "succeeded";
    case TaskState::failed:
      return "failed";
    case TaskState::timed_out:
      return "timed_out";
    case TaskState::cancelled:
      return "cancelled";
    case TaskState::not_started:
      return "not_started";
    case TaskState::skipped:
      return "skipped";
  }
  return "unknown";
}

TaskFailed::TaskFailed(ProcessExit exit) : Error(exit.describe()), exit_(std::move(exit)) {}

struct Task::Running {
  Running(Spawner& spawner_in, Clock& clock_in, const TaskOptions& options_in,
          TaskListener& listener_in)
      : spawner(spawner_in),
        clock(clock_in),
        options(options_in),
        listener(listener_in),
        next_retry_delay(options_in.retry_delay) {}
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;
  ~Running() {
    // The timers call back into the task.
    for (const auto& call : {timeout_call, retry_call, process_wait_call}) {
      if (call)
        call->cancel();
    }
  }

  Spawner& spawner;
  Clock& clock;
  const TaskOptions& options;  // shared by every task of a run, not copied
  TaskListener& listener;
  Duration next_retry_delay;
  std::optional<Deferred<ProcessExit>> outcome;
  std::optional<Deferred<ProcessExit>> process;
  std::shared_ptr<DelayedCall> timeout_call;
  std::shared_ptr<DelayedCall> retry_call;
  std::shared_ptr<DelayedCall> process_wait_call;  // out of processes: start again
  unsigned lone_process_waits = 0;                 // in a row, no other process running
  bool attempt_timed_out = false;
  bool process_running = false;
};

Task::Task(std::size_t index, std::string name, std::string command)
    : index_(index), name_(std::move(name)), command_(std::move(command)) {}

Task::~Task() = default;

Deferred<ProcessExit> Task::start(Spawner& spawner, Clock& clock, const TaskOptions& options,
                                  TaskListener& listener) {
  running_ = std::make_unique<Running>(spawner, clock, options, listener);
  state_ = TaskState::running;
  started_at_ = clock.now();
  // The canceller does not fire the Deferred: cancel() then errbacks
  // CancelledError at once (C1) while the processes wind down.
  running_->outcome.emplace([this](Deferred<ProcessExit>&) { cancel_running(); });
  Deferred<ProcessExit> outcome = *running_->outcome;
  begin_attempt();
  return outcome;
}

void Task::mark_not_started() {
  if (state_ == TaskState::queued)
    state_ = TaskState::not_started;
}

void Task::mark_skipped() {
  if (state_ == TaskState::queued)
    state_ = TaskState::skipped;
}

std::optional<int> Task::status() const {
  if (state_ == TaskState::timed_out)
    return status::kTimedOut;
  if (!exit_)
    return std::nullopt;
  return exit_->status();
}

bool Task::waiting_for_process() const {
  return running_ && running_->process_wait_call && running_->process_wait_call->active();
}

void Task::start_waiting_attempt() {
  if (!waiting_for_process())
    return;
  running_->process_wait_call->cancel();
  spawn_attempt();
}

void Task::begin_attempt() {
  ++attempts_;
  running_->listener.on_task_start(*this);
  spawn_attempt();
}

// Starts the attempt's process; again, without a new attempt, after waiting for a process.
void Task::spawn_attempt() {
  Running& r = *running_;
  r.attempt_timed_out = false;
  r.process_running = true;
  r.process = r.spawner.spawn(command_, r.options.process, *this);
  // on_exit() drives the task; the process Deferred only carries the cancel
  // to the process group, and its CancelledError is expected.
  r.process->add_errback([](const Failure&) {});
  if (r.options.timeout) {
    r.timeout_call = r.clock.call_later(*r.options.timeout, [this] {
      running_->attempt_timed_out = true;
      if (running_->process_running)
        running_->process->cancel();
    });
  }
}

void Task::cancel_running() {
  Running& r = *running_;
  cancel_requested_ = true;
  if (r.timeout_call)
    r.timeout_call->cancel();
  for (const auto& call : {r.retry_call, r.process_wait_call}) {
    if (call && call->active()) {
      call->cancel();
      static_cast<void>(finish(TaskState::cancelled));  // no process to wait for
      return;
    }
  }
  if (r.process_running)
    r.process->cancel();
}

// Out of processes: the attempt starts again later, unless nothing of this run's is running
// to free one and it has waited long enough. Returns false when it gives up.
bool Task::wait_for_process(const ProcessExit& failed_start) {
  Running& r = *running_;
  r.lone_process_waits = r.spawner.live() == 0 ? r.lone_process_waits + 1 : 0;
  if (r.lone_process_waits > kMaxLoneProcessWaits)
    return false;
  r.process_wait_call = r.clock.call_later(kProcessWaitDelay, [this] { spawn_attempt(); });
  r.listener.on_task_waiting_for_process(*this, failed_start);
  return true;
}

// The task ends: the listener hears of it, and the running state goes.
// Returns the outcome for the caller to fire, from a local: its callbacks
// may destroy this task. Whoever holds a copy of the outcome still has it.
Deferred<ProcessExit> Task::finish(TaskState state) {
  const std::unique_ptr<Running> running = std::move(running_);
  state_ = state;
  ended_at_ = running->clock.now();
  running->listener.on_task_end(*this);
  return std::move(*running->outcome);
}

void Task::on_output(OutputStream stream, std::string_view bytes) {
  running_->listener.on_task_output(*this, stream, bytes);
}

void Task::on_stopped(int signo) {
  running_->listener.on_task_stopped(*this, signo);
}

void Task::on_exit(const ProcessExit& exit) {
  Running& r = *running_;
  r.process_running = false;
  // Only needed to cancel a running process.
  r.process.reset();
  if (r.timeout_call)
    r.timeout_call->cancel();
  if (exit.process_limit_reached && !cancel_requested_ && !r.attempt_timed_out &&
      wait_for_process(exit)) {
    return;
  }
  r.lone_process_waits = 0;
  exit_ = exit;
  if (cancel_requested_) {
    // The outcome already errbacked when cancel() ran.
    static_cast<void>(finish(TaskState::cancelled));
    return;
  }
  if (exit.succeeded() && !r.attempt_timed_out) {
    finish(TaskState::succeeded).callback(exit);
    return;
  }
  // After a kill of everything (a second Ctrl-C) the run ends at once: no new attempt.
  if (attempts_ <= r.options.retries && !r.spawner.killed_all()) {
    const Duration delay = r.next_retry_delay;
    // Doubling stops at the longest duration tasker takes; past it the
    // nanoseconds would overflow (UB) on a few retries of a long delay.
    r.next_retry_delay = delay > kMaxDuration / 2 ? kMaxDuration : delay * 2;
    r.listener.on_task_retry(*this, delay);
    r.retry_call = r.clock.call_later(delay, [this] {
      if (running_->spawner.killed_all())
        give_up();  // everything was killed while this task waited for its retry
      else
        begin_attempt();
    });
    return;
  }
  give_up();
}

// The last attempt's failure is the task's.
void Task::give_up() {
  if (running_->attempt_timed_out) {
    const Duration timeout = *running_->options.timeout;
    finish(TaskState::timed_out).errback(TaskTimedOut(timeout));
  } else {
    finish(TaskState::failed).errback(TaskFailed(*exit_));
  }
}

}  // namespace tasker
