#include "cli/output/output_sink.hpp"

#include <errno.h>
#include <unistd.h>

#include <array>
#include <utility>

namespace tasker::cli {

OutputSink::OutputSink(std::FILE* file, FdWriter* writer)
    : file_(file), writer_(writer), fd_(::fileno(file)) {
  buffer_.reserve(kCapacity);
}

OutputSink::~OutputSink() {
  flush();
}

bool OutputSink::failed() const {
  return failed_ || (writer_ != nullptr && writer_->failed());
}

void OutputSink::write_large(std::string_view bytes) {
  drain();
  if (bytes.size() < kCapacity) {
    buffer_.append(bytes);
    return;
  }
  // Bigger than the buffer: out in one piece.
  emit(bytes);
}

void OutputSink::drain() {
  if (buffer_.empty())
    return;
  ++handovers_;
  last_ = buffer_.back();
  if (writer_ != nullptr && !failed()) {
    if (buffer_.size() >= kCapacity / 2) {
      // Handed over whole, without a copy; the sink takes a fresh buffer.
      std::string full = std::exchange(buffer_, std::string());
      buffer_.reserve(kCapacity);
      writer_->push(std::move(full));
    } else {
      // A copy of its own size: a queued string must not hold a whole buffer's capacity.
      writer_->push(std::string(buffer_));
      buffer_.clear();
    }
    return;
  }
  emit(buffer_);
  buffer_.clear();
}

void OutputSink::emit(std::string_view bytes) {
  if (failed() || bytes.empty())
    return;
  last_ = bytes.back();
  if (writer_ != nullptr) {
    writer_->push(std::string(bytes));
    return;
  }
  if (fd_ < 0) {
    failed_ = std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size();
    return;
  }
  // Whatever tasker itself printed through the FILE* goes first (no system call if nothing).
  if (std::fflush(file_) != 0) {
    failed_ = true;
    return;
  }
  const char* data = bytes.data();
  std::size_t size = bytes.size();
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

void OutputSink::write_file(UniqueFd file) {
  if (!file)
    return;
  drain();
  if (writer_ != nullptr) {
    if (!failed())
      writer_->push_file(std::move(file));
    return;
  }
  std::array<char, 64 * 1024> chunk;  // NOLINT(cppcoreguidelines-pro-type-member-init)
  off_t offset = 0;
  while (true) {
    const ssize_t n = ::pread(file.get(), chunk.data(), chunk.size(), offset);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    emit(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
    offset += n;
  }
}

void OutputSink::flush() {
  drain();
  if (writer_ == nullptr && !failed_ && std::fflush(file_) != 0)
    failed_ = true;
}

}  // namespace tasker::cli
