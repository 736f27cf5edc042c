// pipe_floor: the floors for moving a task's output, read from stdin (a pipe)
// and written to stdout, with nothing tasker-specific in between.
//
//   pipe_floor copy              64 KiB reads written as they are: the one-pipe floor
//   pipe_floor lines [PREFIX]    every line written as PREFIX line, through a 64 KiB
//                                output buffer: the line-splitting floor (PREFIX "#0 | ")
//
// A line left unfinished at the end of a read is carried over to the next one.

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::size_t kChunk = 64 * 1024;

bool write_all(const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(STDOUT_FILENO, data, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

ssize_t read_some(char* buffer, std::size_t size) {
  ssize_t n = 0;
  do {
    n = ::read(STDIN_FILENO, buffer, size);
  } while (n < 0 && errno == EINTR);
  return n;
}

int copy() {
  std::vector<char> buffer(kChunk);
  for (ssize_t n; (n = read_some(buffer.data(), buffer.size())) > 0;) {
    if (!write_all(buffer.data(), static_cast<std::size_t>(n)))
      return 1;
  }
  return 0;
}

class Output {
 public:
  void append(std::string_view a, std::string_view b) {
    if (out_.size() + a.size() + b.size() + 1 > kChunk)
      flush();
    out_.append(a).append(b).push_back('\n');
  }
  bool flush() {
    const bool ok = write_all(out_.data(), out_.size());
    out_.clear();
    return ok;
  }

 private:
  std::string out_;
};

int lines(std::string_view prefix) {
  std::vector<char> buffer(kChunk);
  std::string pending;
  Output out;
  for (ssize_t n; (n = read_some(buffer.data(), buffer.size())) > 0;) {
    std::string_view chunk(buffer.data(), static_cast<std::size_t>(n));
    while (!chunk.empty()) {
      const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
      if (nl == nullptr) {
        pending.append(chunk);
        break;
      }
      const auto len = static_cast<std::size_t>(static_cast<const char*>(nl) - chunk.data());
      if (pending.empty()) {
        out.append(prefix, chunk.substr(0, len));
      } else {
        pending.append(chunk.substr(0, len));
        out.append(prefix, pending);
        pending.clear();
      }
      chunk.remove_prefix(len + 1);
    }
  }
  if (!pending.empty())
    out.append(prefix, pending);
  return out.flush() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "copy")
    return copy();
  if (mode == "lines")
    return lines(argc > 2 ? argv[2] : "#0 | ");
  std::fprintf(stderr, "usage: pipe_floor copy | pipe_floor lines [PREFIX]\n");
  return 2;
}
