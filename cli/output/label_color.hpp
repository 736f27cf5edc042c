#pragma once
// The colors that tell producers apart in prefixed and grouped output.

#include <array>
#include <cstddef>
#include <string_view>

namespace tasker::cli {

/// Six colors readable on dark and light backgrounds; red is left out so that
/// a label never looks like an error.
inline constexpr std::array<std::string_view, 6> kLabelColors = {
    "\x1b[36m",  // cyan
    "\x1b[33m",  // yellow
    "\x1b[32m",  // green
    "\x1b[35m",  // magenta
    "\x1b[34m",  // blue
    "\x1b[96m",  // bright cyan
};

inline constexpr std::string_view kColorReset = "\x1b[0m";

/// The color of producer `id`: neighbours differ, and the palette repeats.
[[nodiscard]] inline std::string_view label_color(std::size_t id) {
  return kLabelColors[id % kLabelColors.size()];
}

}  // namespace tasker::cli
