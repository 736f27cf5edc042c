// StdoutEnd: the slot shell's end line taken out of a task's stdout, wherever the reads cut it.

#include "core/process/stdout_end.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tasker {
namespace {

TEST(StdoutEndTest, HandsOnTheBytesBeforeTheLine) {
  StdoutEnd end("m-1");
  EXPECT_EQ(end.take("one\ntwo\nm-1 end\n"), "one\ntwo\n");
  EXPECT_TRUE(end.ended());
}

TEST(StdoutEndTest, OutputWithoutANewlineAtItsEndKeepsItsLastLineWhole) {
  StdoutEnd end("m-1");
  EXPECT_EQ(end.take("no newlinem-1 end\n"), "no newline");
  EXPECT_TRUE(end.ended());
}

TEST(StdoutEndTest, ALineCutByAReadIsFoundAndOnlyThePossibleStartIsHeld) {
  StdoutEnd end("m-1");
  std::string out = end.take("data\nm-");
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
  std::string out = end.take("m-1 en");
  out += end.take("ds here\nm-10 end\nm-1 end.\n");
  EXPECT_EQ(out, "m-1 ends here\nm-10 end\nm-1 end.\n");
  EXPECT_FALSE(end.ended());
  out += end.take("m-1 end\n");
  EXPECT_EQ(out, "m-1 ends here\nm-10 end\nm-1 end.\n");
  EXPECT_TRUE(end.ended());
}

// Live output: a line is handed on with its newline as it comes, not held for the next read.
TEST(StdoutEndTest, ALinesNewlineIsHandedOnAtOnce) {
  StdoutEnd end("m-1");
  EXPECT_EQ(end.take("progress 1\n"), "progress 1\n");
  EXPECT_EQ(end.take("50%"), "50%");
  EXPECT_FALSE(end.ended());
}

}  // namespace
}  // namespace tasker
