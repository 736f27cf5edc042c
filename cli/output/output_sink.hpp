#pragma once
// OutputSink: a printer's own write buffer in front of a FILE*. Appending a
// line's pieces is a memcpy; the buffer goes out when the printer says so
// (after each chunk), never per line. When the FILE* has a descriptor it goes
// out with write(2) directly, one system call per chunk: through stdio a
// 64 KiB buffer took two or three (issue 5, `--output prefixed` throughput).

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

namespace tasker::cli {

class OutputSink {
 public:
  /// Writes to `file`, which must outlive the sink.
  explicit OutputSink(std::FILE* file);
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;
  ~OutputSink();

  /// Appends `bytes`. Once a write failed, bytes are dropped.
  void write(std::string_view bytes) {
    if (bytes.size() <= kCapacity - size_) {
      std::memcpy(buffer_.get() + size_, bytes.data(), bytes.size());
      size_ += bytes.size();
    } else {
      write_large(bytes);
    }
  }

  void put(char c) {
    if (size_ == kCapacity)
      drain();
    buffer_[size_++] = c;
  }

  /// Appends `prefix`, `line` and '\n': a printed line, with one capacity check.
  void write_line(std::string_view prefix, std::string_view line) {
    const std::size_t n = prefix.size() + line.size() + 1;
    if (n <= kCapacity - size_) {
      char* at = buffer_.get() + size_;
      std::memcpy(at, prefix.data(), prefix.size());
      std::memcpy(at + prefix.size(), line.data(), line.size());
      at[n - 1] = '\n';
      size_ += n;
    } else {
      write(prefix);
      write(line);
      put('\n');
    }
  }

  /// Hands everything written so far on, and flushes the FILE*.
  void flush();

  /// True once a write to the FILE* failed (EPIPE, ENOSPC, ...).
  [[nodiscard]] bool failed() const { return failed_; }

 private:
  // Large enough that a pipe read (64 KiB at most on Linux) is one write, prefixes and all.
  static constexpr std::size_t kCapacity = 128 * 1024;

  void write_large(std::string_view bytes);
  void drain();
  void emit(const char* data, std::size_t size);

  std::FILE* file_;
  int fd_;  // file_'s descriptor, or -1 (open_memstream): then through the FILE*
  std::unique_ptr<char[]> buffer_;
  std::size_t size_ = 0;
  bool failed_ = false;
};

}  // namespace tasker::cli
