#pragma once
// SpillBuffer: holds one stream's output until it can be printed, in memory
// while that is allowed and in a temporary file after (docs/behaviour.md "Bounded memory": memory
// stays bounded and nothing is lost). The file is made in $TMPDIR (else /tmp) and unlinked at once,
// so it vanishes with tasker however tasker ends.

#include "cli/output/output_sink.hpp"
#include "core/process/unique_fd.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace tasker::cli {

class SpillBuffer {
 public:
  SpillBuffer() = default;
  SpillBuffer(SpillBuffer&&) noexcept = default;
  SpillBuffer& operator=(SpillBuffer&&) noexcept = default;
  ~SpillBuffer() = default;

  /// Keeps `bytes` after those appended before: in memory until spill(), in
  /// the temporary file after. Bytes the file does not take (a full disk)
  /// stay in memory, and failed() says so.
  void append(std::string_view bytes);

  /// From now on bytes go to a temporary file; those in memory move there first.
  void spill();

  /// True once a temporary file could not be made or written: the bytes
  /// that did not go there are in memory, and nothing was lost.
  [[nodiscard]] bool failed() const { return failed_; }
  /// Why, for people: "cannot write a temporary file in /tmp: No space left on device".
  [[nodiscard]] const std::string& failure() const { return failure_; }

  /// Hands every byte kept, in order, to `sink`, and forgets them.
  void copy_to(OutputSink& sink);

  /// Bytes appended, wherever they are kept.
  [[nodiscard]] std::size_t size() const { return size_; }
  /// Bytes kept in memory.
  [[nodiscard]] std::size_t memory() const { return memory_.size(); }
  /// True if the last byte appended was '\n' (or nothing was appended).
  [[nodiscard]] bool ends_line() const { return size_ == 0 || last_ == '\n'; }

 private:
  bool open_file();
  bool write_file(std::string_view bytes);
  void fail(const std::string& why);

  std::string memory_;
  UniqueFd file_;
  bool spilling_ = false;
  bool failed_ = false;
  std::string failure_;
  std::size_t size_ = 0;
  char last_ = '\n';
};

}  // namespace tasker::cli
