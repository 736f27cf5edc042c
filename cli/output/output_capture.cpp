#include "cli/output/output_capture.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

namespace tasker::cli {

void OutputCapture::append(std::string_view bytes) {
  total_ += bytes.size();
  if (limit_ == 0 || bytes.empty())
    return;
  if (bytes.size() >= limit_) {
    // The new bytes alone fill the capture.
    bytes.remove_prefix(bytes.size() - limit_);
    ring_.assign(bytes.begin(), bytes.end());
    head_ = 0;
    return;
  }
  if (ring_.size() < limit_) {
    const std::size_t fill = std::min(limit_ - ring_.size(), bytes.size());
    if (ring_.size() + fill > ring_.capacity()) {
      // Grow by doubling as a vector would, but stop at the limit: a task that
      // prints little costs little, and none costs more than the limit.
      ring_.reserve(std::min(limit_, std::max(ring_.size() + fill, 2 * ring_.capacity())));
    }
    ring_.insert(ring_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(fill));
    bytes.remove_prefix(fill);
    if (bytes.empty())
      return;
  }
  // Full: overwrite the oldest bytes, wrapping around once at most.
  const std::size_t first = std::min(bytes.size(), limit_ - head_);
  std::memcpy(ring_.data() + head_, bytes.data(), first);
  std::memcpy(ring_.data(), bytes.data() + first, bytes.size() - first);
  head_ = (head_ + bytes.size()) % limit_;
}

CapturedStream OutputCapture::take() {
  CapturedStream captured;
  captured.text.reserve(ring_.size());
  captured.text.append(ring_.begin() + static_cast<std::ptrdiff_t>(head_), ring_.end());
  captured.text.append(ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(head_));
  captured.dropped = total_ - ring_.size();
  std::vector<char>().swap(ring_);
  head_ = 0;
  total_ = 0;
  return captured;
}

}  // namespace tasker::cli
