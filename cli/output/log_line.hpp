#pragma once
// tasker's own lines on stderr ("tasker: ..."), kept after the task output
// they follow.

#include <string_view>

namespace tasker::cli {

/// Writes `tasker: LINE` and a newline to stderr, after flushing stdout.
void log_line(std::string_view line);

}  // namespace tasker::cli
