#pragma once
// OutputCapture: the tail of one task stream, kept for --json (--capture-limit in
// docs/behaviour.md "Options of every command"). Memory stays bounded however much a task prints,
// and the bytes it drops are counted so the report can state them
// (docs/behaviour.md "Nothing lost").

#include "cli/report/run_report.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace tasker::cli {

/// The default --capture-limit: 64 KiB per stream per task.
inline constexpr std::size_t kDefaultCaptureLimit = 64 * 1024;

class OutputCapture {
 public:
  /// Keeps at most the last `limit` bytes; 0 keeps nothing and counts every byte as dropped.
  explicit OutputCapture(std::size_t limit = kDefaultCaptureLimit) : limit_(limit) {}

  /// Adds bytes at the end of the stream, in O(bytes.size()).
  /// Postconditions: held() <= limit(); memory grows with held(), never past limit().
  void append(std::string_view bytes);

  /// The last limit() bytes seen, and how many came before them.
  /// Postconditions: the capture is empty, as if new, with the same limit, and its memory freed.
  [[nodiscard]] CapturedStream take();

  [[nodiscard]] std::size_t limit() const { return limit_; }
  /// Bytes seen so far, kept or dropped.
  [[nodiscard]] std::size_t total() const { return total_; }
  /// Bytes kept right now.
  [[nodiscard]] std::size_t held() const { return ring_.size(); }
  /// Bytes of storage allocated; never more than limit().
  [[nodiscard]] std::size_t capacity() const { return ring_.capacity(); }

 private:
  std::size_t limit_;
  // Fills up to limit_ bytes, then works as a ring: head_ is the oldest byte,
  // overwritten first. A ring, not a string trimmed at the front, so a byte
  // is copied once and storage never exceeds the limit.
  std::vector<char> ring_;
  std::size_t head_ = 0;
  std::size_t total_ = 0;
};

}  // namespace tasker::cli
