#include "core/run/shared_node.hpp"

#include <algorithm>
#include <utility>

namespace tasker {

Scope::Run& Scope::run_of(const std::string& name) {
  std::unique_ptr<Run>& run = runs_[name];
  if (!run)
    run = std::make_unique<Run>();
  return *run;
}

SharedNode::SharedNode(std::string name, std::string path, std::shared_ptr<Scope> scope,
                       NodeMaker make)
    : Node(NodeKind::run, std::move(name), std::move(path)),
      scope_(std::move(scope)),
      make_(std::move(make)) {}

SharedNode::~SharedNode() = default;

Deferred<StepValue> SharedNode::run(RunContext& context, const StepInput& /*input*/) {
  run_ = &scope_->run_of(name());
  outcome_ = make_outcome();
  if (!run_->node) {
    first_ = true;
    run_->first_path = path();
    owned_ = make_(0, path().substr(0, path().rfind('/')));
    run_->node = owned_.get();
    Scope::Run* run = run_;
    run_->outcome = run_->node->start(context, StepInput{});
    // Every referrer still waiting gets the one outcome, each in its own Deferred.
    run_->outcome->add_both([run](const Outcome<StepValue>& result) {
      run->result = result;
      std::vector<Deferred<StepValue>> waiting = std::move(run->waiting);
      for (Deferred<StepValue>& referrer : waiting) {
        if (!referrer.called())
          referrer.resolve(result);
      }
      return StepValue{};  // handed on to every referrer: theirs, not left here (A9)
    });
  }
  if (run_->result) {
    outcome_.resolve(*run_->result);  // it ran already in this scope: the same outcome
  } else {
    run_->waiting.push_back(outcome_);
  }
  // This referrer ends when the run does, whoever started it.
  run_->node->when_ended([this] { end(); });
  return outcome_;
}

void SharedNode::stop() {
  // This referrer leaves; the run is cancelled only when nobody else waits on it.
  auto& waiting = run_->waiting;
  waiting.erase(std::remove(waiting.begin(), waiting.end(), outcome_), waiting.end());
  if (waiting.empty() && run_->outcome && !run_->outcome->called())
    run_->outcome->cancel();
}

}  // namespace tasker
