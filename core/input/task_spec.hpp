#pragma once
// TaskSpec trees: what `tasker chain` and a task file (docs/behaviour.md "Chains",
// "Task files") ask to
// run, as plain data, before anything runs. Both parsers produce it, and
// one builder turns it into the nodes that run it, so a chain typed on the
// command line and the same chain in a file run alike.
//
// A task is: at most one body (a command, or a group of member tasks), the
// levels of its chain after the body, the tasks it needs first, and at most
// one wrapper (a delay before it, or `every` repeating it).

#include "core/input/duration.hpp"
#include "core/input/group_kind.hpp"
#include "core/input/status_trap.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tasker::spec {

/// Where something was written, for error messages: "tasker.toml:12:3". Every position of one
/// file shares one copy of its path: a file of thousands of tasks has tens of thousands of them.
struct Position {
  std::shared_ptr<const std::string> path;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  /// The file's path, or "" for a position nobody set.
  [[nodiscard]] const std::string& file() const {
    static const std::string none;
    return path ? *path : none;
  }
};

struct Task;

/// A task named in the file, reached through `{ task = "name" }` or a name
/// in `gather`, `list`, `any` or `needs`.
struct Ref {
  std::string name;
  Position position;
};

/// Where a task is used: by name, or written in place (an anonymous task).
using Use = std::variant<Ref, std::shared_ptr<const Task>>;

/// What a group's flags are: the knobs of `gather`, `list` and `any`
/// (docs/behaviour.md "Options of gather, list and any").
using GroupOptions = tasker::GroupOptions;

/// The body of a task: nothing (a task of needs only), one command, or a group.
struct Body {
  enum class Kind { none, run, group };
  Kind kind = Kind::none;
  std::string command;       ///< run
  std::vector<Use> members;  ///< group, in order
  GroupOptions group;        ///< group
  Position position;
};

/// One level of a chain (docs/behaviour.md "Chains"): `then`, `catch` (with a trap), `both`,
/// `finally`, or `callbacks` (a callback and an errback on one level).
struct Level {
  enum class Kind { then, catch_, both, finally, callbacks };
  Kind kind = Kind::then;
  Use step;  ///< the task the level runs (the callback, for `callbacks`)
  // The two rare parts are kept out of line, so a level stays small.
  std::shared_ptr<const Use> errback;      ///< `callbacks` only
  std::shared_ptr<const StatusTrap> trap;  ///< `catch` only: the statuses it handles
  Position position;
};

/// The every-wrapper's options (docs/behaviour.md "every").
struct Every {
  Duration interval{0};
  bool now = true;
  std::optional<std::size_t> count;
  std::optional<Duration> run_for;
  bool until_success = false;
  bool keep_going = false;
  std::optional<std::size_t> max_failures;
  bool changes = false;
};

/// The parts of a task most tasks leave unset (every inline `then = "cmd"` is a task too).
struct TaskExtras {
  /// What an anonymous task's output and report entry are labelled, when
  /// given (`tasker chain ... --name lint`); it names no task to refer to.
  std::optional<std::string> label;
  std::string description;  ///< `desc`, for `tasker run --list`
  std::optional<Duration> grace;
  /// Apply to every command of the task's body and levels, and to inline
  /// tasks in them; a named task referred to keeps only its own.
  std::map<std::string, std::string> env;
  std::optional<std::string> cwd;  ///< relative to the task file's folder
  /// At most one of the two.
  std::optional<Duration> delay;
  std::optional<Every> every;
};

struct Task {
  /// Set for a named task; an anonymous one is named by its position when it runs.
  std::optional<std::string> name;
  Body body;
  std::vector<Level> levels;
  std::vector<Use> needs;
  /// Apply to the body: per command, or to the whole group (docs/behaviour.md "Task options").
  std::optional<Duration> timeout;
  unsigned retries = 0;
  Duration retry_delay{0};
  Position position;

  /// The rarer parts: all unset unless a parser set one.
  [[nodiscard]] const TaskExtras& extras() const {
    static const TaskExtras none;
    return extras_ ? *extras_ : none;
  }
  /// For parsers: the rarer parts to set, made on first use. A copy of a task shares them until
  /// one of the two sets one.
  TaskExtras& set_extras() {
    if (!extras_)
      extras_ = std::make_shared<TaskExtras>();
    else if (extras_.use_count() > 1)
      extras_ = std::make_shared<TaskExtras>(*extras_);
    return *extras_;
  }

 private:
  // Out of line: a file of 10 000 tasks (and their inline levels) stays a few megabytes.
  std::shared_ptr<TaskExtras> extras_;
};

/// A task file: its named tasks, in the order they appear.
struct TaskFile {
  std::string path;
  std::vector<std::shared_ptr<const Task>> tasks;

  /// The named task `name`, or null.
  [[nodiscard]] std::shared_ptr<const Task> find(const std::string& name) const {
    for (const auto& task : tasks) {
      if (task->name == name)
        return task;
    }
    return nullptr;
  }
};

}  // namespace tasker::spec
