#include "cli/output/output_sink.hpp"

#include <errno.h>
#include <unistd.h>

namespace tasker::cli {

OutputSink::OutputSink(std::FILE* file)
    : file_(file),
      fd_(::fileno(file)),
      buffer_(std::make_unique_for_overwrite<char[]>(kCapacity)) {}

OutputSink::~OutputSink() {
  flush();
}

void OutputSink::write_large(std::string_view bytes) {
  drain();
  if (bytes.size() < kCapacity) {
    std::memcpy(buffer_.get(), bytes.data(), bytes.size());
    size_ = bytes.size();
    return;
  }
  // Bigger than the buffer: straight out, without a copy here.
  emit(bytes.data(), bytes.size());
}

void OutputSink::drain() {
  emit(buffer_.get(), size_);
  size_ = 0;
}

void OutputSink::emit(const char* data, std::size_t size) {
  if (failed_ || size == 0)
    return;
  if (fd_ < 0) {
    failed_ = std::fwrite(data, 1, size, file_) != size;
    return;
  }
  // Whatever tasker itself printed through the FILE* goes first (no system call if nothing).
  if (std::fflush(file_) != 0) {
    failed_ = true;
    return;
  }
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      failed_ = true;  // EPIPE, ENOSPC, ...: as a failed fwrite would be
      return;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void OutputSink::flush() {
  drain();
  if (!failed_ && std::fflush(file_) != 0)
    failed_ = true;
}

}  // namespace tasker::cli
