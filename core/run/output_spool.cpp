#include "core/run/output_spool.hpp"

#include "core/process/temporary_file.hpp"

#include <errno.h>
#include <unistd.h>

#include <string>

namespace tasker {

std::shared_ptr<OutputSpool> OutputSpool::make(std::string& error) {
  UniqueFd fd = make_temporary_file(error);
  if (!fd)
    return nullptr;
  return std::make_shared<OutputSpool>(std::move(fd));
}

void OutputSpool::append(std::string_view bytes) {
  while (!bytes.empty() && !lost_) {
    const ssize_t n = ::write(fd_.get(), bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      lost_ = true;
      return;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string OutputSpool::path() const {
  return "/proc/self/fd/" + std::to_string(fd_.get());
}

}  // namespace tasker
