// The remote work the watchdog cancels (core/process/remote_work_list.hpp): which lines are
// remote work's, and that nothing but an id of digits, dots and underscores is ever listed,
// since listed ids become words of a canceller's command (scancel, the remote group killer).

#include "core/process/remote_work_list.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tasker {
namespace {

using Ids = std::set<std::string>;

TEST(RemoteWorkListTest, ListsAddedStepsAndForgetsRemovedOnes) {
  RemoteWorkList list;
  for (const char* line : {"+R12.0", "+R13", "+R7_3.1", "-R12.0", "-R99"})
    EXPECT_TRUE(list.apply(line)) << line;
  EXPECT_EQ(list.ids(), (Ids{"13", "7_3.1"}));
}

TEST(RemoteWorkListTest, LeavesOtherLinesToTheGroupList) {
  RemoteWorkList list;
  for (const char* line : {"+12", "-12", "+r12", "R12", "", "+", "-", "*R12", "+S12"})
    EXPECT_FALSE(list.apply(line)) << line;
  EXPECT_TRUE(list.ids().empty());
}

TEST(RemoteWorkListTest, IgnoresIdsThatCouldBeAnythingButAStep) {
  RemoteWorkList list;
  const std::string too_long = "+R" + std::string(RemoteWorkList::kMaxIdSize + 1, '1');
  for (const std::string& line :
       {std::string("+R"), std::string("+R-1"), std::string("+R--signal=KILL"), std::string("+R.5"),
        std::string("+R_5"), std::string("+R 12"), std::string("+R12 "),
        std::string("+R12;rm -rf /"), std::string("+R$(id)"), std::string("+R12\t"),
        std::string("+R1+0"), std::string("+Rabc"), too_long}) {
    EXPECT_TRUE(list.apply(line)) << line;  // a step's line, ignored
  }
  EXPECT_TRUE(list.ids().empty());
  const std::string longest = "+R" + std::string(RemoteWorkList::kMaxIdSize, '1');
  EXPECT_TRUE(list.apply(longest));
  EXPECT_EQ(list.ids(), Ids{longest.substr(2)});
}

TEST(RemoteWorkListTest, ValidIdsAreDigitsDotsAndUnderscoresFromADigit) {
  EXPECT_TRUE(RemoteWorkList::valid_id("4"));
  EXPECT_TRUE(RemoteWorkList::valid_id("4294967294.4294967294"));
  EXPECT_TRUE(RemoteWorkList::valid_id("12_3.0"));
  EXPECT_FALSE(RemoteWorkList::valid_id(""));
  EXPECT_FALSE(RemoteWorkList::valid_id("-4"));
  EXPECT_FALSE(RemoteWorkList::valid_id("4 5"));
  EXPECT_FALSE(RemoteWorkList::valid_id("4/5"));
}

}  // namespace
}  // namespace tasker
