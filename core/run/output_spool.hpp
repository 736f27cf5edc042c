#pragma once
// OutputSpool: one step's stdout, kept for the next step of a chain to read
// as its stdin (docs/behaviour.md "What a step receives"), in an unlinked temporary file, never in
// memory. A retried step reads it again from its start: each process opens it afresh.

#include "core/process/unique_fd.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace tasker {

class OutputSpool {
 public:
  /// A new, empty spool; null, with `error` saying why, when no temporary
  /// file can be made (then nothing is handed on).
  [[nodiscard]] static std::shared_ptr<OutputSpool> make(std::string& error);

  /// Adds bytes at the end. What a full disk refuses is dropped, and lost() says so.
  void append(std::string_view bytes);

  /// A path a process opens to read the spool from its start:
  /// /proc/self/fd/N, N being tasker's descriptor, which a spawned process
  /// still has while it opens its stdin (descriptors close at exec).
  [[nodiscard]] std::string path() const;

  /// True if some bytes could not be written.
  [[nodiscard]] bool lost() const { return lost_; }

  explicit OutputSpool(UniqueFd fd) : fd_(std::move(fd)) {}

 private:
  UniqueFd fd_;
  bool lost_ = false;
};

}  // namespace tasker
