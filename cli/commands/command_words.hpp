#pragma once
// The CMD... of `every` and `after`: words after the interval, joined with
// spaces and given to the shell, as `watch` does (docs/behaviour.md "every"). Options may sit
// between INTERVAL and CMD, so the first word that is neither an option nor
// an option's value starts the command, `--` or not: `tasker every 5s
// --count 3 ls -l` runs `ls -l` three times.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace tasker::cli {

/// Adds the CMD... positional words to `command`.
void add_command_words(CLI::App& command, std::vector<std::string>& words);

/// The words joined with spaces. Throws UsageError if that is empty or blank.
[[nodiscard]] std::string join_command_words(const std::vector<std::string>& words);

/// Returns `args` (argv without the program name) with a `--` inserted where
/// the command of an `every` or `after` begins, so CLI11 reads `-l` in
/// `ls -l` as part of it, or where the CMD of a `chain` begins, so CLI11
/// hands every word from there on to the chain's own grammar, or before the
/// first `:::` of a gather, list or any, so its inputs may start with `-`;
/// other command lines come back unchanged. Options are recognised by asking `app` (and
/// its subcommand) which exist and which take a value.
[[nodiscard]] std::vector<std::string> separate_command_words(const CLI::App& app,
                                                              std::vector<std::string> args);

}  // namespace tasker::cli
