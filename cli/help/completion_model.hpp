#pragma once
// What the shell completions of `tasker completions SHELL` offer, read from the CLI11 tables
// the command line is parsed with: each command, each option, what its value is and which words
// it takes. The shells' scripts (completion_scripts.hpp) are written from it.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace tasker::cli {

/// What an option's value is, for the completions to offer.
enum class ValueKind {
  none,      // a flag
  words,     // one of `words` (--output MODE)
  file,      // a file name (FILE)
  duration,  // 250ms, 10s... (DURATION, INTERVAL, DELAY)
  command,   // a program, or one of `words` (--shell PATH|always)
  other      // anything: nothing to offer (N, a,b,c)
};

struct CompletionOption {
  std::vector<std::string> names;  // as typed: -j, --jobs
  std::string description;         // its first line
  std::string value;               // its value's name; empty for a flag
  ValueKind kind = ValueKind::none;
  std::vector<std::string> words;
};

struct CompletionCommand {
  std::string name;
  std::string description;
  std::vector<CompletionOption> options;  // its own, not the global ones nor --help
  std::vector<std::string> words;         // what its positional takes, when a list of words
};

struct CompletionModel {
  std::vector<CompletionOption> global;  // with --help and --version
  std::vector<CompletionCommand> commands;
};

/// The model of `app`, whose subcommands are built whole. Non-const: CLI11 gives an option's
/// checks only through a non-const Option.
[[nodiscard]] CompletionModel completion_model(CLI::App& app);

/// The words of a one_of_words() check on `option`, empty when it has none.
[[nodiscard]] std::vector<std::string> option_words(CLI::Option& option);

}  // namespace tasker::cli
