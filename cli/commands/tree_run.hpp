#pragma once
// Running a tree of nodes from the command line — `tasker chain`'s chain
// and `tasker run`'s tasks — printing as it goes, then reporting the tree.

#include "cli/commands/commands.hpp"
#include "cli/commands/global_options.hpp"
#include "cli/report/report_outputs.hpp"
#include "cli/report/run_report.hpp"
#include "core/run/group_node.hpp"
#include "core/run/run_result.hpp"

#include <functional>
#include <string>
#include <vector>

namespace tasker::cli {

/// Runs the node `root` makes, on a Runtime of its own, and delivers its
/// report to `outputs` after `decorate` adds what the command knows.
/// `labels` are names of tasks known to come (output prefixes line up from the first line).
/// The exit status is what the root gives as a command of its own: its
/// failure's status, or 1 when it succeeded with a failure left unhandled
/// somewhere in the tree, 128+N when signal N interrupted it
/// (docs/behaviour.md "Task file exit status").
[[nodiscard]] CommandExit run_tree(const GlobalOptions& global, CommandKind command,
                                   const NodeMaker& root, ReportOutputs& outputs,
                                   const std::vector<std::string>& labels,
                                   const std::function<void(RunReport&)>& decorate = {});

}  // namespace tasker::cli
