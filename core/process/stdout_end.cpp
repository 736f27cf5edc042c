#include "core/process/stdout_end.hpp"

#include <algorithm>

namespace tasker {

StdoutEnd::StdoutEnd(std::string_view marker) : line_("\n" + std::string(marker) + " end\n") {}

std::string StdoutEnd::take(std::string_view bytes) {
  if (ended_)
    return {};
  pending_.append(bytes);
  const std::size_t at = pending_.find(line_);
  if (at != std::string::npos) {
    ended_ = true;
    std::string out = pending_.substr(0, at);
    pending_.clear();
    return out;
  }
  // Keep back the longest end that may be the start of the line cut by a read.
  std::size_t keep = std::min(pending_.size(), line_.size() - 1);
  while (keep > 0 && pending_.compare(pending_.size() - keep, keep, line_, 0, keep) != 0) --keep;
  std::string out = pending_.substr(0, pending_.size() - keep);
  pending_.erase(0, pending_.size() - keep);
  return out;
}

}  // namespace tasker
