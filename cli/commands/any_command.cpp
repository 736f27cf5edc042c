// tasker any: the first success wins (docs/behaviour.md "Commands").

#include "cli/commands/commands.hpp"
#include "cli/commands/parallel_command.hpp"

#include <memory>

namespace tasker::cli {

void add_any_command(CLI::App& app, const GlobalOptions& global, Action& action,
                     CommandParts parts) {
  auto options = std::make_shared<ParallelCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "any", "Run every command; succeed with the first to succeed, cancel the rest");
  if (parts == CommandParts::listed_only)
    return;
  add_parallel_options(*command, *options);
  command->callback([&global, &action, options] {
    action = [&global, options] { return run_parallel(ParallelKind::any, global, *options); };
  });
}

}  // namespace tasker::cli
