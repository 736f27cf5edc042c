// tasker gather: gatherResults over the tasks (docs/behaviour.md "Commands").

#include "cli/commands/commands.hpp"
#include "cli/commands/parallel_command.hpp"

#include <memory>

namespace tasker::cli {

void add_gather_command(CLI::App& app, const GlobalOptions& global, Action& action,
                        CommandParts parts) {
  auto options = std::make_shared<ParallelCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "gather", "Run every command; fail fast on the first failure (gatherResults)");
  if (parts == CommandParts::listed_only)
    return;
  add_parallel_options(*command, *options);
  command->add_flag("--consume-errors", options->consume_errors,
                    "Failed tasks are handled by the run: no unhandled failures");
  command->callback([&global, &action, options] {
    action = [&global, options] { return run_parallel(ParallelKind::gather, global, *options); };
  });
}

}  // namespace tasker::cli
