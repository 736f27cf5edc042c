// commands_of (the --from parser) on arbitrary bytes: it returns commands or
// throws InputError with a one-line message, never anything else, and what
// it returns is what docs/behaviour.md "--from files" says a --from
// file gives.

#include "core/input/command_lines.hpp"
#include "core/input/input_error.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto commands = tasker::commands_of(text, "--from file 'fuzz'");
    for (const std::string& command : commands) {
      FUZZ_CHECK(command.find_first_not_of(" \t\r\n\v\f") != std::string::npos);  // not blank
      FUZZ_CHECK(command.find('\n') == std::string::npos);
      FUZZ_CHECK(command.find('\0') == std::string::npos);
      FUZZ_CHECK(command[command.find_first_not_of(" \t")] != '#');  // not a comment
    }
    FUZZ_CHECK(commands.size() <= size);
  } catch (const tasker::InputError& e) {
    const std::string what = e.what();
    FUZZ_CHECK(what.find('\n') == std::string::npos);
    FUZZ_CHECK(what.find("--from file 'fuzz'") != std::string::npos);  // names the file
  }
  return 0;
}
