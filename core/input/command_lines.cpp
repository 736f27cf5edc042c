#include "core/input/command_lines.hpp"

#include "core/input/input_error.hpp"
#include "core/input/line_assembler.hpp"

#include <fmt/format.h>

namespace tasker {
namespace {

constexpr std::string_view kBlanks = " \t\r\n\v\f";

}  // namespace

bool is_blank(std::string_view text) {
  return text.find_first_not_of(kBlanks) == std::string_view::npos;
}

std::optional<std::string> command_of_line(std::string_view line, bool cut, std::size_t number,
                                           std::string_view source) {
  if (line.find('\0') != std::string_view::npos) {
    throw InputError(
        fmt::format("{} line {}: a command cannot contain a NUL byte", source, number));
  }
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  if (cut || line.size() > kMaxCommandLength) {
    throw InputError(fmt::format("{} line {}: longer than {} bytes, the most a command can be",
                                 source, number, kMaxCommandLength));
  }
  const std::size_t first = line.find_first_not_of(kBlanks);
  if (first == std::string_view::npos || line[first] == '#')
    return std::nullopt;
  return std::string(line);
}

std::vector<std::string> commands_of(std::string_view text, std::string_view source) {
  std::vector<std::string> commands;
  std::size_t number = 0;
  const auto on_line = [&](std::string_view line, bool cut) {
    if (auto command = command_of_line(line, cut, ++number, source))
      commands.push_back(std::move(*command));
  };
  LineAssembler lines(kMaxCommandLine);
  lines.feed(text, on_line);
  lines.finish(on_line);
  return commands;
}

}  // namespace tasker
