#pragma once
// tasker chain [GLOBAL] CMD [OPTS] STEP [OPTS]...: a Deferred callback chain (SPEC §6).

#include "cli/commands/commands.hpp"
#include "core/input/task_spec.hpp"

namespace tasker::cli {

/// Runs the chain that parse_chain_arguments() read, with the global options, and says how
/// tasker ends (SPEC §6 "Exit status").
CommandExit run_chain(const GlobalOptions& global, spec::Task chain);

}  // namespace tasker::cli
