#include "cli/output/line_splitter.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <utility>

namespace tasker {
namespace {

// Where the first '\n' in the first `limit` bytes of `text` is, or npos. Bounded so that
// a long line without a newline is scanned once, not once per chunk.
std::size_t find_newline(std::string_view text, std::size_t limit) {
  const std::size_t n = std::min(limit, text.size());
  const void* hit = std::memchr(text.data(), '\n', n);
  if (hit == nullptr)
    return std::string_view::npos;
  return static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
}

}  // namespace

LineSplitter::LineSplitter(std::size_t max_line, Emit emit)
    : max_line_(max_line), emit_(std::move(emit)) {
  assert(max_line_ > 0);
}

void LineSplitter::feed(std::string_view chunk) {
  while (!chunk.empty()) {
    if (pending_.empty()) {
      // A line of exactly max_line_ bytes is whole if its '\n' comes next, hence the +1.
      const std::size_t nl = find_newline(chunk, max_line_ + 1);
      if (nl != std::string_view::npos) {
        emit_(chunk.substr(0, nl), LineEnd::newline);
        chunk.remove_prefix(nl + 1);
      } else if (chunk.size() <= max_line_) {
        pending_.assign(chunk);
        return;
      } else {
        emit_(chunk.substr(0, max_line_), LineEnd::cut);
        chunk.remove_prefix(max_line_);
      }
      continue;
    }

    // The line began in an earlier chunk: it may take `room` more bytes before it is cut.
    const std::size_t room = max_line_ - pending_.size();
    const std::size_t nl = find_newline(chunk, room + 1);
    if (nl != std::string_view::npos) {
      pending_.append(chunk.substr(0, nl));
      emit_(pending_, LineEnd::newline);
      pending_.clear();
      chunk.remove_prefix(nl + 1);
    } else if (chunk.size() <= room) {
      pending_.append(chunk);
      return;
    } else {
      pending_.append(chunk.substr(0, room));
      emit_(pending_, LineEnd::cut);
      pending_.clear();
      chunk.remove_prefix(room);
    }
  }
}

void LineSplitter::finish() {
  if (pending_.empty())
    return;
  // Cleared before the call, so the splitter is reusable even if emit_ throws.
  const std::string last = std::exchange(pending_, std::string());
  emit_(last, LineEnd::eof);
}

}  // namespace tasker
