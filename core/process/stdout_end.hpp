#pragma once
// StdoutEnd: finds the slot shell's end line (core/process/slot_shell.hpp) in a task's stdout as
// it arrives, and hands on the bytes before it, the task's own. The line, `MARKER end`, is found
// wherever it starts: after a task's output that did not end with a newline too (the marker is
// random, so no output forges it). Only an end that may be the marker's start is held for the
// next read, never a line's newline: live output comes line by line as it is written.

#include <string>
#include <string_view>

namespace tasker {

class StdoutEnd {
 public:
  /// `marker` is the task's; it must not be empty.
  explicit StdoutEnd(std::string_view marker);

  /// Takes the next bytes of stdout; returns those that are the task's. Bytes that may be the
  /// start of the end line are held until the next call tells; nothing after the line is the
  /// task's.
  [[nodiscard]] std::string take(std::string_view bytes);

  /// True once the end line came.
  [[nodiscard]] bool ended() const { return ended_; }

 private:
  std::string line_;     // "MARKER end\n"
  std::string pending_;  // held: may be the start of the line
  bool ended_ = false;
};

}  // namespace tasker
