// "Did you mean" hints: the nearest valid word within two edits, or nothing.

#include "core/input/nearest_word.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace tasker {
namespace {

constexpr std::array<std::string_view, 6> kKeys{"timeout", "retries", "retry_delay",
                                                "run",     "any",     "needs"};

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("timout", "timeout"), 1u);    // insertion
  EXPECT_EQ(edit_distance("timeoutt", "timeout"), 1u);  // deletion
  EXPECT_EQ(edit_distance("timeoat", "timeout"), 1u);   // substitution
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("teh", "the"), 2u);  // a swap is two edits
}

TEST(NearestWord, SuggestsTheClosestWithinTwoEdits) {
  EXPECT_EQ(nearest_word("timout", kKeys), "timeout");
  EXPECT_EQ(nearest_word("retires", kKeys), "retries");
  EXPECT_EQ(nearest_word("retry-delay", kKeys), "retry_delay");
  EXPECT_EQ(nearest_word("need", kKeys), "needs");
  EXPECT_EQ(nearest_word("rn", kKeys), "run");
}

TEST(NearestWord, SuggestsNothingFarOrForAWordShorterThanTheEdits) {
  EXPECT_EQ(nearest_word("tmieuot", kKeys), std::nullopt);
  EXPECT_EQ(nearest_word("x", kKeys), std::nullopt);
  EXPECT_EQ(nearest_word("ab", kKeys), std::nullopt);  // two edits from "any": as many as it has
  EXPECT_EQ(nearest_word(std::string(100'000, 'r'), kKeys), std::nullopt);
  EXPECT_EQ(nearest_word("run", std::span<const std::string_view>{}), std::nullopt);
}

TEST(NearestWord, TiesGoToTheCandidateListedFirst) {
  constexpr std::array<std::string_view, 2> keys{"then", "than"};
  EXPECT_EQ(nearest_word("thon", keys), "then");
}

}  // namespace
}  // namespace tasker
