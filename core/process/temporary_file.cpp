#include "core/process/temporary_file.hpp"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstring>

namespace tasker {

std::string temporary_folder() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? std::string(dir) : std::string("/tmp");
}

UniqueFd make_temporary_file(std::string& error) {
  const std::string folder = temporary_folder();
  std::string path = folder + "/tasker-XXXXXX";
  UniqueFd fd(::mkostemp(path.data(), O_CLOEXEC));
  if (!fd) {
    error = "cannot make a temporary file in " + folder + ": " + std::strerror(errno);
    return fd;
  }
  ::unlink(path.c_str());
  return fd;
}

}  // namespace tasker
