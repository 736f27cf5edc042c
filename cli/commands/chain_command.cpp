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
#include <variant>
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
      ->check(duration_check())
      ->option_text("DURATION")
      ->default_str("2s");
  // One step a line, each line short enough that the help stays within 100 columns.
  command
      ->add_option("command", options->words,
                   "CMD and each step's command are one word (quote it). Steps, in order:\n"
                   "--then CMD             run on a success (addCallback)\n"
                   "--catch CMD            run on a failure (addErrback)\n"
                   "  --trap LIST          only on these statuses: 1,3-5,timeout,signal\n"
                   "--both CMD             run either way (addBoth)\n"
                   "--finally CMD          run either way, keep the result unless it fails\n"
                   "--callbacks CB EB      CB on a success, EB on a failure (addCallbacks)\n"
                   "After CMD or a step, for that one alone:\n"
                   "--timeout DURATION     stop it running longer (status 124)\n"
                   "--retries N            run it again on failure, up to N times\n"
                   "--retry-delay DURATION wait before the first retry, doubled each time\n"
                   "--name NAME            its label (default: cmd, then#1, catch#2...)\n"
                   "DURATION: 250ms, 10s, 1.5s, 2m, 1h30m, 1d")
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
  ReportOutputs outputs(global);
  // The chain's tasks have no names to refer to, and run where tasker was started.
  const NodeBuilder builder(nullptr, "");
  // CMD's --name, if given, names it in labels and the report; else it is `cmd`.
  std::vector<std::string> labels{chain.extras().label.value_or("cmd")};
  for (std::size_t i = 0; i < chain.levels.size(); ++i) {
    const spec::Level& level = chain.levels[i];
    const auto* step = std::get_if<std::shared_ptr<const spec::Task>>(&level.step);
    const std::string unnamed = level_step_name(level_kind(level.kind), i);
    labels.push_back(step != nullptr ? (*step)->extras().label.value_or(unnamed) : unnamed);
  }
  const NodeMaker root = builder.task(std::make_shared<const spec::Task>(std::move(chain)), "",
                                      NodeBuilder::Inherited{}, std::make_shared<Scope>());
  return run_tree(global, CommandKind::chain, root, outputs, labels);
}

}  // namespace tasker::cli
