#pragma once
// The marker of a remote task (a wrapper's or a slot shell's, core/process/remote_wrapper.hpp and
// core/process/slot_shell.hpp) read back from a command line or a message, for the executors'
// tests.

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace tasker {

/// The first marker of a remote task in `text`.
inline std::string remote_marker_in(const std::string& text) {
  static const std::regex marker("tasker-remote-[0-9a-f]+-[0-9]+");
  std::smatch match;
  EXPECT_TRUE(std::regex_search(text, match, marker)) << text;
  return match.str();
}

}  // namespace tasker
