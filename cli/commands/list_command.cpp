// tasker list: a DeferredList with every knob (docs/behaviour.md "Commands").

#include "cli/commands/commands.hpp"
#include "cli/commands/parallel_command.hpp"

#include <memory>

namespace tasker::cli {

void add_list_command(CLI::App& app, const GlobalOptions& global, Action& action,
                      CommandParts parts) {
  auto options = std::make_shared<ParallelCommandOptions>();
  CLI::App* command =
      app.add_subcommand("list", "Run every command and report each outcome (DeferredList)");
  if (parts == CommandParts::listed_only)
    return;
  add_parallel_options(*command, *options);
  command->add_flag("--fire-on-one-callback", options->fire_on_one_callback,
                    "Fire with the first task to succeed");
  command->add_flag("--fire-on-one-errback", options->fire_on_one_errback,
                    "Fail with the first task to fail (FirstError)");
  command->add_flag("--consume-errors", options->consume_errors,
                    "Failed tasks are handled by the run: no unhandled failures");
  command->callback([&global, &action, options] {
    action = [&global, options] { return run_parallel(ParallelKind::list, global, *options); };
  });
}

}  // namespace tasker::cli
