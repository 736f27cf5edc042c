#include "cli/report/report_file.hpp"

#include <fmt/format.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace tasker::cli {
namespace {

// O_CLOEXEC: task processes must not inherit the report.
constexpr int kWriteFlags = O_WRONLY | O_CLOEXEC;

// Names tried for the temporary file before giving up: a killed run may have left some.
constexpr int kTemporaryNameTries = 100;

// `target` split at its last slash: the folder ("." for none) and the file name.
std::pair<std::string, std::string> split_path(const std::string& target) {
  const std::size_t slash = target.rfind('/');
  if (slash == std::string::npos)
    return {".", target};
  return {slash == 0 ? "/" : target.substr(0, slash), target.substr(slash + 1)};
}

// Creates a temporary file beside `target`; returns its descriptor (or -1, errno set) and
// sets `name`. Hidden, named after the report and this process, so a leftover is explained.
int create_temporary(const std::string& target, mode_t mode, std::string& name) {
  const auto [folder, base] = split_path(target);
  for (int n = 0; n < kTemporaryNameTries; ++n) {
    name = fmt::format("{}/.{}.tasker-{}-{}", folder, base, ::getpid(), n);
    const int fd = ::open(name.c_str(), kWriteFlags | O_CREAT | O_EXCL, mode);
    if (fd >= 0 || errno != EEXIST)
      return fd;
  }
  errno = EEXIST;
  return -1;
}

}  // namespace

ReportFileError::ReportFileError(const std::string& path, int error_number)
    : std::runtime_error(
          fmt::format("cannot write report '{}': {}", path, ::strerror(error_number))),
      path_(path),
      error_number_(error_number) {}

ReportFile ReportFile::open(const std::string& path) {
  struct stat existing {};
  const bool exists = ::stat(path.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode)) {
    // A device, a FIFO or a terminal cannot be replaced; a directory fails here, as it should.
    const int fd = ::open(path.c_str(), kWriteFlags | O_CREAT | O_TRUNC, 0666);
    if (fd < 0)
      throw ReportFileError(path, errno);
    return ReportFile(path, UniqueFd(fd));
  }
  std::string target = path;
  if (exists) {
    // Replace the file a symbolic link names, not the link.
    if (char* resolved = ::realpath(path.c_str(), nullptr)) {
      target = resolved;
      ::free(resolved);
    }
  }
  std::string temporary;
  const int fd = create_temporary(target, exists ? existing.st_mode & 07777 : 0666, temporary);
  if (fd < 0) {
    const int error_number = errno;
    if (exists && (error_number == EACCES || error_number == EPERM)) {
      // A writable file in a folder tasker cannot add to: written in place, as before.
      const int in_place = ::open(path.c_str(), kWriteFlags);
      if (in_place >= 0) {
        ReportFile file(path, UniqueFd(in_place));
        file.truncate_ = true;
        return file;
      }
    }
    throw ReportFileError(path, error_number);
  }
  if (exists)
    ::fchmod(fd, existing.st_mode & 07777);  // open() applied the umask to it
  ReportFile file(path, UniqueFd(fd));
  file.temporary_ = std::move(temporary);
  file.target_ = std::move(target);
  return file;
}

ReportFile::ReportFile(ReportFile&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::move(other.fd_)),
      temporary_(std::exchange(other.temporary_, {})),
      target_(std::move(other.target_)),
      truncate_(other.truncate_) {}

ReportFile& ReportFile::operator=(ReportFile&& other) noexcept {
  if (this != &other) {
    remove_temporary();
    path_ = std::move(other.path_);
    fd_ = std::move(other.fd_);
    temporary_ = std::exchange(other.temporary_, {});
    target_ = std::move(other.target_);
    truncate_ = other.truncate_;
  }
  return *this;
}

ReportFile::~ReportFile() {
  remove_temporary();
}

void ReportFile::remove_temporary() noexcept {
  fd_.reset();
  if (!temporary_.empty())
    ::unlink(temporary_.c_str());
  temporary_.clear();
}

void ReportFile::write(std::string_view text) {
  if (!fd_)
    throw ReportFileError(path_, EBADF);
  if (truncate_) {
    truncate_ = false;
    if (::ftruncate(fd_.get(), 0) != 0) {
      const int error_number = errno;
      fd_.reset();
      throw ReportFileError(path_, error_number);
    }
  }
  while (!text.empty()) {
    const ssize_t written = ::write(fd_.get(), text.data(), text.size());
    if (written < 0 && errno == EINTR)
      continue;
    if (written < 0) {
      const int error_number = errno;
      remove_temporary();
      throw ReportFileError(path_, error_number);
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

void ReportFile::close() {
  if (!fd_)
    return;
  // EINTR from close() still closed the file on Linux, and the data was handed over.
  if (::close(fd_.release()) != 0 && errno != EINTR) {
    const int error_number = errno;
    remove_temporary();
    throw ReportFileError(path_, error_number);
  }
  if (temporary_.empty())
    return;
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) {
    const int error_number = errno;
    remove_temporary();
    throw ReportFileError(path_, error_number);
  }
  temporary_.clear();
}

}  // namespace tasker::cli
