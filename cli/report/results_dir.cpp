#include "cli/report/results_dir.hpp"

#include "cli/output/log_line.hpp"
#include "cli/report/json_report.hpp"
#include "cli/report/report_file.hpp"
#include "cli/usage_error.hpp"

#include <fmt/format.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>
#include <utility>

namespace tasker::cli {
namespace {

std::string checked_dir(std::string dir) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) == 0 && !S_ISDIR(info.st_mode))
    throw UsageError(fmt::format("--results '{}' is a file, not a directory", dir));
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw UsageError(
        fmt::format("cannot create --results directory '{}': {}", dir, error.message()));
  }
  return dir;
}

}  // namespace

ResultsDir::ResultsDir(std::string dir, RunListener& next)
    : dir_(checked_dir(std::move(dir))), next_(next) {}

std::string ResultsDir::task_dir(std::size_t index) const {
  return fmt::format("{}/{}", dir_, index + 1);
}

void ResultsDir::fail(const std::string& what, int error_number) {
  if (!failed_)
    log_line(fmt::format("cannot write --results '{}': {}", what, ::strerror(error_number)));
  failed_ = true;
}

// The first attempt makes the files afresh (an earlier run's are replaced); a retry's output
// follows the first attempt's.
void ResultsDir::on_task_start(const Task& task) {
  if (task.attempts() == 1) {
    const std::string dir = task_dir(task.index());
    if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
      fail(dir, errno);
    const auto open_file = [&](const char* name) {
      const std::string path = fmt::format("{}/{}", dir, name);
      UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
      if (!fd)
        fail(path, errno);
      return fd;
    };
    Files files;
    files.out = open_file("stdout");
    files.err = open_file("stderr");
    open_[task.index()] = std::move(files);
  }
  next_.on_task_start(task);
}

void ResultsDir::on_task_output(const Task& task, OutputStream stream, std::string_view bytes) {
  const auto found = open_.find(task.index());
  if (found != open_.end()) {
    const bool out = stream == OutputStream::stdout_stream;
    if (!write((out ? found->second.out : found->second.err).get(), bytes)) {
      const int error = errno;
      fail(fmt::format("{}/{}", task_dir(task.index()), out ? "stdout" : "stderr"), error);
    }
  }
  next_.on_task_output(task, stream, bytes);
}

bool ResultsDir::write(int fd, std::string_view bytes) {
  while (fd >= 0 && !bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = ENOSPC;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void ResultsDir::finish(const TaskReport& report) {
  const auto found = open_.find(report.index);
  if (found == open_.end())
    return;  // never started: nothing of it to keep
  open_.erase(found);
  const std::string path = fmt::format("{}/meta.json", task_dir(report.index));
  try {
    ReportFile meta = ReportFile::open(path);
    meta.write(task_report_json(report));
    meta.close();
  } catch (const ReportFileError& e) {
    fail(path, e.error_number());
  }
}

}  // namespace tasker::cli
