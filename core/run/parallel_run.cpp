#include "core/run/parallel_run.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace tasker {
namespace {

bool is_final(TaskState state) {
  return state != TaskState::queued && state != TaskState::running;
}

bool is_failure(TaskState state) {
  return state == TaskState::failed || state == TaskState::timed_out;
}

CommandKind command_of(ParallelKind kind) {
  switch (kind) {
    case ParallelKind::gather:
      return CommandKind::gather;
    case ParallelKind::list:
      return CommandKind::list;
    case ParallelKind::any:
      break;
  }
  return CommandKind::any;
}

}  // namespace

ParallelRun::ParallelRun(Clock& clock, Spawner& spawner, RunListener& listener, TaskSource& source,
                         ParallelOptions options)
    : clock_(clock),
      spawner_(spawner),
      listener_(listener),
      source_(source),
      options_(std::move(options)),
      // The run needs no task's outcome once it is settled: memory stays flat in their number.
      list_(list_options(options_), {.keep_outcomes = false}),
      jobs_(options_.jobs),
      verdict_(options_.kind) {
  result_.command = command_of(options_.kind);
}

ParallelRun::~ParallelRun() {
  source_.stop();
}

Deferred<RunResult> ParallelRun::start() {
  list_.deferred().add_callbacks(
      [this](const DeferredListResult<ProcessExit>& result) { on_list_callback(result); },
      [this](const Failure& failure) { on_list_errback(failure); });
  fill();
  finish_if_done();
  return done_;
}

void ParallelRun::interrupt(int signo) {
  if (!result_.interrupted_by)
    result_.interrupted_by = signo;
  cancel_remaining();
  finish_if_done();
}

// Reads tasks while a slot is free. A source may answer at once, and that
// answer starts a task and reads on: the loop below does that, so a
// thousand tasks read at once are a loop, not a thousand nested calls.
void ParallelRun::fill() {
  if (filling_) {
    refill_ = true;
    return;
  }
  filling_ = true;
  do {
    refill_ = false;
    while (!stopped_ && !source_done_ && !reading_ && (jobs_ == 0 || running_.size() < jobs_)) {
      reading_ = true;
      asked_slot_ = take_slot();
      source_.next_slot(asked_slot_);
      source_.next([this](std::optional<TaskSpec> spec) { on_read(std::move(spec)); });
    }
  } while (refill_);
  filling_ = false;
}

// The lowest slot no running task holds.
std::size_t ParallelRun::take_slot() {
  if (free_slots_.empty())
    return ++slots_;
  const std::size_t slot = *free_slots_.begin();
  free_slots_.erase(free_slots_.begin());
  return slot;
}

void ParallelRun::on_read(std::optional<TaskSpec> spec) {
  reading_ = false;
  if ((!spec || stopped_) && asked_slot_ != 0)
    free_slots_.insert(std::exchange(asked_slot_, 0));
  if (stopped_)
    return;
  if (!spec) {
    source_done_ = true;
    list_.close();
    finish_if_done();
    return;
  }
  // The tasks' numbers are their places in the input, skipped ones counted.
  if (options_.skip && options_.skip(read_ + 1))
    skip(std::move(*spec));
  else
    launch(std::move(*spec));
  fill();
}

// A task's index is its place in the input (seq - 1), skipped tasks counted: the reports list
// every task at its place, whatever an earlier run did.
void ParallelRun::launch(TaskSpec spec) {
  const std::size_t index = read_++;
  auto task = std::make_shared<Task>(index, std::move(spec.name), std::move(spec.command));
  Running& running = running_[index];
  running.task = task;
  running.list_position = listed_++;
  running.slot = std::exchange(asked_slot_, 0);
  running.outcome = task->start(spawner_, clock_, options_.task, *this);
  // The list's level first (D1), then the run's own, which sees what the
  // list left on the task's chain: a failure still there is unhandled (D7).
  list_.add(running.outcome);
  running.outcome.add_both([this, index](Outcome<ProcessExit> outcome) {
    settle(index, outcome.failed());
    return outcome;
  });
}

// Done by an earlier run: reported, never part of this run's list. The slot taken for it is
// free again for the next task.
void ParallelRun::skip(TaskSpec spec) {
  if (asked_slot_ != 0)
    free_slots_.insert(std::exchange(asked_slot_, 0));
  Task task(read_++, std::move(spec.name), std::move(spec.command));
  task.mark_skipped();
  listener_.on_task_settled(task, false);
}

// The task at `list_position` of the list, which fired it: it is still running_ (the list hears
// of an outcome before the run settles it).
std::size_t ParallelRun::index_at(std::size_t list_position) const {
  for (const auto& [index, running] : running_) {
    if (running.list_position == list_position)
      return index;
  }
  return list_position;
}

// Out of processes (`ulimit -u`): what runs now is what fits, so -j comes down to the processes
// running, as it does to the open-file limit. The task waits for one of the others to end
// (start_one_waiting).
void ParallelRun::on_task_waiting_for_process(const Task& task, const ProcessExit& failed_start) {
  listener_.on_task_waiting_for_process(task, failed_start);
  waiting_.push_back(task.index());
  const std::size_t fit = std::max<std::size_t>(1, spawner_.live());
  if (jobs_ == 0 || fit < jobs_) {
    jobs_ = fit;
    listener_.on_jobs_lowered(jobs_);
  }
}

// A task ended, and its processes with it: the oldest task waiting for one starts now.
void ParallelRun::start_one_waiting() {
  while (!waiting_.empty()) {
    const std::size_t index = waiting_.front();
    waiting_.pop_front();
    const auto found = running_.find(index);
    if (found != running_.end() && found->second.task->waiting_for_process()) {
      found->second.task->start_waiting_attempt();
      return;
    }
  }
}

void ParallelRun::on_list_callback(const DeferredListResult<ProcessExit>& result) {
  verdict_.list_called_back(result.first_success
                                ? std::optional<std::size_t>(index_at(result.first_success->second))
                                : std::nullopt);
  if (options_.on_fire == OnFire::cancel)
    cancel_remaining();
}

void ParallelRun::on_list_errback(const Failure& failure) {
  if (const auto first = failure.get<FirstError>()) {
    // The task that failed has ended (its end comes before its outcome).
    const std::size_t index = index_at(first->index());
    const auto found = running_.find(index);
    verdict_.list_errbacked(index,
                            found != running_.end() ? found->second.task->status() : std::nullopt);
  }
  if (options_.on_fire == OnFire::cancel)
    cancel_remaining();
}

void ParallelRun::stop_reading() {
  if (stopped_)
    return;
  stopped_ = true;
  source_.stop();
  reading_ = false;
}

// tasker's own cancel (--on-fire cancel, interrupt): no task is read any
// more, and each one still running is cancelled, in input order. These are
// tasker's doing, never a task's unhandled failure (docs/behaviour.md "Unhandled failures").
void ParallelRun::cancel_remaining() {
  stop_reading();
  std::vector<Deferred<ProcessExit>> to_cancel;  // cancelling settles tasks under us
  for (auto& [index, running] : running_) {
    if (running.outcome.called())
      continue;
    running.cancelled_by_tasker = true;
    to_cancel.push_back(running.outcome);
  }
  for (Deferred<ProcessExit>& outcome : to_cancel) outcome.cancel();
}

void ParallelRun::settle(std::size_t index, bool failed) {
  auto found = running_.find(index);
  if (found == running_.end())
    return;
  found->second.settled = true;
  found->second.unhandled = failed && !found->second.cancelled_by_tasker;
  release_if_done(index);
}

void ParallelRun::on_task_end(const Task& task) {
  listener_.on_task_end(task);
  release_if_done(task.index());
}

// A task is done with once it has ended and its outcome went past the list:
// in that order normally, the other way round when it was cancelled (its
// outcome errbacks at once, its processes take their grace to go).
void ParallelRun::release_if_done(std::size_t index) {
  auto found = running_.find(index);
  if (found == running_.end())
    return;
  Running& running = found->second;
  if (!running.settled || !is_final(running.task->state()))
    return;
  const Task& task = *running.task;
  verdict_.member_settled(index, is_failure(task.state()), task.status(), running.unhandled);
  listener_.on_task_settled(task, running.unhandled);
  // The task may still be on the stack that called us: free it afterwards.
  clock_.call_later(Duration{0}, [done = std::move(running.task)] {});
  free_slots_.insert(running.slot);
  running_.erase(found);
  start_one_waiting();
  fill();
  finish_if_done();
}

void ParallelRun::finish_if_done() {
  if (done_.called() || !running_.empty() || reading_ || !(source_done_ || stopped_))
    return;
  // Tasks known but never read: the run ended before their turn.
  source_.unread([this](TaskSpec spec) {
    Task task(read_++, std::move(spec.name), std::move(spec.command));
    if (options_.skip && options_.skip(task.seq()))
      task.mark_skipped();
    else
      task.mark_not_started();
    listener_.on_task_settled(task, false);
  });
  // A run that stopped reading combines the tasks it read.
  if (!source_done_)
    list_.close();
  verdict_.fill(result_);
  result_.tasks = read_;
  done_.callback(result_);
}

}  // namespace tasker
