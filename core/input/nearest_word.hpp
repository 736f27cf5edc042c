#pragma once
// "Did you mean" hints for a misspelt key or flag: the valid word nearest to
// what was written, by edit distance.

#include <optional>
#include <span>
#include <string_view>

namespace tasker {

/// The Levenshtein distance between `a` and `b` (insertions, deletions, substitutions).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, if at most two edits away and fewer edits than `word` has
/// characters (so "a" suggests nothing rather than any two-letter word); ties go to the
/// candidate listed first.
[[nodiscard]] std::optional<std::string_view> nearest_word(
    std::string_view word, std::span<const std::string_view> candidates);

}  // namespace tasker
