#pragma once
// NodeBuilder: turns a TaskSpec tree (task_spec.hpp) into the nodes that run
// it, made afresh for each run of them (a chain level, an every tick).
//
// One run of a task (docs/behaviour.md "One run of a task"): [delay | every] around: its needs (a
// gather that fails fast and consumes their errors), then its body, then its levels. A task with
// neither needs nor levels is its body alone. Names and paths: a named task is its name; an
// anonymous one is named by its place (a group member by its index from 0, a level `then#1`,
// `catch#2`, ... by its number from 1); a path joins the names from the root with '/'. A body has
// its task's name and path (the unnamed root of `tasker chain` calls it `cmd`); the needs' gather
// is transparent too.
//
// `env` and `cwd` apply to every command of the task's body and levels and
// to inline tasks in them; a named task referred to keeps only its own.
// Reached through `needs` or a group, a named task runs once per scope
// (SharedNode); as a chain level, afresh. Each tick of an `every` opens a
// fresh scope.

#include "core/input/task_spec.hpp"
#include "core/run/chain_node.hpp"
#include "core/run/group_node.hpp"
#include "core/run/node.hpp"
#include "core/run/shared_node.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tasker {

class NodeBuilder {
 public:
  /// What an inline task inherits from the task it is written in.
  struct Inherited {
    std::map<std::string, std::string> env;
    std::string cwd;
  };

  /// `file` names the tasks refs refer to (null for `tasker chain`, which has
  /// none); a relative `cwd` starts from `folder`, the task file's.
  NodeBuilder(std::shared_ptr<const spec::TaskFile> file, std::string folder);

  /// The maker of one run of `task`, named `name`, in `scope`.
  [[nodiscard]] NodeMaker task(std::shared_ptr<const spec::Task> task, std::string name,
                               Inherited inherited, std::shared_ptr<Scope> scope) const;

  /// The maker of `use` as a member of a group or a need (a named task runs
  /// once per scope), named `anonymous` if it is an inline task without a label.
  [[nodiscard]] NodeMaker member(const spec::Use& use, std::string anonymous,
                                 const Inherited& inherited, std::shared_ptr<Scope> scope) const;

  /// The maker of `use` as a chain level's step (a named task runs afresh).
  [[nodiscard]] NodeMaker step(const spec::Use& use, std::string anonymous,
                               const Inherited& inherited, std::shared_ptr<Scope> scope) const;

 private:
  [[nodiscard]] std::unique_ptr<Node> run_of(const std::shared_ptr<const spec::Task>& task,
                                             const std::string& name, const std::string& path,
                                             const Inherited& own,
                                             const std::shared_ptr<Scope>& scope) const;
  [[nodiscard]] NodeMaker body(const std::shared_ptr<const spec::Task>& task,
                               const std::string& name, const std::string& path,
                               const Inherited& own, const std::shared_ptr<Scope>& scope,
                               bool spool_output) const;
  [[nodiscard]] std::shared_ptr<const spec::Task> named(const spec::Ref& ref) const;

  std::shared_ptr<const spec::TaskFile> file_;
  // The file's tasks by name: a file of thousands of tasks refers to them thousands of times.
  std::unordered_map<std::string_view, std::shared_ptr<const spec::Task>> tasks_;
  std::string folder_;
};

/// The run-time kind of a task file's level.
[[nodiscard]] LevelKind level_kind(spec::Level::Kind kind);

/// `parent/name`, or `name` at the root.
[[nodiscard]] std::string join_path(const std::string& parent, const std::string& name);

}  // namespace tasker
