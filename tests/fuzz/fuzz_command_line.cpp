// parse_command_line on arbitrary argument vectors: the input split on NUL
// if it holds one (so arguments may contain newlines), else on newline (so
// seeds are readable text files). It only parses — the chosen command is never run — so the
// fuzzer cannot start processes. Checked: no crash, help and --version on
// `out` with status 0, any usage error as exactly one "tasker: " line on
// `err` with status 2 (docs/behaviour.md "Bad input").

#include "cli/app.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const char separator = input.find('\0') != std::string_view::npos ? '\0' : '\n';
  std::vector<std::string> words{"tasker"};
  std::string word;
  for (const char c : input) {
    if (c == separator) {
      words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (size > 0)
    words.push_back(word);
  std::vector<const char*> argv;
  for (const std::string& w : words) argv.push_back(w.c_str());
  argv.push_back(nullptr);

  std::ostringstream out;
  std::ostringstream err;
  const tasker::cli::ParsedCommandLine parsed =
      tasker::cli::parse_command_line(static_cast<int>(words.size()), argv.data(), out, err);
  if (parsed.action) {
    FUZZ_CHECK(out.str().empty());
    FUZZ_CHECK(err.str().empty());
    FUZZ_CHECK(parsed.global != nullptr);
  } else if (parsed.status == 0) {
    FUZZ_CHECK(!out.str().empty());  // --help or --version
    FUZZ_CHECK(err.str().empty());
  } else {
    FUZZ_CHECK(parsed.status == 2);
    const std::string message = err.str();
    FUZZ_CHECK(out.str().empty());
    FUZZ_CHECK(message.rfind("tasker: ", 0) == 0);
    FUZZ_CHECK(message.find('\n') == message.size() - 1);  // exactly one line
  }
  return 0;
}
