#include "cli/output/spill_buffer.hpp"

#include <array>
#include <utility>

namespace tasker::cli {

bool SpillBuffer::open_file() {
  if (file_)
    return true;
  // tmpfile() unlinks the file at once: it vanishes with tasker, however tasker ends.
  file_.reset(std::tmpfile());
  if (!file_)
    return false;
  if (!memory_.empty()) {
    if (std::fwrite(memory_.data(), 1, memory_.size(), file_.get()) != memory_.size()) {
      lost_ = true;
    }
    std::string().swap(memory_);  // give the memory back, not just the size
  }
  return true;
}

void SpillBuffer::append(std::string_view bytes) {
  if (bytes.empty())
    return;
  size_ += bytes.size();
  last_ = bytes.back();
  if (spilling_ && open_file()) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size())
      lost_ = true;
    return;
  }
  memory_.append(bytes);
}

void SpillBuffer::spill() {
  spilling_ = true;
  if (!memory_.empty())
    static_cast<void>(open_file());
}

bool SpillBuffer::copy_to(OutputSink& sink) {
  bool intact = !lost_;
  if (file_) {
    std::FILE* f = file_.get();
    if (std::fflush(f) != 0 || std::fseek(f, 0, SEEK_SET) != 0)
      intact = false;
    std::array<char, 64 * 1024> chunk;  // NOLINT(cppcoreguidelines-pro-type-member-init)
    std::size_t n = 0;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0) {
      sink.write(std::string_view(chunk.data(), n));
    }
    if (std::ferror(f) != 0)
      intact = false;
    file_.reset();
  }
  // Without a file (none was needed, or none could be made) every byte is here.
  sink.write(memory_);
  std::string().swap(memory_);
  size_ = 0;
  last_ = '\n';
  lost_ = false;
  return intact;
}

}  // namespace tasker::cli
