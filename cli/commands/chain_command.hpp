#pragma once
// tasker chain [GLOBAL] CMD [OPTS] STEP [OPTS]...: a Deferred callback chain
// (docs/behaviour.md "Chains").

#include "cli/commands/commands.hpp"
#include "core/input/task_spec.hpp"

namespace tasker::cli {

/// Runs the chain that parse_chain_arguments() read, with the global options, and says how
/// tasker ends (docs/behaviour.md "Chain exit status").
CommandExit run_chain(const GlobalOptions& global, spec::Task chain);

}  // namespace tasker::cli
