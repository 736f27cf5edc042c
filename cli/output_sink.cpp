#include "cli/output_sink.hpp"

namespace tasker::cli {

OutputSink::OutputSink(std::FILE* file)
    : file_(file), buffer_(std::make_unique_for_overwrite<char[]>(kCapacity)) {}

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
  // Bigger than the buffer: straight to the FILE*, without a copy here.
  if (!failed_ && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    failed_ = true;
  }
}

void OutputSink::drain() {
  if (!failed_ && size_ > 0 && std::fwrite(buffer_.get(), 1, size_, file_) != size_) {
    failed_ = true;
  }
  size_ = 0;
}

void OutputSink::flush() {
  drain();
  if (!failed_ && std::fflush(file_) != 0)
    failed_ = true;
}

}  // namespace tasker::cli
