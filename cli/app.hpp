#pragma once

#include <iosfwd>

namespace tasker::cli {

// The whole program: parses argv, runs the chosen command, returns the exit status (SPEC §3).
// Help and --version go to `out`; usage errors are one line, "tasker: <what>", on `err`, with
// status kExitUsage.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// run() on std::cout and std::cerr; what cli/main.cpp calls.
int main(int argc, char** argv);

}  // namespace tasker::cli
