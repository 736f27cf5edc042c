#include "core/input/nearest_word.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

namespace tasker {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // One row of the usual dynamic programme: row[j] is the distance between the first i
  // characters of a and the first j of b.
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string_view> nearest_word(std::string_view word,
                                             std::span<const std::string_view> candidates) {
  constexpr std::size_t kMaxEdits = 2;
  // Valid words are short: a long word cannot be within two edits of one, and measuring it
  // would cost time in proportion to its length for nothing.
  std::size_t longest = 0;
  for (const std::string_view candidate : candidates) longest = std::max(longest, candidate.size());
  if (word.size() > longest + kMaxEdits)
    return std::nullopt;
  std::optional<std::string_view> best;
  std::size_t best_distance = std::min(kMaxEdits + 1, word.size());
  for (const std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace tasker
