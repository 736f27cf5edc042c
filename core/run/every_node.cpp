#include "core/run/every_node.hpp"

#include <utility>

namespace tasker {

EveryNode::EveryNode(std::string name, std::string path, spec::Every options, RunMaker make,
                     RunEnded run_ended)
    : Node(NodeKind::every, std::move(name), std::move(path)),
      options_(options),
      make_(std::move(make)),
      on_run_ended_(std::move(run_ended)) {}

EveryNode::~EveryNode() {
  if (deadline_)
    deadline_->cancel();
}

Deferred<StepValue> EveryNode::run(RunContext& context, const StepInput& input) {
  input_ = input;
  outcome_ = make_outcome();
  loop_.emplace(context.clock, [this](const Tick& tick) { return run_once(tick); });
  Deferred<Nothing> stopped = loop_->start(options_.interval, options_.now);
  if (options_.run_for && !stopped.called()) {
    deadline_ =
        context.clock.call_later(*options_.run_for, [this] { stop_with(EndReason::duration); });
  }
  stopped.add_callbacks(
      [this](Nothing) {
        loop_done_ = true;
        if (deadline_)
          deadline_->cancel();
        if (!outcome_.called())
          outcome_.callback(StepValue{name(), nullptr});
        end_if_done();
      },
      [this](const Failure& failure) {
        loop_done_ = true;
        if (deadline_)
          deadline_->cancel();
        if (end_reason_ == EndReason::none)
          end_reason_ = EndReason::failure;
        // F7: the run's failure is the loop's, handed on to whoever ran it.
        if (!outcome_.called())
          outcome_.errback(failure);
        end_if_done();
      });
  return outcome_;
}

void EveryNode::stop() {
  if (loop_done_)
    return;
  if (loop_->running())
    loop_->stop();
  end_reason_ = EndReason::interrupted;
  if (deadline_)
    deadline_->cancel();
  if (current_outcome_ && !current_outcome_->called()) {
    Deferred<StepValue> running = *current_outcome_;
    running.cancel();
  }
}

void EveryNode::stop_with(EndReason reason) {
  if (!loop_->running())
    return;
  end_reason_ = reason;
  loop_->stop();  // a run in flight finishes first (F8)
}

Deferred<Nothing> EveryNode::run_once(const Tick& tick) {
  current_ = make_(tick.n, path());
  current_->when_ended([this, tick] { run_ended(tick); });
  Deferred<StepValue> outcome = current_->start(context(), input_);
  current_outcome_ = outcome;
  if (options_.count && tick.n + 1 >= *options_.count)
    stop_with(EndReason::count);

  return outcome.then(
      [this](const StepValue&) {
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
          return Nothing{};  // until_success / keep_going: the loop goes on
        } else if (end_reason_ != EndReason::interrupted) {
          end_reason_ = EndReason::failure;
        }
        return failure;  // F7: the failure stops the loop
      });
}

void EveryNode::run_ended(const Tick& tick) {
  if (on_run_ended_)
    on_run_ended_(*current_, tick);
  current_outcome_.reset();
  // Days of `every` keep memory flat: the last runs only.
  kept_.push_back(KeptRun{std::move(current_), tick});
  if (kept_.size() > kKeptRuns) {
    // Released later: the node that ended may still be on the stack that told us.
    context().clock.call_later(Duration{0},
                               [done = std::shared_ptr<Node>(std::move(kept_.front().node))] {});
    kept_.pop_front();
    ++dropped_;
  }
  end_if_done();
}

void EveryNode::end_if_done() {
  if (loop_done_ && !current_)
    end();
}

}  // namespace tasker
