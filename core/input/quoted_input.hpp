#pragma once
// How error messages show what the user wrote: on one line, and short.

#include <string>
#include <string_view>

namespace tasker {

/// `input` as shown inside an error message: control characters escaped (`\n`, `\t`, `\x01`) so
/// the message stays on one line, and input longer than 64 bytes cut, ending in "...".
[[nodiscard]] std::string quote_for_message(std::string_view input);

}  // namespace tasker
