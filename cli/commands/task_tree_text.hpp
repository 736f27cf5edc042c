#pragma once
// What `tasker run --dry-run` prints: the tree that would run for the
// targets, each node with what it waits for, and nothing run.

#include "core/input/task_spec.hpp"

#include <string>
#include <vector>

namespace tasker::cli {

/// The tree of `targets` in `file`, indented two spaces a level.
[[nodiscard]] std::string task_tree_text(const spec::TaskFile& file,
                                         const std::vector<std::string>& targets);

}  // namespace tasker::cli
