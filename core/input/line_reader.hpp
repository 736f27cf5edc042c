#pragma once
// LineReader: the lines of a file descriptor, one at a time, read only as
// they are asked for. A regular file is read when asked; a pipe, FIFO or
// terminal when the event loop says it is readable, so a producer that
// writes slowly never blocks tasker, and one that never ends never grows
// its memory: at most one read (64 KiB) of lines is held.
//
// The descriptor is read with plain read(2) once it is readable: it is
// never made non-blocking, a flag other readers of a shared terminal or
// pipe would see too.

#include "core/input/line_assembler.hpp"
#include "core/process/unique_fd.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace tasker {

/// One line read: its text without '\n', whether it was cut (longer than
/// the reader's limit), and its number from 1.
struct ReadLine {
  std::string text;
  bool cut = false;
  std::size_t number = 0;
};

class LineReader {
 public:
  /// Called once per next(): with a line, or nullopt at the end of the input.
  using Ready = std::function<void(std::optional<ReadLine>)>;

  /// Reads `fd`, which it owns, keeping lines up to `max_line` bytes whole.
  LineReader(boost::asio::io_context& io, UniqueFd fd, std::size_t max_line);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// The next line: `ready` runs now if one is at hand (always, for a
  /// regular file), else from the event loop when it arrives.
  /// Preconditions: no other next() is pending.
  void next(Ready ready);

  /// No more next(): a pending one is dropped, never called.
  void stop();

  /// Why reading ended early ("Input/output error"), empty if it did not.
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  bool read_once();
  void wait_readable();
  void deliver();

  UniqueFd fd_;
  bool regular_file_ = false;
  LineAssembler assembler_;
  std::deque<ReadLine> lines_;
  std::size_t numbered_ = 0;
  bool at_end_ = false;
  bool stopped_ = false;
  std::string error_;
  Ready pending_;
  std::optional<boost::asio::posix::stream_descriptor> watch_;
  // Handlers still queued after the reader is gone find this expired.
  std::shared_ptr<LineReader*> alive_;
};

}  // namespace tasker
