#include "cli/app.hpp"

#include "cli/exit_codes.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>
#include <iostream>
#include <string>

#ifndef TASKER_VERSION
#error "TASKER_VERSION must be defined by the build (cli/CMakeLists.txt)"
#endif

namespace tasker::cli {
namespace {

constexpr const char* kVersion = TASKER_VERSION;

// CLI11's default failure message adds a second line ("Run with --help ..."); the SPEC wants a
// single line naming the problem.
std::string one_line_failure(const CLI::App* /*app*/, const CLI::Error& e) {
  return fmt::format("tasker: {}\n", e.what());
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "Run shell commands in parallel, periodically or after a delay, combining their "
      "outcomes with Twisted Deferred semantics.",
      "tasker"};
  app.set_version_flag("--version", fmt::format("tasker {}", kVersion));
  app.failure_message(one_line_failure);
  // Subcommands (gather, list, any, every, after) register here.

  try {
    app.parse(argc, argv);
    // Checked here rather than with require_subcommand(): CLI11 2.1.2 checks requirements
    // before stray arguments, so `tasker --bogus` would say "A subcommand is required" instead
    // of naming --bogus.
    if (app.get_subcommands().empty()) {
      throw CLI::RequiredError("A subcommand");
    }
  } catch (const CLI::ParseError& e) {
    // Help and --version come through here with status 0; every other parse error is a usage
    // error, whatever CLI11's own code for it.
    return app.exit(e, out, err) == 0 ? kExitSuccess : kExitUsage;
  }
  return kExitSuccess;
}

int main(int argc, char** argv) {
  try {
    return run(argc, argv, std::cout, std::cerr);
  } catch (const std::exception& e) {
    // Nothing should get here; if something does, say what instead of aborting.
    std::cerr << fmt::format("tasker: internal error: {}\n", e.what());
    return kExitUnhandledFailure;
  }
}

}  // namespace tasker::cli
