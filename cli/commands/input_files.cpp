#include "cli/commands/input_files.hpp"

#include "cli/usage_error.hpp"
#include "core/input/command_lines.hpp"
#include "core/input/input_error.hpp"
#include "core/input/line_assembler.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <set>

namespace tasker::cli {

UniqueFd open_input_file(const std::string& path, std::string_view option) {
  if (path == "-")
    return UniqueFd(::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3));
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw UsageError(
        fmt::format("cannot read {} file '{}': {}", option, path, std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode))
    throw UsageError(fmt::format("cannot read {} file '{}': it is a directory", option, path));
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    throw UsageError(
        fmt::format("cannot read {} file '{}': {}", option, path, std::strerror(errno)));
  }
  return fd;
}

bool is_regular_file(int fd) {
  struct stat info {};
  return ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
}

void read_lines_at_start(int fd, const std::string& label, bool rewind,
                         const std::function<void(std::string_view line, bool cut)>& on_line) {
  const off_t start = rewind ? ::lseek(fd, 0, SEEK_CUR) : 0;
  LineAssembler lines(kMaxCommandLine);
  std::array<char, 64 * 1024> buffer;  // NOLINT(cppcoreguidelines-pro-type-member-init)
  try {
    while (true) {
      const ssize_t n = ::read(fd, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        throw UsageError(fmt::format("cannot read {}: {}", label, std::strerror(errno)));
      if (n == 0)
        break;
      lines.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)), on_line);
    }
    lines.finish(on_line);
  } catch (const InputError& e) {
    throw UsageError(e.what());
  }
  if (rewind && ::lseek(fd, start, SEEK_SET) < 0)
    throw UsageError(fmt::format("cannot read {} again: {}", label, std::strerror(errno)));
}

std::vector<std::string> task_names(const std::string& names, std::optional<std::size_t> count,
                                    std::string_view counted, std::string_view stream) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t comma = names.find(',', start);
    parts.push_back(
        names.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  if (!count) {
    throw UsageError(fmt::format("--names needs to know how many {} there are, and {} is a stream",
                                 counted, stream));
  }
  if (parts.size() != *count)
    throw UsageError(
        fmt::format("--names gives {} names for {} {}", parts.size(), *count, counted));
  std::set<std::string> seen;
  for (const std::string& name : parts) {
    if (is_blank(name))
      throw UsageError("--names has an empty name");
    if (!seen.insert(name).second)
      throw UsageError(fmt::format("--names repeats '{}'", name));
  }
  return parts;
}

}  // namespace tasker::cli
