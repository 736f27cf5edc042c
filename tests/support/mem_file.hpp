#pragma once
// MemFile: a FILE* whose bytes a test can read back, with no descriptor
// behind it (open_memstream), for code that writes to a FILE*.

#include <stdio.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace tasker {

class MemFile {
 public:
  MemFile() : file_(::open_memstream(&data_, &size_)) {
    if (file_ == nullptr)
      throw std::runtime_error("open_memstream failed");
  }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  ~MemFile() {
    std::fclose(file_);
    std::free(data_);  // NOLINT(cppcoreguidelines-no-malloc): open_memstream's buffer
  }

  [[nodiscard]] std::FILE* get() const { return file_; }

  /// What the code under test handed over, as of its last flush: no fflush()
  /// here, so code that forgot to flush fails the test.
  [[nodiscard]] std::string text() const { return {data_, size_}; }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

}  // namespace tasker
