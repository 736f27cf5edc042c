#pragma once
// LineSplitter: turns one output stream's chunks, as a pipe delivers them,
// into lines, holding at most one unfinished line of bounded size
// (docs/behaviour.md "Bounded memory": memory stays flat however much a task prints, and nothing is
// lost).

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace tasker {

/// How an emitted piece ends. The stream's bytes are exactly the pieces in
/// order, each followed by '\n' when its end is `newline`: a printer can
/// reproduce them byte for byte.
enum class LineEnd {
  newline,  ///< the piece ended a line; its '\n' was removed
  cut,      ///< the line goes on in the next piece: it was longer than the cap
  eof,      ///< the stream ended without a final '\n' (emitted by finish() only)
};

class LineSplitter {
 public:
  /// Receives each piece. The view is valid only during the call. A piece
  /// starts a new line unless the piece before it ended with `cut`.
  using Emit = std::function<void(std::string_view piece, LineEnd end)>;

  /// Preconditions: `max_line` > 0.
  LineSplitter(std::size_t max_line, Emit emit);

  /// Emits every line `chunk` completes, and every `max_line` bytes of a line
  /// longer than that; keeps the rest (at most `max_line` bytes) for later.
  /// A piece lying wholly inside `chunk` is emitted as a view into it, without
  /// a copy. A `\r` is an ordinary byte. `emit` must not call feed() or finish().
  /// Postconditions: pending() <= max_line.
  void feed(std::string_view chunk);

  /// Ends the stream: emits the unfinished line, if any, with LineEnd::eof.
  /// Postconditions: pending() == 0; the splitter can start a new stream.
  void finish();

  /// Bytes held back, waiting for the rest of their line.
  [[nodiscard]] std::size_t pending() const { return pending_.size(); }

 private:
  std::size_t max_line_;
  Emit emit_;
  std::string pending_;
};

}  // namespace tasker
