#include "cli/report/step_summary.hpp"

#include "core/process/unique_fd.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace tasker::cli {

std::string step_summary_path() {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  return path == nullptr ? std::string() : std::string(path);
}

std::string append_step_summary(const std::string& path, const std::string& markdown) {
  const auto failure = [&path](int error_number) {
    return fmt::format("cannot append the step summary to '{}': {}", path,
                       std::strerror(error_number));
  };
  // O_APPEND: each write lands at the end, after what earlier steps wrote.
  const UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666));
  if (fd.get() < 0)
    return failure(errno);
  std::size_t written = 0;
  while (written < markdown.size()) {
    const ssize_t n = ::write(fd.get(), markdown.data() + written, markdown.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return failure(errno);
    written += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace tasker::cli
