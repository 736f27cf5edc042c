// StdoutEnd: the slot shell's end line taken out of a task's stdout, wherever the reads cut it.

#include "core/process/stdout_end.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tasker {
namespace {

TEST(StdoutEndTest, HandsOnTheBytesBeforeTheLineAndTakesOutItsNewline) {
  StdoutEnd end("m-1");
  EXPECT_EQ(end.take("one\ntwo\n\nm-1 end\n"), "one\ntwo\n");
  EXPECT_TRUE(end.ended());
}

TEST(StdoutEndTest, OutputWithoutANewlineAtItsEndKeepsItsLastLineWhole) {
  StdoutEnd end("m-1");
  EXPECT_EQ(end.take("no newline\nm-1 end\n"), "no newline");
  EXPECT_TRUE(end.ended());
}

TEST(StdoutEndTest, ALineCutByAReadIsFoundAndOnlyThePossibleStartIsHeld) {
  StdoutEnd end("m-1");
  std::string out = end.take("data\n\nm-");
  EXPECT_EQ(out, "data\n");
  EXPECT_FALSE(end.ended());
  out += end.take("1 e");
  out += end.take("nd\nafter");
  EXPECT_EQ(out, "data\n");
  EXPECT_TRUE(end.ended());
  EXPECT_EQ(end.take("more\n"), "");
}

TEST(StdoutEndTest, TextLikeTheLineButNotItIsTheTasks) {
  StdoutEnd end("m-1");
  std::string out = end.take("\nm-1 en");
  out += end.take("ds here\nm-10 end\nxm-1 end\n");
  EXPECT_EQ(out, "\nm-1 ends here\nm-10 end\nxm-1 end");
  EXPECT_FALSE(end.ended());
  out += end.take("\nm-1 end\n");
  EXPECT_EQ(out, "\nm-1 ends here\nm-10 end\nxm-1 end\n");
  EXPECT_TRUE(end.ended());
}

}  // namespace
}  // namespace tasker
