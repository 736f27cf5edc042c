#pragma once
// The examples `tasker [COMMAND] --help` ends with: two for each command, each one that runs as
// printed (the e2e help test runs them) and fits a 60-column terminal.

#include <string>
#include <string_view>

namespace tasker::cli {

/// The "Examples:" block for `command` ("" for tasker itself), empty for an unknown command.
[[nodiscard]] std::string command_examples(std::string_view command);

}  // namespace tasker::cli
