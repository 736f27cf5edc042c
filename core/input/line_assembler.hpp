#pragma once
// LineAssembler: bytes in, lines out, in bounded memory. A line longer than
// the limit is handed on once, cut, when its end comes: whoever reads it
// learns it was too long without tasker holding a 10 GB line.

#include <cstddef>
#include <string>
#include <string_view>

namespace tasker {

class LineAssembler {
 public:
  /// Lines up to `max_line` bytes are kept whole.
  explicit LineAssembler(std::size_t max_line) : max_line_(max_line) {}

  /// Adds `bytes`; calls `line(text, cut)` for each line they complete,
  /// without its '\n'. `cut` is true for a line longer than max_line, of
  /// which `text` holds the first max_line + 1 bytes.
  template <class OnLine>
  void feed(std::string_view bytes, OnLine&& line) {
    while (!bytes.empty()) {
      const std::size_t end = bytes.find('\n');
      const std::string_view piece = bytes.substr(0, end);
      if (!cut_) {
        const std::size_t room = max_line_ + 1 - held_.size();
        held_.append(piece.substr(0, room));
        cut_ = piece.size() > room;
      }
      if (end == std::string_view::npos)
        return;
      line(std::string_view(held_), cut_);
      held_.clear();
      cut_ = false;
      bytes.remove_prefix(end + 1);
    }
  }

  /// At the end of the input: the last line, if it had no '\n'.
  template <class OnLine>
  void finish(OnLine&& line) {
    if (!held_.empty() || cut_)
      line(std::string_view(held_), cut_);
    held_.clear();
    cut_ = false;
  }

 private:
  std::size_t max_line_;
  std::string held_;
  bool cut_ = false;
};

}  // namespace tasker
