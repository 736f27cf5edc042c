#pragma once
// ReportFile: the destination of --report or --junit. It is opened when
// tasker starts, before any task runs, so a path that cannot be written is a
// usage error and not a surprise at the end of a long run (SPEC §5).

#include "core/process/unique_fd.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

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
  /// Creates `path`, or truncates it if it exists (mode 0666 less the umask).
  /// Throws ReportFileError: missing directory, no permission, a directory, ...
  [[nodiscard]] static ReportFile open(const std::string& path);

  ReportFile(ReportFile&&) noexcept = default;
  ReportFile& operator=(ReportFile&&) noexcept = default;
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;
  ~ReportFile() = default;

  /// Writes all of `text` after what was written before; nothing is
  /// buffered, so it is in the file when write() returns.
  /// Throws ReportFileError: a full disk (/dev/full), an I/O error, or the
  /// file was already closed. Postconditions: closed if it threw.
  void write(std::string_view text);

  /// Closes the file, reporting an error the kernel gives only now (NFS).
  /// The destructor closes too, but silently. Calling it again does nothing.
  void close();

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  ReportFile(std::string path, UniqueFd fd) : path_(std::move(path)), fd_(std::move(fd)) {}

  std::string path_;
  UniqueFd fd_;
};

}  // namespace tasker::cli
