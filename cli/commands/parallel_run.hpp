#pragma once
// gather, list and any: one DeferredList over the tasks' Deferreds (SPEC §2,
// SEMANTICS D and E), with -j as a DeferredSemaphore.

#include "cli/commands/global_options.hpp"
#include "cli/commands/parallel_options.hpp"

namespace tasker::cli {

enum class ParallelKind { gather, list, any };

/// Runs the tasks and returns the exit status (SPEC §3). Throws UsageError
/// for bad input found before anything started.
[[nodiscard]] int run_parallel(ParallelKind kind, const GlobalOptions& global,
                               const ParallelOptions& options);

}  // namespace tasker::cli
