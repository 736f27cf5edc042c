#pragma once
// The subcommands. Each add_*_command() registers one on `app` and, when the
// command line chooses it, stores in `action` what run() calls after the
// parse (parse first, run afterwards, so parse errors and run-time
// errors never mix).

#include "cli/commands/global_options.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <optional>

namespace tasker::cli {

/// How a command ended: tasker's exit status and, when a signal interrupted
/// the run, that signal, which tasker dies of once everything is written
/// (docs/behaviour.md "Exit statuses"), so a calling shell sees it.
struct CommandExit {
  int status = 0;
  std::optional<int> die_of;
};

using Action = std::function<CommandExit()>;

/// How much of a subcommand to build: all of it, or only its name and
/// description for `tasker --help` (it is not named on the command line, so
/// nothing will parse it; building CLI11 options costs start-up time).
enum class CommandParts { whole, listed_only };

void add_gather_command(CLI::App& app, const GlobalOptions& global, Action& action,
                        CommandParts parts);
void add_list_command(CLI::App& app, const GlobalOptions& global, Action& action,
                      CommandParts parts);
void add_any_command(CLI::App& app, const GlobalOptions& global, Action& action,
                     CommandParts parts);
void add_every_command(CLI::App& app, const GlobalOptions& global, Action& action,
                       CommandParts parts);
void add_after_command(CLI::App& app, const GlobalOptions& global, Action& action,
                       CommandParts parts);
void add_run_command(CLI::App& app, const GlobalOptions& global, Action& action,
                     CommandParts parts);
void add_report_command(CLI::App& app, const GlobalOptions& global, Action& action,
                        CommandParts parts);
void add_chain_command(CLI::App& app, const GlobalOptions& global, Action& action,
                       CommandParts parts);
/// `tasker completions SHELL`, which reads the whole of `app` (built with every command whole)
/// and prints the script on `out`.
void add_completions_command(CLI::App& app, Action& action, std::ostream& out, CommandParts parts);

}  // namespace tasker::cli
