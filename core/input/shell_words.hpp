#pragma once
// Shell words: splitting a string into words as a POSIX shell does (quotes and backslashes, no
// expansion), for --ssh and --slurm-args; and quoting a word so that a shell reads it back whole.

#include "core/input/input_error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tasker {

/// The words of `text` as `sh` would split them, without expanding anything: blanks separate
/// words; single quotes keep everything up to the next one; double quotes keep everything but a
/// backslash before `$`, backquote, `"`, `\` or a newline; a backslash outside quotes keeps the
/// next byte. Throws InputError naming the problem for an unterminated quote or a trailing
/// backslash.
[[nodiscard]] std::vector<std::string> split_shell_words(std::string_view text);

/// `word` in single quotes (each `'` inside as `'\''`), unless it is made only of bytes no shell
/// gives meaning to: what sh reads back as exactly `word`, as one word.
[[nodiscard]] std::string shell_quote(std::string_view word);

/// `words` as one command line for sh, each quoted by shell_quote, separated by spaces.
[[nodiscard]] std::string shell_command_line(const std::vector<std::string>& words);

}  // namespace tasker
