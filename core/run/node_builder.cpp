#include "core/run/node_builder.hpp"

#include "core/input/input_error.hpp"
#include "core/run/attempts_node.hpp"
#include "core/run/chain_node.hpp"
#include "core/run/command_node.hpp"
#include "core/run/delay_node.hpp"
#include "core/run/every_node.hpp"

#include <fmt/format.h>

#include <utility>
#include <vector>

namespace tasker {
namespace {

NodeKind group_kind(ParallelKind kind) {
  switch (kind) {
    case ParallelKind::gather:
      return NodeKind::gather;
    case ParallelKind::list:
      return NodeKind::list;
    case ParallelKind::any:
      break;
  }
  return NodeKind::any;
}

// A task's own env and cwd over what it inherits; a relative cwd is taken
// from the inherited one (or the file's folder).
NodeBuilder::Inherited own_of(const spec::Task& task, const NodeBuilder::Inherited& inherited,
                              const std::string& folder) {
  NodeBuilder::Inherited own = inherited;
  const spec::TaskExtras& extras = task.extras();
  for (const auto& [name, value] : extras.env) own.env[name] = value;
  if (const std::optional<std::string>& cwd = extras.cwd) {
    const std::string& base = own.cwd.empty() ? folder : own.cwd;
    own.cwd = cwd->empty() || cwd->front() == '/' || base.empty() ? *cwd : base + "/" + *cwd;
  } else if (own.cwd.empty()) {
    own.cwd = folder;
  }
  return own;
}

}  // namespace

LevelKind level_kind(spec::Level::Kind kind) {
  switch (kind) {
    case spec::Level::Kind::then:
      return LevelKind::then;
    case spec::Level::Kind::catch_:
      return LevelKind::catch_;
    case spec::Level::Kind::both:
      return LevelKind::both;
    case spec::Level::Kind::finally:
      return LevelKind::finally;
    case spec::Level::Kind::callbacks:
      break;
  }
  return LevelKind::callbacks;
}

std::string join_path(const std::string& parent, const std::string& name) {
  return parent.empty() ? name : parent + "/" + name;
}

NodeBuilder::NodeBuilder(std::shared_ptr<const spec::TaskFile> file, std::string folder)
    : file_(std::move(file)), folder_(std::move(folder)) {
  if (file_) {
    for (const auto& task : file_->tasks) tasks_.emplace(*task->name, task);
  }
}

std::shared_ptr<const spec::Task> NodeBuilder::named(const spec::Ref& ref) const {
  const auto found = tasks_.find(ref.name);
  std::shared_ptr<const spec::Task> task = found != tasks_.end() ? found->second : nullptr;
  if (!task) {
    // The parser checks every name; this is a tree built by hand.
    throw InputError(fmt::format("{}:{}:{}: no task named '{}'", ref.position.file(),
                                 ref.position.line, ref.position.column, ref.name));
  }
  return task;
}

NodeMaker NodeBuilder::task(std::shared_ptr<const spec::Task> task, std::string name,
                            Inherited inherited, std::shared_ptr<Scope> scope) const {
  return [this, task = std::move(task), name = std::move(name), inherited = std::move(inherited),
          scope = std::move(scope)](std::size_t /*index*/,
                                    const std::string& parent) -> std::unique_ptr<Node> {
    const std::string path = join_path(parent, name);
    const Inherited own = own_of(*task, inherited, folder_);
    const spec::TaskExtras& extras = task->extras();
    if (extras.delay) {
      return std::make_unique<DelayNode>(
          name, path, *extras.delay,
          [this, task, name, path, own, scope](std::size_t, const std::string&) {
            return run_of(task, name, path, own, scope);
          });
    }
    if (extras.every) {
      // Each tick opens a fresh scope: a periodic task re-runs its needs every tick.
      return std::make_unique<EveryNode>(
          name, path, *extras.every,
          [this, task, name, own](std::size_t tick, const std::string& at) {
            return run_of(task, fmt::format("#{}", tick + 1),
                          join_path(at, fmt::format("#{}", tick + 1)), own,
                          std::make_shared<Scope>());
          });
    }
    return run_of(task, name, path, own, scope);
  };
}

std::unique_ptr<Node> NodeBuilder::run_of(const std::shared_ptr<const spec::Task>& task,
                                          const std::string& name, const std::string& path,
                                          const Inherited& own,
                                          const std::shared_ptr<Scope>& scope) const {
  const bool chained = !task->levels.empty();
  // The unnamed root of `tasker chain` calls its body by CMD's --name, else `cmd`; its steps'
  // names stay unprefixed (docs/behaviour.md "Chain output and report").
  const std::string root_body = task->extras().label.value_or("cmd");
  const std::string body_name = name.empty() ? root_body : name;
  const std::string body_path = path.empty() ? root_body : path;
  NodeMaker body_maker = task->body.kind == spec::Body::Kind::none
                             ? NodeMaker()
                             : body(task, body_name, body_path, own, scope, chained);
  if (task->needs.empty() && !chained)
    return body_maker(0, path);

  NodeMaker needs_maker;
  if (!task->needs.empty()) {
    std::vector<NodeMaker> needs;
    for (std::size_t i = 0; i < task->needs.size(); ++i) {
      needs.push_back(member(task->needs[i], std::to_string(i), own, scope));
    }
    // Fail fast, consuming their errors: the waiting task's own outcome carries the failure on.
    GroupOptions spec;
    spec.consume_errors = true;
    needs_maker = [name, path, spec, needs](std::size_t, const std::string&) {
      // Transparent in paths: a need is named under the task that needs it.
      return std::make_unique<GroupNode>(NodeKind::needs, "needs", path, spec, needs);
    };
  }
  std::vector<LevelSpec> levels;
  for (std::size_t i = 0; i < task->levels.size(); ++i) {
    const spec::Level& level = task->levels[i];
    LevelSpec spec;
    spec.kind = level_kind(level.kind);
    const std::string level_name = level_step_name(spec.kind, i);
    spec.step = step(level.step, level_name, own, scope);
    if (level.errback)
      spec.errback = step(*level.errback, level_name, own, scope);
    if (level.trap)
      spec.trap = *level.trap;
    levels.push_back(std::move(spec));
  }
  return std::make_unique<ChainNode>(name, path, std::move(needs_maker), std::move(body_maker),
                                     std::move(levels));
}

NodeMaker NodeBuilder::body(const std::shared_ptr<const spec::Task>& task, const std::string& name,
                            const std::string& path, const Inherited& own,
                            const std::shared_ptr<Scope>& scope, bool spool_output) const {
  if (task->body.kind == spec::Body::Kind::run) {
    CommandSpec command;
    command.command = task->body.command;
    command.task.timeout = task->timeout;
    command.task.retries = task->retries;
    command.task.retry_delay = task->retry_delay;
    command.grace = task->extras().grace;
    command.env = own.env;
    command.cwd = own.cwd;
    command.spool_output = spool_output;
    return [name, path, command](std::size_t, const std::string&) {
      return std::make_unique<CommandNode>(name, path, command);
    };
  }
  const spec::Body& body = task->body;
  std::vector<NodeMaker> members;
  for (std::size_t i = 0; i < body.members.size(); ++i) {
    members.push_back(member(body.members[i], std::to_string(i), own, scope));
  }
  const GroupOptions group = body.group;
  const NodeKind kind = group_kind(group.kind);
  NodeMaker make_group = [kind, name, path, group, members](std::size_t, const std::string&) {
    return std::make_unique<GroupNode>(kind, name, path, group, members);
  };
  if (!task->timeout && task->retries == 0)
    return make_group;
  // A group's timeout cancels the whole group; its retries re-run the whole group.
  return [kind, name, path, make_group, timeout = task->timeout, retries = task->retries,
          delay = task->retry_delay](std::size_t, const std::string&) {
    return std::make_unique<AttemptsNode>(kind, name, path, make_group, timeout, retries, delay);
  };
}

NodeMaker NodeBuilder::member(const spec::Use& use, std::string anonymous,
                              const Inherited& inherited, std::shared_ptr<Scope> scope) const {
  if (const auto* ref = std::get_if<spec::Ref>(&use)) {
    // Once per scope, whoever reaches it: it keeps only its own env and cwd.
    NodeMaker make = task(named(*ref), ref->name, Inherited{}, scope);
    return [name = ref->name, scope, make](std::size_t, const std::string& parent) {
      return std::make_unique<SharedNode>(name, join_path(parent, name), scope, make);
    };
  }
  const auto& inline_task = std::get<std::shared_ptr<const spec::Task>>(use);
  return task(inline_task, inline_task->extras().label.value_or(std::move(anonymous)), inherited,
              std::move(scope));
}

NodeMaker NodeBuilder::step(const spec::Use& use, std::string anonymous, const Inherited& inherited,
                            std::shared_ptr<Scope> scope) const {
  if (const auto* ref = std::get_if<spec::Ref>(&use)) {
    // Afresh as a level, each time the level runs.
    return task(named(*ref), ref->name, Inherited{}, std::move(scope));
  }
  const auto& inline_task = std::get<std::shared_ptr<const spec::Task>>(use);
  return task(inline_task, inline_task->extras().label.value_or(std::move(anonymous)), inherited,
              std::move(scope));
}

}  // namespace tasker
