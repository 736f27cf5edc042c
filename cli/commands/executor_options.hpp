#pragma once
// Where tasks run (docs/behaviour.md "More than one machine"): -S/--hosts, --hosts-file and
// --ssh, checked as they are parsed (status 2, one line, nothing run), and the ExecutorChoice
// the Runtime is made with.

#include "cli/commands/global_options.hpp"
#include "cli/runtime.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>

namespace tasker::cli {

/// Adds -S/--hosts, --hosts-file and --ssh to `app`.
void add_executor_options(CLI::App& app, GlobalOptions& options);

/// Throws CLI::ValidationError for options that cannot go together (--executor slurm with
/// hosts): checked once the whole command line is read, before a command makes any file.
void check_executor_options(const GlobalOptions& options);

/// The executor the options name. A host without `N/` gets `jobs` slots, or 1 when `jobs` is 0.
/// Throws UsageError for what the parse could not check (a --hosts-file that changed since).
[[nodiscard]] ExecutorChoice executor_choice(const GlobalOptions& options, std::size_t jobs);

/// How many tasks run at once: the hosts' slots added up, else `jobs`.
[[nodiscard]] std::size_t executor_jobs(const ExecutorChoice& executor, std::size_t jobs);

}  // namespace tasker::cli
