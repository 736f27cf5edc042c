#pragma once
// The subcommands. Each add_*_command() registers one on `app` and, when the
// command line chooses it, stores in `action` what run() calls after the
// parse (STYLE §4: parse first, run afterwards, so parse errors and run-time
// errors never mix).

#include <CLI/CLI.hpp>

#include <functional>

#include "cli/global_options.hpp"

namespace tasker::cli {

using Action = std::function<int()>;

void add_gather_command(CLI::App& app, const GlobalOptions& global, Action& action);
void add_list_command(CLI::App& app, const GlobalOptions& global, Action& action);
void add_any_command(CLI::App& app, const GlobalOptions& global, Action& action);
void add_every_command(CLI::App& app, const GlobalOptions& global, Action& action);
void add_after_command(CLI::App& app, const GlobalOptions& global, Action& action);

}  // namespace tasker::cli
