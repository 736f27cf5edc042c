#include "core/task.hpp"

#include <utility>

#include "core/duration.hpp"

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
  }
  return "unknown";
}

TaskFailed::TaskFailed(ProcessExit exit) : Error(exit.describe()), exit_(std::move(exit)) {}

Task::Task(std::size_t index, std::string name, std::string command)
    : index_(index), name_(std::move(name)), command_(std::move(command)) {}

Task::~Task() {
  // Both timers call back into this object.
  if (timeout_call_) timeout_call_->cancel();
  if (retry_call_) retry_call_->cancel();
}

Deferred<ProcessExit> Task::start(Spawner& spawner, Clock& clock, const TaskOptions& options,
                                  TaskListener& listener) {
  spawner_ = &spawner;
  clock_ = &clock;
  listener_ = &listener;
  options_ = options;
  next_retry_delay_ = options.retry_delay;
  state_ = TaskState::running;
  started_at_ = clock.now();
  // The canceller does not fire the Deferred: cancel() then errbacks
  // CancelledError at once (C1) while the processes wind down.
  outcome_.emplace([this](Deferred<ProcessExit>&) { cancel_running(); });
  Deferred<ProcessExit> outcome = *outcome_;
  begin_attempt();
  return outcome;
}

void Task::mark_not_started() {
  if (state_ == TaskState::queued) state_ = TaskState::not_started;
}

std::optional<int> Task::status() const {
  if (state_ == TaskState::timed_out) return kTimeoutStatus;
  if (!exit_) return std::nullopt;
  return exit_->status();
}

void Task::begin_attempt() {
  ++attempts_;
  attempt_timed_out_ = false;
  process_running_ = true;
  listener_->on_task_start(*this);
  process_ = spawner_->spawn(command_, options_.process, *this);
  // on_exit() drives the task; the process Deferred only carries the cancel
  // to the process group, and its CancelledError is expected.
  process_->add_errback([](const Failure&) {});
  if (options_.timeout) {
    timeout_call_ = clock_->call_later(*options_.timeout, [this] {
      attempt_timed_out_ = true;
      if (process_running_) process_->cancel();
    });
  }
}

void Task::cancel_running() {
  cancel_requested_ = true;
  if (timeout_call_) timeout_call_->cancel();
  if (retry_call_ && retry_call_->active()) {
    retry_call_->cancel();
    finish(TaskState::cancelled);  // between attempts: no process to wait for
    return;
  }
  if (process_running_) process_->cancel();
}

void Task::finish(TaskState state) {
  state_ = state;
  ended_at_ = clock_->now();
  listener_->on_task_end(*this);
}

void Task::on_output(OutputStream stream, std::string_view bytes) {
  listener_->on_task_output(*this, stream, bytes);
}

void Task::on_exit(const ProcessExit& exit) {
  process_running_ = false;
  // Only needed to cancel a running process; thousands of finished tasks need not keep it.
  process_.reset();
  exit_ = exit;
  if (timeout_call_) timeout_call_->cancel();
  if (cancel_requested_) {
    finish(TaskState::cancelled);  // the outcome already errbacked when cancel() ran
    return;
  }
  if (exit.succeeded() && !attempt_timed_out_) {
    finish(TaskState::succeeded);
    outcome_->callback(exit);
    return;
  }
  if (attempts_ <= options_.retries) {
    const Duration delay = next_retry_delay_;
    // Doubling stops at the longest duration tasker takes; past it the
    // nanoseconds would overflow (UB) on a few retries of a long delay.
    next_retry_delay_ = next_retry_delay_ > kMaxDuration / 2 ? kMaxDuration : next_retry_delay_ * 2;
    listener_->on_task_retry(*this, delay);
    retry_call_ = clock_->call_later(delay, [this] { begin_attempt(); });
    return;
  }
  if (attempt_timed_out_) {
    finish(TaskState::timed_out);
    outcome_->errback(TaskTimedOut(*options_.timeout));
  } else {
    finish(TaskState::failed);
    outcome_->errback(TaskFailed(exit));
  }
}

}  // namespace tasker
