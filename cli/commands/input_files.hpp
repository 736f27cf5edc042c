#pragma once
// What the two task sources of gather, list and any share (cli/commands/command_task_source.hpp
// for commands and --from, cli/commands/template_task_source.hpp for ::: and --args): opening
// the files they read, reading a regular file through once at start to check and count its
// lines, and the names --names gives.

#include "core/process/unique_fd.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tasker::cli {

/// `path` opened for reading, `-` being a duplicate of stdin. Throws UsageError naming `option`
/// ("--from", "--args") and the file when it cannot be read or is a directory.
[[nodiscard]] UniqueFd open_input_file(const std::string& path, std::string_view option);

[[nodiscard]] bool is_regular_file(int fd);

/// Reads `fd` from where it stands to its end with blocking reads, handing on each line without
/// its '\n' and whether it was cut at kMaxCommandLine (core/input/command_lines.hpp). With
/// `rewind`, goes back to where it started, so that the lines can be read again as tasks are
/// asked for. Throws UsageError naming `label` for a read error, or with the message of an
/// InputError `on_line` throws for a bad line.
void read_lines_at_start(int fd, const std::string& label, bool rewind,
                         const std::function<void(std::string_view line, bool cut)>& on_line);

/// The names `--names NAMES` gives, comma-separated, checked against the number of tasks,
/// `count` ("commands" or "tasks" say `counted`): throws UsageError when the count is not known
/// (`stream` says what cannot be counted), is not the number of names, or a name is blank or
/// given twice.
[[nodiscard]] std::vector<std::string> task_names(const std::string& names,
                                                  std::optional<std::size_t> count,
                                                  std::string_view counted,
                                                  std::string_view stream);

}  // namespace tasker::cli
