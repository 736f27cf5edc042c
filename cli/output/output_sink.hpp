#pragma once
// OutputSink: a printer's own write buffer in front of tasker's stdout or
// stderr. Appending a line's pieces is a copy into the buffer; the buffer
// goes out when the printer says so (after each chunk), never per line: to
// the FdWriter that writes it from its own thread (never blocking the event
// loop), or, without one, with write(2) at once (a memory stream in tests
// goes through its FILE*).

#include "cli/output/fd_writer.hpp"

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace tasker::cli {

class OutputSink {
 public:
  /// Writes to `file`, through `writer` when one is given. Both must outlive the sink.
  explicit OutputSink(std::FILE* file, FdWriter* writer = nullptr);
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;
  ~OutputSink();

  /// Appends `bytes`. Once a write failed, bytes are dropped.
  void write(std::string_view bytes) {
    if (bytes.size() <= kCapacity - buffer_.size()) {
      buffer_.append(bytes);
    } else {
      write_large(bytes);
    }
  }

  void put(char c) {
    if (buffer_.size() == kCapacity)
      drain();
    buffer_.push_back(c);
  }

  /// Appends `prefix`, `line` and '\n': a printed line, with one capacity check.
  void write_line(std::string_view prefix, std::string_view line) {
    if (prefix.size() + line.size() + 1 > kCapacity - buffer_.size())
      drain();
    buffer_.append(prefix);
    buffer_.append(line);
    buffer_.push_back('\n');
  }

  /// Appends the contents of `file` from its start (a spill file), without
  /// holding them in memory when a writer takes them.
  void write_file(UniqueFd file);

  /// Hands everything written so far on.
  void flush();

  /// True if the last byte written was '\n' (or nothing was written yet).
  [[nodiscard]] bool ends_line() const {
    return buffer_.empty() ? last_ == '\n' : buffer_.back() == '\n';
  }

  /// Where the sink stands: what it handed over so far, and what it holds.
  struct Position {
    std::size_t handovers;
    std::size_t buffered;
    friend bool operator==(const Position&, const Position&) = default;
  };
  [[nodiscard]] Position position() const { return {handovers_, buffer_.size()}; }
  /// Takes back what was written since `at` (a fence that turned out to hold
  /// nothing). Preconditions: nothing was handed over since `at`.
  void rewind(Position at) { buffer_.resize(at.buffered); }

  /// True once a write failed (EPIPE, ENOSPC, ...).
  [[nodiscard]] bool failed() const;

 private:
  // Large enough that a pipe read (64 KiB at most on Linux) is one write, prefixes and all.
  static constexpr std::size_t kCapacity = 128 * 1024;

  void write_large(std::string_view bytes);
  void drain();
  void emit(std::string_view bytes);

  std::FILE* file_;
  FdWriter* writer_;
  int fd_;  // file_'s descriptor, or -1 (open_memstream): then through the FILE*
  std::string buffer_;
  std::size_t handovers_ = 0;
  char last_ = '\n';  // the last byte handed over
  bool failed_ = false;
};

}  // namespace tasker::cli
