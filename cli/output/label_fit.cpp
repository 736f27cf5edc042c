#include "cli/output/label_fit.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace tasker::cli {
namespace {

constexpr std::string_view kEllipsis = "…";
constexpr std::size_t kMinLimit = 12;

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// The last `columns` code points of `text`.
std::string_view last_columns(std::string_view text, std::size_t columns) {
  std::size_t start = text.size();
  while (start > 0 && columns > 0) {
    --start;
    if (!is_continuation(text[start]))
      --columns;
  }
  while (start > 0 && is_continuation(text[start])) --start;
  return text.substr(start);
}

}  // namespace

std::size_t label_width(std::string_view label) {
  return static_cast<std::size_t>(
      std::count_if(label.begin(), label.end(), [](char c) { return !is_continuation(c); }));
}

std::size_t output_columns(int fd) {
  if (const char* columns = std::getenv("COLUMNS")) {
    const std::string_view digits(columns);
    std::size_t n = 0;
    const bool number = !digits.empty() && digits.size() <= 6 &&
                        std::all_of(digits.begin(), digits.end(), [&n](char c) {
                          n = n * 10 + static_cast<std::size_t>(c - '0');
                          return c >= '0' && c <= '9';
                        });
    if (number && n > 0)
      return n;
  }
  winsize size{};
  if (::isatty(fd) == 1 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 0;
}

std::size_t label_limit(std::size_t columns) {
  if (columns == 0)
    return 0;
  return std::max(kMinLimit, columns / 3);
}

std::string fit_label(std::string_view label, std::size_t limit) {
  if (limit == 0 || label_width(label) <= limit)
    return std::string(label);
  if (limit < 3)
    return std::string(last_columns(label, limit));  // no room for `…/` and a part
  // `…/` and the longest tail of whole parts that fits after it.
  const std::size_t room = limit - label_width(kEllipsis) - 1;
  std::string_view tail;
  for (std::size_t slash = label.rfind('/'); slash != std::string_view::npos && slash > 0;
       slash = label.rfind('/', slash - 1)) {
    const std::string_view candidate = label.substr(slash + 1);
    if (label_width(candidate) > room)
      break;
    tail = candidate;
  }
  if (!tail.empty())
    return std::string(kEllipsis) + "/" + std::string(tail);
  return std::string(kEllipsis) + std::string(last_columns(label, limit - label_width(kEllipsis)));
}

}  // namespace tasker::cli
