#include "cli/commands/command_words.hpp"

#include "cli/usage_error.hpp"
#include "core/input/command_lines.hpp"

#include <optional>

namespace tasker::cli {
namespace {

// True if `token` names an option of `command` or of `app` that takes a value
// in the next word (not `--opt=value`, not a flag).
bool takes_separate_value(const CLI::App& app, const CLI::App& command, const std::string& token) {
  if (token.find('=') != std::string::npos)
    return false;
  const CLI::Option* option = command.get_option_no_throw(token);
  if (option == nullptr)
    option = app.get_option_no_throw(token);
  return option != nullptr && option->get_expected_max() > 0;
}

// True if `token` is an option of `command` or of `app`, written alone or as `--opt=value`.
bool is_option(const CLI::App& app, const CLI::App& command, const std::string& token) {
  if (token.size() < 2 || token[0] != '-' || token == "--")
    return false;
  const std::string name = token.substr(0, token.find('='));
  return command.get_option_no_throw(name) != nullptr || app.get_option_no_throw(name) != nullptr;
}

// `tasker chain`: CLI11 reads the options before CMD (global ones, --grace, --help); every word
// from CMD on belongs to the chain's own grammar, so a `--` goes before CMD. `tasker run`: every
// word after its options is a task name, even `list` or `every`.
std::vector<std::string> separate_chain_words(const CLI::App& app, std::vector<std::string> args,
                                              std::size_t i) {
  const CLI::App& command = *app.get_subcommand(args[i]);
  for (++i; i < args.size() && is_option(app, command, args[i]); ++i) {
    if (takes_separate_value(app, command, args[i]))
      ++i;
  }
  if (i < args.size())
    args.insert(args.begin() + static_cast<std::ptrdiff_t>(i), "--");
  return args;
}

// `tasker gather 'echo {}' ::: -a --b`: the template and every word after it are positional,
// never one of tasker's options, as in GNU parallel (whose options come before the command): a
// `--` goes before the template when a `:::` follows it. CLI11 takes no more positionals after
// a `--` once one came before it, so the `--` cannot wait for the `:::`.
std::vector<std::string> separate_template_inputs(const CLI::App& app,
                                                  std::vector<std::string> args, std::size_t i) {
  const CLI::App& command = *app.get_subcommand(args[i]);
  std::optional<std::size_t> first_positional;
  for (++i; i < args.size(); ++i) {
    if (args[i] == "--")
      return args;
    if (args[i] == ":::") {
      args.insert(args.begin() + static_cast<std::ptrdiff_t>(first_positional.value_or(i)), "--");
      return args;
    }
    if (!first_positional && args[i].size() > 1 && args[i][0] == '-') {
      if (takes_separate_value(app, command, args[i]))
        ++i;
    } else if (!first_positional) {
      first_positional = i;
    }
  }
  return args;
}

}  // namespace

void add_command_words(CLI::App& command, std::vector<std::string>& words) {
  command.add_option("command", words, "The command: its words are joined with spaces")
      ->option_text("CMD...");
}

std::string join_command_words(const std::vector<std::string>& words) {
  std::string command;
  for (const std::string& word : words) {
    if (!command.empty())
      command += ' ';
    command += word;
  }
  if (is_blank(command)) {
    throw UsageError(
        "no command to run: give it after the interval, e.g. `tasker every 10s -- make check`");
  }
  return command;
}

std::vector<std::string> separate_command_words(const CLI::App& app,
                                                std::vector<std::string> args) {
  std::size_t i = 0;
  // Global options may come before the subcommand.
  while (i < args.size() && args[i].size() > 1 && args[i][0] == '-' && args[i] != "--") {
    i += takes_separate_value(app, app, args[i]) ? 2 : 1;
  }
  if (i < args.size() && (args[i] == "chain" || args[i] == "run"))
    return separate_chain_words(app, std::move(args), i);
  if (i < args.size() && (args[i] == "gather" || args[i] == "list" || args[i] == "any"))
    return separate_template_inputs(app, std::move(args), i);
  if (i >= args.size() || (args[i] != "every" && args[i] != "after"))
    return args;
  const CLI::App& command = *app.get_subcommand(args[i]);
  bool seen_interval = false;
  for (++i; i < args.size(); ++i) {
    const std::string& token = args[i];
    if (token == "--")
      return args;  // already separated
    if (token.size() > 1 && token[0] == '-') {
      if (takes_separate_value(app, command, token))
        ++i;
      continue;
    }
    if (!seen_interval) {
      seen_interval = true;
      continue;
    }
    args.insert(args.begin() + static_cast<std::ptrdiff_t>(i), "--");
    return args;
  }
  return args;
}

}  // namespace tasker::cli
