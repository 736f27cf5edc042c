#pragma once
// SpillBuffer: holds one stream's output until it can be printed, in memory
// while that is allowed and in a temporary file after (SPEC §5: memory stays
// bounded and nothing is lost).

#include "cli/output/output_sink.hpp"

#include <cstddef>
#include <cstdio>
#include <memory>
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
  /// the temporary file after.
  void append(std::string_view bytes);

  /// From now on bytes go to a temporary file; those in memory move there
  /// first. The file is made when there is something to put in it. If it
  /// cannot be made, the bytes stay in memory: losing output would be worse.
  void spill();

  /// Copies every byte kept, in order, to `sink`, and forgets them.
  /// Returns false if some were lost because the temporary file failed
  /// (full disk, say).
  [[nodiscard]] bool copy_to(OutputSink& sink);

  /// Bytes appended, wherever they are kept.
  [[nodiscard]] std::size_t size() const { return size_; }
  /// Bytes kept in memory.
  [[nodiscard]] std::size_t memory() const { return memory_.size(); }
  /// True if the last byte appended was '\n' (or nothing was appended).
  [[nodiscard]] bool ends_line() const { return size_ == 0 || last_ == '\n'; }

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };

  bool open_file();

  std::string memory_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  bool spilling_ = false;
  bool lost_ = false;
  std::size_t size_ = 0;
  char last_ = '\n';
};

}  // namespace tasker::cli
