#include "core/input/quoted_input.hpp"

#include <fmt/format.h>

namespace tasker {

std::string quote_for_message(std::string_view input) {
  constexpr std::size_t kMaxShown = 64;
  std::string_view shown = input;
  bool cut = false;
  if (shown.size() > kMaxShown) {
    std::size_t end = kMaxShown;
    // Do not split a UTF-8 sequence: back off over continuation bytes.
    while (end > 0 && (static_cast<unsigned char>(shown[end]) & 0xC0U) == 0x80U) {
      --end;
    }
    shown = shown.substr(0, end);
    cut = true;
  }
  std::string out;
  out.reserve(shown.size() + 8);
  for (const char c : shown) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20U || u == 0x7FU) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  if (cut) {
    out += "...";
  }
  return out;
}

}  // namespace tasker
