#include "core/process/stdout_end.hpp"

#include "core/process/partial_marker.hpp"

namespace tasker {

StdoutEnd::StdoutEnd(std::string_view marker) : line_(std::string(marker) + " end\n") {}

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
  const std::size_t keep = partial_marker_size(pending_, line_);
  std::string out = pending_.substr(0, pending_.size() - keep);
  pending_.erase(0, pending_.size() - keep);
  return out;
}

}  // namespace tasker
