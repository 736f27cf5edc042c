#include "cli/output/spill_buffer.hpp"

#include "core/process/temporary_file.hpp"

#include <errno.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <utility>

namespace tasker::cli {

void SpillBuffer::fail(const std::string& why) {
  if (!failed_)
    failure_ = why;
  failed_ = true;
  spilling_ = false;  // from now on in memory: the printer stops holding this stream
}

bool SpillBuffer::open_file() {
  if (file_)
    return true;
  std::string error;
  file_ = make_temporary_file(error);
  if (!file_) {
    fail(error);
    return false;
  }
  return true;
}

// Writes all of `bytes` to the file, or fails and keeps what it could not write.
bool SpillBuffer::write_file(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(file_.get(), bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      fail("cannot write a temporary file in " + temporary_folder() + ": " +
           std::strerror(n < 0 ? errno : ENOSPC));
      memory_.append(bytes);
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void SpillBuffer::append(std::string_view bytes) {
  if (bytes.empty())
    return;
  size_ += bytes.size();
  last_ = bytes.back();
  if (spilling_ && open_file()) {
    static_cast<void>(write_file(bytes));
    return;
  }
  memory_.append(bytes);
}

void SpillBuffer::spill() {
  if (failed_)
    return;
  spilling_ = true;
  if (memory_.empty() || !open_file())
    return;
  const std::string held = std::exchange(memory_, std::string());  // memory given back too
  static_cast<void>(write_file(held));
}

void SpillBuffer::copy_to(OutputSink& sink) {
  // The file holds the older bytes; memory, those after it failed (or all, without a file).
  sink.write_file(std::move(file_));
  sink.write(memory_);
  std::string().swap(memory_);
  size_ = 0;
  last_ = '\n';
}

}  // namespace tasker::cli
