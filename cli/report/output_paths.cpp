#include "cli/report/output_paths.hpp"

#include "cli/usage_error.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>

namespace tasker::cli {
namespace {

namespace fs = std::filesystem;

// What a path names: an existing regular file by device and inode, a file not made yet by its
// absolute path with every symlink and `.`/`..` resolved.
using FileIdentity = std::variant<std::pair<dev_t, ino_t>, std::string>;

// Symlinks followed at most, as the kernel does (ELOOP past 40).
constexpr int kMaxSymlinks = 40;

std::optional<FileIdentity> existing_identity(const struct stat& info) {
  if (!S_ISREG(info.st_mode))
    return std::nullopt;
  return std::pair{info.st_dev, info.st_ino};
}

// The absolute, normal path of a file that does not exist yet: where open(O_CREAT) would
// create it. A dangling symlink creates its target, so it is followed.
std::string path_to_create(fs::path path) {
  std::error_code error;
  for (int i = 0; i < kMaxSymlinks && fs::is_symlink(fs::symlink_status(path, error)); ++i) {
    const fs::path target = fs::read_symlink(path, error);
    if (error)
      break;
    path = target.is_absolute() ? target : path.parent_path() / target;
  }
  const fs::path absolute = fs::absolute(path, error);
  if (error)
    return path.lexically_normal().string();
  const fs::path resolved = fs::weakly_canonical(absolute, error);
  return (error ? absolute.lexically_normal() : resolved).string();
}

// The identity of an output path, or nullopt when it has none worth comparing: not a regular
// file, or a path whose open will fail anyway (and say why).
std::optional<FileIdentity> output_identity(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0)
    return existing_identity(info);
  if (errno != ENOENT)
    return std::nullopt;
  return path_to_create(path);
}

std::optional<FileIdentity> input_identity(const std::string& path) {
  struct stat info {};
  const int rc = path == "-" ? ::fstat(STDIN_FILENO, &info) : ::stat(path.c_str(), &info);
  if (rc != 0)
    return std::nullopt;  // reading it fails, and says so
  return existing_identity(info);
}

bool same_file(const std::optional<FileIdentity>& a, const std::optional<FileIdentity>& b) {
  return a && b && *a == *b;
}

}  // namespace

void check_output_paths(const std::vector<OptionPath>& outputs,
                        const std::vector<OptionPath>& inputs) {
  std::vector<std::optional<FileIdentity>> ids;
  ids.reserve(outputs.size());
  for (const OptionPath& output : outputs)
    ids.push_back(output.path.empty() ? std::nullopt : output_identity(output.path));
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      if (same_file(ids[i], ids[j])) {
        throw UsageError(
            fmt::format("{} '{}' and {} '{}' are the same file: one would overwrite the other",
                        outputs[i].option, outputs[i].path, outputs[j].option, outputs[j].path));
      }
    }
  }
  for (const OptionPath& input : inputs) {
    if (input.path.empty())
      continue;
    const std::optional<FileIdentity> input_id = input_identity(input.path);
    const std::string name =
        input.path == "-" ? std::string("stdin") : fmt::format("'{}'", input.path);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      if (same_file(ids[i], input_id)) {
        throw UsageError(fmt::format("{} '{}' is the same file as {} {}: it would be overwritten",
                                     outputs[i].option, outputs[i].path, input.option, name));
      }
    }
  }
}

}  // namespace tasker::cli
