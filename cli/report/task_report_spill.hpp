#pragma once
// TaskReportSpill: the report entries of a run's finished tasks, kept in a
// temporary file ($TMPDIR, else /tmp, unlinked at once) instead of memory, so
// a run of 100 000 inputs holds a few bytes per task, not a TaskReport each.
// They are read back one at a time, in index order, when the reports are
// written at the end.

#include "cli/report/run_report.hpp"
#include "core/process/unique_fd.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tasker::cli {

/// The spill file could not be made, written or read back; what() says why.
class TaskReportSpillError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TaskReportSpill {
 public:
  /// Makes the temporary file. Throws TaskReportSpillError ("cannot make a temporary file in
  /// /tmp: ...").
  TaskReportSpill();

  /// Writes `task` to the file; entries may come in any order. Never throws on a full disk:
  /// what cannot be written stays in memory.
  void add(const TaskReport& task);

  /// The entries added.
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

  /// Calls `visit` with each entry, by index (entries of the same index in the order added).
  /// The reference is valid during the call only.
  void for_each(const std::function<void(const TaskReport&)>& visit);

  /// The entry at `position` in index order; position < size().
  [[nodiscard]] TaskReport at(std::size_t position);

  /// Where the entry of index `index` is in index order, if one was added.
  [[nodiscard]] std::optional<std::size_t> position_of(std::size_t index);

 private:
  struct Entry {
    std::size_t index = 0;
    std::uint64_t offset = 0;  // of its record in the file
  };

  void flush();
  void sort();
  TaskReport read(std::uint64_t offset);
  std::string_view bytes(std::uint64_t offset, std::size_t length);
  std::string_view file_bytes(std::uint64_t offset, std::size_t length);

  UniqueFd fd_;
  std::string pending_;        // records not written yet: they follow the file's bytes
  std::uint64_t written_ = 0;  // bytes in the file
  bool write_failed_ = false;  // the disk failed once: pending_ keeps the rest
  // A deque, not a vector: 16 bytes a task and no doubling, so no moment with two copies.
  std::deque<Entry> entries_;
  bool sorted_ = true;
  std::string window_;  // bytes read back, from window_at_
  std::uint64_t window_at_ = 0;
  std::string straddling_;  // a record written in part, with its rest from pending_
};

}  // namespace tasker::cli
