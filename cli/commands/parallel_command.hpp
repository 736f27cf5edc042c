#pragma once
// gather, list and any from the command line: the tasks they name, run by
// core's ParallelRun, printed and reported.

#include "cli/commands/commands.hpp"
#include "cli/commands/global_options.hpp"
#include "cli/commands/parallel_options.hpp"
#include "core/run/parallel_run.hpp"

namespace tasker::cli {

/// Runs the tasks and says how tasker ends (docs/behaviour.md "Exit statuses"). Throws UsageError
/// for bad input found before anything started.
[[nodiscard]] CommandExit run_parallel(ParallelKind kind, const GlobalOptions& global,
                                       const ParallelCommandOptions& options);

}  // namespace tasker::cli
