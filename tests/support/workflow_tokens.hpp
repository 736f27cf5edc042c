#pragma once
// Task output on GitHub Actions is fenced by ::stop-commands:: lines holding
// a fresh random token: tests compare the text with the tokens named T.

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace tasker {

// `text` with each ::stop-commands:: fence's token written as T, after checking that every
// fence is closed by its own token and that no two fences share one.
inline std::string tokens_named(const std::string& text) {
  static const std::regex open("::stop-commands::([0-9a-f]{32})\n");
  std::set<std::string> seen;
  std::string named = text;
  for (std::sregex_iterator it(text.begin(), text.end(), open), end; it != end; ++it) {
    const std::string token = (*it)[1];
    EXPECT_TRUE(seen.insert(token).second) << "token used twice: " << token;
    const std::size_t close =
        text.find("::" + token + "::\n", static_cast<std::size_t>(it->position()));
    EXPECT_NE(close, std::string::npos) << "fence " << token << " is never closed";
    for (std::size_t at = 0; (at = named.find(token, at)) != std::string::npos;) {
      named.replace(at, token.size(), "T");
    }
  }
  return named;
}

}  // namespace tasker
