#pragma once
// Whether tasker's own output may carry ANSI colors
// (--color in docs/behaviour.md "Options of every command").

#include <cstdio>

namespace tasker::cli {

/// --color auto|always|never (`auto` is a keyword, hence `automatic`).
enum class ColorChoice { automatic, always, never };

/// True if output written to `file` should be colored. `automatic` colors a
/// terminal only, and not when NO_COLOR is set to a non-empty value
/// (no-color.org) or TERM is "dumb"; the environment is read at each call.
[[nodiscard]] bool use_color(ColorChoice choice, std::FILE* file);

}  // namespace tasker::cli
