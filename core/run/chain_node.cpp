#include "core/run/chain_node.hpp"

#include <fmt/format.h>

#include <signal.h>

#include <utility>

namespace tasker {

std::string_view to_string(LevelKind kind) {
  switch (kind) {
    case LevelKind::then:
      return "then";
    case LevelKind::catch_:
      return "catch";
    case LevelKind::both:
      return "both";
    case LevelKind::finally:
      return "finally";
    case LevelKind::callbacks:
      return "callbacks";
  }
  return "unknown";
}

std::string level_step_name(LevelKind kind, std::size_t index) {
  return fmt::format("{}#{}", to_string(kind), index + 1);
}

namespace {

// A level that does not run hands the current result on as it is.
Deferred<StepValue> passed_on(Outcome<StepValue> current) {
  if (current.succeeded())
    return succeed(std::move(current).value());
  return fail<StepValue>(current.failure());
}

}  // namespace

ChainNode::ChainNode(std::string name, std::string path, NodeMaker needs, NodeMaker body,
                     std::vector<LevelSpec> levels)
    : Node(NodeKind::chain, std::move(name), std::move(path)),
      make_needs_(std::move(needs)),
      make_body_(std::move(body)),
      specs_(std::move(levels)) {
  records_.reserve(specs_.size());
  for (const LevelSpec& spec : specs_) {
    LevelRecord record;
    record.kind = spec.kind;
    record.trap = spec.trap;
    records_.push_back(std::move(record));
  }
}

ChainNode::~ChainNode() = default;

bool ChainNode::stopping() const {
  return stopped_ || context().interrupted_by.has_value();
}

Deferred<StepValue> ChainNode::run(RunContext& /*context*/, const StepInput& input) {
  outcome_ = make_outcome();
  if (make_needs_) {
    // The needs gather first; the body runs only if they all succeeded, and a
    // failed need is the current result the levels see (docs/behaviour.md "One run of a task").
    needs_ = make_needs_(0, path());
    ++children_started_;
    needs_->when_ended([this] { child_ended(); });
    chain_ = watch(needs_, needs_->start(context(), StepInput{}), false);
    if (make_body_) {
      chain_.add_callback([this, input](const StepValue&) { return start_body(input); });
    }
  } else if (make_body_) {
    chain_ = start_body(input);
  } else {
    chain_ = succeed(StepValue{name(), nullptr});
  }
  for (std::size_t i = 0; i < specs_.size(); ++i) add_level(i);
  chain_.add_both([this](Outcome<StepValue> result) -> StepValue {
    chain_done_ = true;
    if (result.failed())
      failed_from_ = facts_of(result.failure()).produced.from;
    // Handed on to whoever ran the chain: it is theirs now, not left here (A9).
    if (!outcome_.called())
      outcome_.resolve(std::move(result));
    end_if_done();
    return StepValue{};
  });
  return outcome_;
}

Deferred<StepValue> ChainNode::start_body(const StepInput& input) {
  body_ = make_body_(0, path());
  ++children_started_;
  body_->when_ended([this] { child_ended(); });
  return watch(body_, body_->start(context(), input), false);
}

// Keeps the step the chain waits on, so stop() can cancel it, and turns its
// cancel into what the next levels receive: `interrupted`, with the status of
// the signal (SIGTERM when tasker cancelled the chain on its own).
Deferred<StepValue> ChainNode::watch(std::unique_ptr<Node>& slot, Deferred<StepValue> outcome,
                                     bool cleanup) {
  running_ = outcome;
  running_cleanup_ = cleanup;
  if (stopping() && !cleanup)
    outcome.cancel();
  const std::string from = slot->name();
  outcome.add_both([this, from](Outcome<StepValue> result) -> Outcome<StepValue> {
    running_.reset();
    if (result.failed() && result.failure().check<CancelledError>()) {
      const int signo = context().interrupted_by.value_or(SIGTERM);
      return Failure::of(StepFailed(128 + signo, "interrupted", StepValue{from, nullptr}));
    }
    return result;
  });
  return outcome;
}

Deferred<StepValue> ChainNode::run_step(std::unique_ptr<Node>& slot, const NodeMaker& make,
                                        std::size_t index, const std::string& /*prefix*/,
                                        Outcome<StepValue> current, bool cleanup) {
  slot = make(index, path());
  ++children_started_;
  slot->when_ended([this] { child_ended(); });
  return watch(slot, slot->start(context(), StepInput{std::move(current)}), cleanup);
}

void ChainNode::add_level(std::size_t i) {
  const LevelSpec& spec = specs_[i];
  LevelRecord& record = records_[i];
  const auto run_callback = [this, i, &record](Outcome<StepValue> current) {
    record.ran = Fired::callback;
    return run_step(record.node, specs_[i].step, i + 1, "", std::move(current),
                    specs_[i].kind == LevelKind::both || specs_[i].kind == LevelKind::finally);
  };
  switch (spec.kind) {
    case LevelKind::then:
      chain_.add_callback([this, run_callback](StepValue value) -> Deferred<StepValue> {
        if (stopping())
          return succeed(std::move(value));  // an interrupt: only cleanup levels run
        return run_callback(Outcome<StepValue>(std::move(value)));
      });
      break;
    case LevelKind::catch_:
      chain_.add_errback([this, i, &record](Failure failure) -> Deferred<StepValue> {
        const std::optional<StatusTrap>& trap = specs_[i].trap;
        // Failure.trap over status numbers: another failure passes on unchanged (A12).
        if (stopping() ||
            (trap && !trap->matches(facts_of(failure, context().interrupted_by).status))) {
          return fail<StepValue>(std::move(failure));
        }
        record.ran = Fired::errback;
        return run_step(record.node, specs_[i].step, i + 1, "", Outcome<StepValue>(failure), false);
      });
      break;
    case LevelKind::both:
      chain_.add_both([this, run_callback, &record](Outcome<StepValue> current) {
        if (context().killed)
          return passed_on(std::move(current));  // a second interrupt skips the rest
        Deferred<StepValue> step = run_callback(current);
        record.ran = current.succeeded() ? Fired::callback : Fired::errback;
        return step;
      });
      break;
    case LevelKind::finally:
      chain_.add_both([this, run_callback, &record](Outcome<StepValue> current) {
        if (context().killed)
          return passed_on(std::move(current));
        Deferred<StepValue> step = run_callback(current);
        record.ran = current.succeeded() ? Fired::callback : Fired::errback;
        // The cleanup's own failure replaces the result; its success keeps it (I4).
        step.add_callback([current](const StepValue&) -> Outcome<StepValue> { return current; });
        return step;
      });
      break;
    case LevelKind::callbacks:
      // One level: the errback never sees the callback's failure (A4).
      chain_.add_callbacks(
          [this, run_callback](StepValue value) -> Deferred<StepValue> {
            if (stopping())
              return succeed(std::move(value));
            return run_callback(Outcome<StepValue>(std::move(value)));
          },
          [this, i, &record](Failure failure) -> Deferred<StepValue> {
            if (stopping())
              return fail<StepValue>(std::move(failure));
            record.ran = Fired::errback;
            return run_step(record.node, specs_[i].errback, i + 1, "", Outcome<StepValue>(failure),
                            false);
          });
      break;
  }
  // The track the chain is on after this level.
  chain_.add_both([&record](Outcome<StepValue> current) {
    record.track_after = current.succeeded() ? Fired::callback : Fired::errback;
    return current;
  });
}

void ChainNode::stop() {
  stopped_ = true;
  if (running_ && !running_cleanup_ && !running_->called()) {
    Deferred<StepValue> step = *running_;
    step.cancel();
  }
  end_if_done();
}

void ChainNode::child_ended() {
  ++children_ended_;
  end_if_done();
}

void ChainNode::end_if_done() {
  if (chain_done_ && children_ended_ == children_started_ && !ended())
    end();
}

}  // namespace tasker
