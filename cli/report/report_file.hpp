#pragma once
// ReportFile: the destination of --report or --junit. It is prepared when
// tasker starts, before any task runs, so a path that cannot be written is a
// usage error and not a surprise at the end of a long run (docs/behaviour.md "Bad input"). The
// report goes to a temporary file beside the destination, renamed onto it by
// close(): a run killed before its end, even by SIGKILL, leaves the previous
// report whole, never an empty or half-written file.

#include "core/process/unique_fd.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace tasker::cli {

/// Opening or writing a report failed. what() is one line naming the path and
/// the reason, e.g. "cannot write report '/no/dir/r.json': No such file or directory".
class ReportFileError : public std::runtime_error {
 public:
  ReportFileError(const std::string& path, int error_number);
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] int error_number() const { return error_number_; }

 private:
  std::string path_;
  int error_number_;
};

class ReportFile {
 public:
  /// Prepares to replace `path`: creates the temporary file `.NAME.tasker-PID-N`
  /// in its folder (mode 0666 less the umask, or the mode of the file it
  /// replaces). A symbolic link is followed: the file it names is replaced.
  /// Two destinations are written in place instead, because they cannot be
  /// replaced: one that exists and is not a regular file (/dev/stdout,
  /// /dev/full, a FIFO), truncated now as before; and an existing file in a
  /// folder tasker may not create files in, truncated at the first write.
  /// Throws ReportFileError: missing directory, no permission, a directory, ...
  [[nodiscard]] static ReportFile open(const std::string& path);

  ReportFile(ReportFile&& other) noexcept;
  ReportFile& operator=(ReportFile&& other) noexcept;
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;
  /// Closes silently and removes the temporary file if close() was not reached:
  /// the destination keeps what it had.
  ~ReportFile();

  /// Writes all of `text` after what was written before; nothing is
  /// buffered in tasker.
  /// Throws ReportFileError: a full disk (/dev/full), an I/O error, or the
  /// file was already closed. Postconditions: closed if it threw.
  void write(std::string_view text);

  /// Closes the file, reporting an error the kernel gives only now (NFS), and
  /// renames it onto the destination. Calling it again does nothing.
  /// Throws ReportFileError; the destination keeps what it had then.
  void close();

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  ReportFile(std::string path, UniqueFd fd) : path_(std::move(path)), fd_(std::move(fd)) {}
  void remove_temporary() noexcept;

  std::string path_;
  UniqueFd fd_;
  std::string temporary_;  // renamed onto `target_` by close(); empty when written in place
  std::string target_;     // the file replaced: path_, or what its symbolic link names
  bool truncate_ = false;  // in place: truncate at the first write
};

}  // namespace tasker::cli
