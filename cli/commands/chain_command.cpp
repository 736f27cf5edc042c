// tasker chain [GLOBAL] CMD [OPTS] STEP [OPTS]...: a Deferred callback chain
// (docs/behaviour.md "Chains"). CLI11 reads the global options before CMD; from CMD on the words
// are parse_chain_arguments()'s, because CLI11 cannot read a grammar where the same option means
// something else after each step. separate_command_words() puts a `--` before CMD so CLI11 hands
// those words over whole.

#include "cli/commands/chain_command.hpp"

#include "cli/commands/chain_arguments.hpp"
#include "cli/commands/parallel_options.hpp"
#include "cli/commands/tree_run.hpp"
#include "cli/usage_error.hpp"
#include "core/run/node_builder.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tasker::cli {
namespace {

struct ChainCommandOptions {
  std::vector<std::string> words;
  std::string grace;
};

}  // namespace

void add_chain_command(CLI::App& app, const GlobalOptions& global, Action& action,
                       CommandParts parts) {
  auto options = std::make_shared<ChainCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "chain", "Run CMD, then each step on its outcome: a Deferred's callbacks and errbacks");
  if (parts == CommandParts::listed_only)
    return;
  command->add_option("--grace", options->grace, "Time between SIGTERM and SIGKILL on cancel")
      ->check(duration_check());
  command
      ->add_option("command", options->words,
                   "CMD (one word), then steps: --then CMD, --catch CMD [--trap LIST], --both "
                   "CMD, --finally CMD, --callbacks CB EB; after CMD or a step: --timeout, "
                   "--retries, --retry-delay, --name")
      ->option_text("CMD [OPTS] STEP [OPTS]...");
  command->callback([&global, &action, options] {
    spec::Task chain;
    try {
      chain = parse_chain_arguments(options->words, optional_duration(options->grace));
    } catch (const UsageError& e) {
      // A parse error like CLI11's own: one line, status 2, found before anything runs.
      throw CLI::ValidationError(e.what());
    }
    action = [&global, chain = std::move(chain)] { return run_chain(global, chain); };
  });
}

CommandExit run_chain(const GlobalOptions& global, spec::Task chain) {
  ReportOutputs outputs(global, "");
  // The chain's tasks have no names to refer to, and run where tasker was started.
  const NodeBuilder builder(nullptr, "");
  const NodeMaker root = builder.task(std::make_shared<const spec::Task>(std::move(chain)), "",
                                      NodeBuilder::Inherited{}, std::make_shared<Scope>());
  return run_tree(global, CommandKind::chain, root, outputs);
}

}  // namespace tasker::cli
