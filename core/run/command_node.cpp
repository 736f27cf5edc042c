#include "core/run/command_node.hpp"

#include <fmt/format.h>

#include <utility>

namespace tasker {

CommandNode::CommandNode(std::string name, std::string path, CommandSpec spec)
    : Node(NodeKind::run, std::move(name), std::move(path)), spec_(std::move(spec)) {}

CommandNode::~CommandNode() = default;

Deferred<StepValue> CommandNode::run(RunContext& context, const StepInput& input) {
  options_ = spec_.task;
  options_.process = context.process;
  if (spec_.grace)
    options_.process.grace = *spec_.grace;
  for (const auto& [name, value] : spec_.env) options_.process.env.emplace_back(name, value);
  if (!spec_.cwd.empty())
    options_.process.cwd = spec_.cwd;
  if (input.current) {
    // A chain level: what it handles, in its stdin and its environment
    // (docs/behaviour.md "What a step receives").
    std::string status = "0";
    std::string error;
    StepValue produced;
    if (input.current->succeeded()) {
      produced = input.current->value();
    } else {
      FailureFacts facts = facts_of(input.current->failure(), context.interrupted_by);
      status = std::to_string(facts.status);
      error = std::move(facts.error);
      produced = std::move(facts.produced);
    }
    options_.process.env.emplace_back("TASKER_STATUS", status);
    options_.process.env.emplace_back("TASKER_ERROR", error);
    options_.process.env.emplace_back("TASKER_FROM", produced.from);
    input_ = produced.output;
    options_.process.stdin_path = input_ ? input_->path() : std::string("/dev/null");
    options_.process.inherit_stdin = false;
  }
  if (spec_.spool_output) {
    std::string error;
    spool_ = OutputSpool::make(error);  // without one, the next level reads nothing
  }
  outcome_ = make_outcome();
  task_.emplace(context.next_task_index++, path().empty() ? name() : path(), spec_.command);
  running_ = task_->start(context.spawner, context.clock, options_, *this);
  running_->add_callbacks(
      [this](const ProcessExit&) {
        if (!outcome_.called())
          outcome_.callback(StepValue{name(), spool_});
      },
      [this](const Failure& failure) {
        // Its outcome cancelled: that errbacks CancelledError itself, right after stop() (C1).
        if (outcome_.called() || (cancelled() && failure.check<CancelledError>()))
          return;
        if (failure.check<CancelledError>()) {
          outcome_.errback(failure);  // interrupted at the root: the outcome is the cancel
          return;
        }
        FailureFacts facts = facts_of(failure);
        outcome_.errback(StepFailed(facts.status, facts.error, StepValue{name(), spool_}));
      });
  return outcome_;
}

void CommandNode::stop() {
  if (running_ && !running_->called())
    running_->cancel();
}

void CommandNode::on_task_start(const Task& task) {
  context().listener.on_task_start(task);
}

void CommandNode::on_task_output(const Task& task, OutputStream stream, std::string_view bytes) {
  if (spool_ && stream == OutputStream::stdout_stream)
    spool_->append(bytes);
  context().listener.on_task_output(task, stream, bytes);
}

void CommandNode::on_task_retry(const Task& task, Duration delay) {
  // A retried attempt writes its stdout afresh (and reads its stdin afresh: it opens it again).
  if (spool_) {
    std::string error;
    spool_ = OutputSpool::make(error);
  }
  context().listener.on_task_retry(task, delay);
}

void CommandNode::on_task_end(const Task& task) {
  context().listener.on_task_end(task);
  end();
}

}  // namespace tasker
