#pragma once
// The lines of a --from file as commands (docs/behaviour.md "--from files"): one command per line;
// blank lines and lines whose first non-blank byte is `#` are skipped; a
// CRLF line ends before its '\r'.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tasker {

/// The longest command a line may hold: Linux passes no longer argument to
/// the shell (MAX_ARG_STRLEN, 128 KiB with its NUL).
inline constexpr std::size_t kMaxCommandLength = 128 * 1024 - 1;

/// The longest line worth keeping whole to decide: a command, a CRLF line's '\r'.
inline constexpr std::size_t kMaxCommandLine = kMaxCommandLength + 1;

/// Whether `text` holds nothing but blanks (spaces, tabs, line ends): a command that runs
/// nothing, a name that names nothing.
[[nodiscard]] bool is_blank(std::string_view text);

/// Line `number` (from 1) of `source` ("stdin", "--from file 'x'"), without
/// its '\n', and whether it was cut for being longer than kMaxCommandLine:
/// the command it holds, or nullopt for a blank line or a comment.
/// Throws InputError naming `source` and the line for a NUL byte or a
/// command longer than kMaxCommandLength.
[[nodiscard]] std::optional<std::string> command_of_line(std::string_view line, bool cut,
                                                         std::size_t number,
                                                         std::string_view source);

/// Every command of `text`, read as a whole --from file (tests and the fuzzer).
[[nodiscard]] std::vector<std::string> commands_of(std::string_view text, std::string_view source);

}  // namespace tasker
