#pragma once

#include "cli/commands/commands.hpp"

#include <functional>
#include <iosfwd>
#include <memory>

namespace tasker::cli {

struct GlobalOptions;

// What the command line asks for, before anything runs.
struct ParsedCommandLine {
  // The chosen command, ready to run; empty when there is nothing to run
  // (help, --version, a usage error).
  Action action;
  // The exit status when there is no action.
  int status = 0;
  // Owns the options `action` reads.
  std::shared_ptr<GlobalOptions> global;
};

// Parses argv without running anything (also what the fuzz target calls). Help and --version go
// to `out`; a usage error is one line, "tasker: <what>", on `err`.
[[nodiscard]] ParsedCommandLine parse_command_line(int argc, const char* const* argv,
                                                   std::ostream& out, std::ostream& err);

// The whole program but for dying of a signal: parses argv, runs the chosen command, and says
// how tasker ends (docs/behaviour.md "Exit statuses"). Help and --version go to `out`; usage errors
// are one line, "tasker: <what>", on `err`, with status::kUsage.
CommandExit run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// run() on std::cout and std::cerr; what cli/main.cpp calls.
int main(int argc, char** argv);

}  // namespace tasker::cli
