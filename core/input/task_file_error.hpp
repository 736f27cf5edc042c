#pragma once
// How a bad task file is reported: one line, "FILE:LINE:COLUMN: message", as compilers do, so
// editors and terminals can jump to the place.

#include "core/input/input_error.hpp"
#include "core/input/task_spec.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace tasker {

/// An InputError at `position`. Control characters in the message become spaces: it stays one
/// line whatever the file holds.
[[nodiscard]] inline InputError task_file_error(const spec::Position& position,
                                                std::string_view message) {
  std::string line =
      fmt::format("{}:{}:{}: {}", position.file(), position.line, position.column, message);
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20U || c == '\x7f')
      c = ' ';
  }
  return InputError(line);
}

}  // namespace tasker
