#include "core/program_path_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace tasker {

namespace {

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

}  // namespace

ProgramPathCache::ProgramPathCache(std::string path_variable)
    : path_variable_(std::move(path_variable)) {}

const std::string* ProgramPathCache::find(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos)
    return nullptr;
  if (const auto it = found_.find(name); it != found_.end())
    return &it->second;
  std::string_view dirs = path_variable_;
  while (true) {
    const std::size_t colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    std::string candidate(dir.empty() ? "." : dir);
    candidate.append("/").append(name);
    if (is_executable_file(candidate))
      return &found_.emplace(name, std::move(candidate)).first->second;
    if (colon == std::string_view::npos)
      return nullptr;
    dirs.remove_prefix(colon + 1);
  }
}

void ProgramPathCache::forget(const std::string& name) {
  found_.erase(name);
}

}  // namespace tasker
