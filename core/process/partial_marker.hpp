#pragma once
// For readers that look for a marker in output arriving in pieces (RemoteStatus, StdoutEnd): how
// many bytes at the end of what they hold may be the start of the marker, cut by a read, and so
// must be held until the next piece tells.

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace tasker {

/// The size of the longest end of `text` that is a start of `marker`, shorter than `marker`.
[[nodiscard]] inline std::size_t partial_marker_size(std::string_view text,
                                                     std::string_view marker) {
  std::size_t keep = std::min(text.size(), marker.empty() ? 0 : marker.size() - 1);
  while (keep > 0 && text.substr(text.size() - keep) != marker.substr(0, keep)) --keep;
  return keep;
}

}  // namespace tasker
