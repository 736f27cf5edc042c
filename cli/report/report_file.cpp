#include "cli/report/report_file.hpp"

#include <fmt/format.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <utility>

namespace tasker::cli {

ReportFileError::ReportFileError(const std::string& path, int error_number)
    : std::runtime_error(
          fmt::format("cannot write report '{}': {}", path, ::strerror(error_number))),
      path_(path),
      error_number_(error_number) {}

ReportFile ReportFile::open(const std::string& path) {
  // O_CLOEXEC: task processes must not inherit the report.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0)
    throw ReportFileError(path, errno);
  return ReportFile(path, UniqueFd(fd));
}

void ReportFile::write(std::string_view text) {
  if (!fd_)
    throw ReportFileError(path_, EBADF);
  while (!text.empty()) {
    const ssize_t written = ::write(fd_.get(), text.data(), text.size());
    if (written < 0 && errno == EINTR)
      continue;
    if (written < 0) {
      const int error_number = errno;
      fd_.reset();
      throw ReportFileError(path_, error_number);
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

void ReportFile::close() {
  if (!fd_)
    return;
  // EINTR from close() still closed the file on Linux, and the data was handed over.
  if (::close(fd_.release()) != 0 && errno != EINTR)
    throw ReportFileError(path_, errno);
}

}  // namespace tasker::cli
