#include "core/run/group_node.hpp"

#include <utility>

namespace tasker {
namespace {

bool failed_on_its_own(NodeState state) {
  return state == NodeState::failed || state == NodeState::timed_out;
}

}  // namespace

GroupNode::GroupNode(NodeKind kind, std::string name, std::string path, GroupOptions spec,
                     std::vector<NodeMaker> members)
    : Node(kind, std::move(name), std::move(path)),
      spec_(spec),
      makers_(std::move(members)),
      members_(makers_.size()),
      outcomes_(makers_.size()),
      list_(list_options(spec_), {.keep_outcomes = false}),
      verdict_(spec_.kind) {}

GroupNode::~GroupNode() = default;

Deferred<StepValue> GroupNode::run(RunContext& /*context*/, const StepInput& /*input*/) {
  outcome_ = make_outcome();
  list_.deferred().add_callbacks(
      [this](const DeferredListResult<StepValue>& result) { on_list_callback(result); },
      [this](const Failure& failure) { on_list_errback(failure); });
  start_more();
  finish_if_done();
  return outcome_;
}

// Starts members while slots are free, in order; closes the list once all are in.
void GroupNode::start_more() {
  if (starting_)
    return;  // a member settling as it starts: the loop below goes on
  starting_ = true;
  while (!stopped_ && next_ < makers_.size() && (spec_.jobs == 0 || running_ < spec_.jobs)) {
    launch(next_++);
  }
  starting_ = false;
  if (next_ == makers_.size() && !closed_) {
    closed_ = true;
    list_.close();
  }
}

void GroupNode::launch(std::size_t index) {
  Member& member = members_[index];
  member.node = makers_[index](index, path());
  ++running_;
  member.node->when_ended([this, index] { release_if_done(index); });
  Deferred<StepValue> outcome = member.node->start(context(), StepInput{});
  outcomes_[index] = outcome;
  list_.add(outcome);  // the list's level first (D1), then the group's
  outcome.add_both([this, index](Outcome<StepValue> result) {
    settle(index, result);
    return result;
  });
}

void GroupNode::on_list_callback(const DeferredListResult<StepValue>& result) {
  verdict_.list_called_back(result.first_success
                                ? std::optional<std::size_t>(result.first_success->second)
                                : std::nullopt);
  if (spec_.on_fire == OnFire::cancel) {
    stopped_ = true;
    cancel_running();
  }
}

void GroupNode::on_list_errback(const Failure& failure) {
  if (const auto first = failure.get<FirstError>()) {
    first_error_facts_ = facts_of(first->sub_failure(), context().interrupted_by);
    verdict_.list_errbacked(first->index(), first_error_facts_->status);
  }
  if (spec_.on_fire == OnFire::cancel) {
    stopped_ = true;
    cancel_running();
  }
}

// tasker's own cancel: never a member's unhandled failure (docs/behaviour.md "Unhandled failures").
void GroupNode::cancel_running() {
  std::vector<Deferred<StepValue>> to_cancel;  // cancelling settles members under us
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (!outcomes_[i] || outcomes_[i]->called())
      continue;
    members_[i].cancelled_by_tasker = true;
    to_cancel.push_back(*outcomes_[i]);
  }
  for (Deferred<StepValue>& outcome : to_cancel) outcome.cancel();
}

void GroupNode::stop() {
  stopped_ = true;
  cancel_running();
  finish_if_done();
}

void GroupNode::settle(std::size_t index, const Outcome<StepValue>& outcome) {
  Member& member = members_[index];
  member.settled = true;
  // What the list left on the member's chain: a failure still there is unhandled (D7).
  member.unhandled = outcome.failed() && !member.cancelled_by_tasker;
  if (outcome.failed() && !member.cancelled_by_tasker)
    last_failure_facts_ = facts_of(outcome.failure(), context().interrupted_by);
  release_if_done(index);
}

void GroupNode::release_if_done(std::size_t index) {
  Member& member = members_[index];
  if (!member.settled || !member.node->ended() || !outcomes_[index])
    return;
  outcomes_[index].reset();
  --running_;
  const Node& node = *member.node;
  verdict_.member_settled(index, failed_on_its_own(node.state()), node.status(), member.unhandled);
  start_more();
  finish_if_done();
}

void GroupNode::finish_if_done() {
  if (finished_ || running_ > 0 || (!stopped_ && next_ < makers_.size()))
    return;
  finished_ = true;
  if (!closed_) {
    closed_ = true;
    list_.close();  // a group that stopped starting combines the members it started
  }
  if (!outcome_.called()) {
    if (verdict_.fired() == Fired::errback) {
      // The FirstError's member, or (any) the last failure: as GroupVerdict chose.
      const FailureFacts facts =
          first_error_facts_.value_or(last_failure_facts_.value_or(FailureFacts{}));
      outcome_.errback(StepFailed(verdict_.failure_status().value_or(facts.status), facts.error,
                                  StepValue{name(), nullptr}));
    } else {
      outcome_.callback(StepValue{name(), nullptr});
    }
  }
  end();
}

}  // namespace tasker
