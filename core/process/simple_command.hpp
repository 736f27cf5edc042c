#pragma once
// split_simple_command: whether a command line needs a shell at all. A plain
// `prog arg arg` is run directly, as make does, saving the shell's own exec
// per task; anything the shell would interpret goes to `sh -c` as before.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tasker {

/// The argv of `command` when running it directly is exactly what
/// `sh -c command` would do; nullopt when only a shell can run it.
///
/// A command runs directly when all of these hold:
///  - it has no byte a shell gives meaning to: quotes, `$`, backquote, `\`,
///    `|`, `&`, `;`, `<`, `>`, `(`, `)`, `{`, `}`, `*`, `?`, `[`, `]`, `~`,
///    `#`, `!`, and no control character but tab (newline included);
///  - its words, split on spaces and tabs, are at least one;
///  - the first word has no `=` (`VAR=value cmd` is an assignment; an `=`
///    in a later word is an ordinary byte to the shell as well);
///  - the first word is not a shell keyword (`if`, `for`, `time`, ...) nor a
///    builtin (`cd`, `exit`, `export`, `.`, `ulimit`, `wait`, `kill`, `pwd`,
///    ...), whose effect or output differs from any program of that name.
///    `true` and `false` without arguments, and `echo` whose arguments do not
///    start with `-`, behave the same as their programs and run directly.
///
/// It never decides that a command cannot be found: PATH lookup happens at
/// spawn time, and a failed direct start is retried through the shell, which
/// then reports it as it always did (127 not found, 126 not executable).
[[nodiscard]] std::optional<std::vector<std::string>> split_simple_command(
    std::string_view command);

}  // namespace tasker
