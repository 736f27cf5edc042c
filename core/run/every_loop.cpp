#include "core/run/every_loop.hpp"

#include <fmt/format.h>

#include <utility>

namespace tasker {

EveryLoop::EveryLoop(Clock& clock, Spawner& spawner, TaskListener& listener, std::string command,
                     EveryOptions options, RunEnded run_ended)
    : clock_(clock),
      spawner_(spawner),
      listener_(listener),
      command_(std::move(command)),
      options_(std::move(options)),
      run_ended_(std::move(run_ended)),
      loop_(clock, [this](const Tick& tick) { return run_once(tick); }) {}

EveryLoop::~EveryLoop() {
  if (deadline_)
    deadline_->cancel();
}

Deferred<Nothing> EveryLoop::start() {
  Deferred<Nothing> stopped = loop_.start(options_.interval, options_.now);
  if (options_.run_for && !stopped.called()) {
    deadline_ = clock_.call_later(*options_.run_for, [this] { stop_with(EndReason::duration); });
  }
  stopped.add_both([this](Outcome<Nothing> outcome) {
    finished_ = true;
    if (deadline_)
      deadline_->cancel();
    if (outcome.failed() && end_reason_ == EndReason::none)
      end_reason_ = EndReason::failure;
    return outcome;
  });
  return stopped;
}

void EveryLoop::interrupt() {
  if (finished_)
    return;
  if (loop_.running())
    loop_.stop();
  end_reason_ = EndReason::interrupted;
  if (deadline_)
    deadline_->cancel();
  if (current_outcome_ && !current_outcome_->called())
    current_outcome_->cancel();
}

void EveryLoop::stop_with(EndReason reason) {
  if (!loop_.running())
    return;
  end_reason_ = reason;
  loop_.stop();  // a run in flight finishes first (F8)
}

Deferred<Nothing> EveryLoop::run_once(const Tick& tick) {
  current_ = std::make_shared<Task>(tick.n, fmt::format("#{}", tick.n + 1), command_);
  current_tick_ = tick;
  Deferred<ProcessExit> outcome = current_->start(spawner_, clock_, options_.task, *this);
  current_outcome_ = outcome;
  if (options_.count && tick.n + 1 >= *options_.count)
    stop_with(EndReason::count);

  return outcome.then(
      [this](const ProcessExit&) {
        failures_in_a_row_ = 0;
        if (options_.until_success)
          stop_with(EndReason::until_success);
      },
      [this](Failure failure) -> Outcome<Nothing> {
        ++failures_in_a_row_;
        const bool consumed = (options_.until_success || options_.keep_going) &&
                              end_reason_ != EndReason::interrupted;
        if (consumed && options_.max_failures && failures_in_a_row_ >= *options_.max_failures) {
          end_reason_ = EndReason::max_failures;
        } else if (consumed) {
          return Nothing{};  // --until-success / --keep-going: the loop goes on
        } else if (end_reason_ != EndReason::interrupted) {
          end_reason_ = EndReason::failure;
        }
        return failure;  // F7: the failure stops the loop
      });
}

void EveryLoop::on_task_end(const Task& task) {
  listener_.on_task_end(task);
  run_ended_(task, current_tick_);
  // The task is still on the stack that called us: release it afterwards.
  clock_.call_later(Duration{0}, [done = std::move(current_)] {});
}

}  // namespace tasker
