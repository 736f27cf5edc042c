#include "cli/help/completion_scripts.hpp"

#include <stdexcept>

namespace tasker::cli {

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty())
      text += separator;
    text += word;
  }
  return text;
}

std::string fill_template(std::string text,
                          const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [name, value] : values) {
    const std::string marker = "@" + name + "@";
    for (std::size_t at = text.find(marker); at != std::string::npos;
         at = text.find(marker, at + value.size()))
      text.replace(at, marker.size(), value);
  }
  return text;
}

std::string wrap_list(const std::vector<std::string>& items, std::string_view separator,
                      std::size_t column, std::string_view line_break) {
  constexpr std::size_t kWidth = 96;
  const std::size_t break_column = line_break.size() - line_break.rfind('\n') - 1;
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      if (column + separator.size() + items[i].size() > kWidth) {
        text += line_break;
        column = break_column;
      } else {
        text += separator;
        column += separator.size();
      }
    }
    text += items[i];
    column += items[i].size();
  }
  return text;
}

std::vector<std::string> value_option_names(const std::vector<CompletionOption>& options) {
  std::vector<std::string> names;
  for (const CompletionOption& option : options) {
    if (option.kind != ValueKind::none)
      names.insert(names.end(), option.names.begin(), option.names.end());
  }
  return names;
}

const CompletionCommand& command_named(const CompletionModel& model, std::string_view name) {
  for (const CompletionCommand& command : model.commands) {
    if (command.name == name)
      return command;
  }
  throw std::out_of_range("no command " + std::string(name));
}

}  // namespace tasker::cli
