#include "core/input/input_lines.hpp"

#include "core/input/command_lines.hpp"
#include "core/input/input_error.hpp"

#include <fmt/format.h>

namespace tasker {

std::string input_of_line(std::string_view line, bool cut, std::size_t number,
                          std::string_view source) {
  if (line.find('\0') != std::string_view::npos)
    throw InputError(fmt::format("{} line {}: an input cannot contain a NUL byte", source, number));
  if (cut || line.size() > kMaxCommandLength) {
    throw InputError(fmt::format("{} line {}: longer than {} bytes, the most an input can be",
                                 source, number, kMaxCommandLength));
  }
  return std::string(line);
}

}  // namespace tasker
