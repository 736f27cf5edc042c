#pragma once
// The lines of an --args file as inputs of a command template (docs/behaviour.md "Many inputs"):
// every line is one input, blank lines included, as GNU parallel's `::::` reads them.

#include <cstddef>
#include <string>
#include <string_view>

namespace tasker {

/// Line `number` (from 1) of `source` ("stdin", "--args file 'x'"), without its '\n', and
/// whether it was cut for being longer than kMaxCommandLine: the input it holds.
/// Throws InputError naming `source` and the line for a NUL byte (no argument can hold one) or
/// an input longer than kMaxCommandLength.
[[nodiscard]] std::string input_of_line(std::string_view line, bool cut, std::size_t number,
                                        std::string_view source);

}  // namespace tasker
