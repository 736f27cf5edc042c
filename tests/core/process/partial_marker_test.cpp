// partial_marker_size: the end of what a reader holds that may be a marker's start, cut by a read.

#include "core/process/partial_marker.hpp"

#include <gtest/gtest.h>

namespace tasker {
namespace {

TEST(PartialMarkerTest, TheLongestEndThatStartsTheMarker) {
  EXPECT_EQ(partial_marker_size("output\nm-", "m-1 end"), 2U);
  EXPECT_EQ(partial_marker_size("output\nm-1 en", "m-1 end"), 6U);
  EXPECT_EQ(partial_marker_size("mm", "mmx"), 2U);
}

TEST(PartialMarkerTest, NothingWhenNoEndStartsIt) {
  EXPECT_EQ(partial_marker_size("output\n", "m-1 end"), 0U);
  EXPECT_EQ(partial_marker_size("", "m-1 end"), 0U);
  EXPECT_EQ(partial_marker_size("abc", ""), 0U);
}

TEST(PartialMarkerTest, AWholeMarkerIsNotPartial) {
  // The caller finds whole markers first; what is held is always shorter than one.
  EXPECT_EQ(partial_marker_size("x m-1 end", "m-1 end"), 0U);
  EXPECT_EQ(partial_marker_size("m-1", "m-1"), 0U);
}

}  // namespace
}  // namespace tasker
