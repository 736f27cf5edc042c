#include "cli/help/completion_model.hpp"

#include "cli/commands/global_options.hpp"
#include "cli/help/help_formatter.hpp"

#include <sstream>

namespace tasker::cli {
namespace {

std::vector<std::string> split_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

ValueKind kind_of(const std::string& value, const std::vector<std::string>& words) {
  if (value.empty())
    return ValueKind::none;
  if (value.find("PATH") != std::string::npos)
    return ValueKind::command;
  if (!words.empty())
    return ValueKind::words;
  if (value.find("FILE") != std::string::npos)
    return ValueKind::file;
  if (value == "DURATION" || value == "INTERVAL" || value == "DELAY")
    return ValueKind::duration;
  return ValueKind::other;
}

CompletionOption option_model(CLI::Option& option) {
  CompletionOption model;
  for (const std::string& s : option.get_snames()) model.names.push_back("-" + s);
  for (const std::string& l : option.get_lnames()) model.names.push_back("--" + l);
  const std::string& description = option.get_description();
  model.description = description.substr(0, description.find('\n'));
  model.value = value_name(option);
  model.words = option_words(option);
  model.kind = kind_of(model.value, model.words);
  // PATH|always: a program, or the words after PATH.
  if (model.kind == ValueKind::command)
    model.words = split_words(model.value.substr(model.value.find('|') + 1));
  return model;
}

}  // namespace

std::vector<std::string> option_words(CLI::Option& option) {
  try {
    return split_words(option.get_validator(kWordsCheckName)->get_description());
  } catch (const CLI::OptionNotFound&) {
    return {};
  }
}

CompletionModel completion_model(CLI::App& app) {
  CompletionModel model;
  for (CLI::Option* option : app.get_options([](CLI::Option* o) { return o->nonpositional(); }))
    model.global.push_back(option_model(*option));
  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
    CompletionCommand entry{command->get_name(), command->get_description(), {}, {}};
    for (CLI::Option* option : command->get_options()) {
      if (option == command->get_help_ptr())
        continue;
      if (option->nonpositional())
        entry.options.push_back(option_model(*option));
      else if (entry.words.empty())
        entry.words = option_words(*option);
    }
    model.commands.push_back(std::move(entry));
  }
  return model;
}

}  // namespace tasker::cli
