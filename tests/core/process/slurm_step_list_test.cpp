// The Slurm steps the watchdog cancels (core/process/slurm_step_list.hpp): which lines are a
// step's, and that nothing but an id of digits, dots and underscores is ever listed, since
// listed ids become words of a scancel command.

#include "core/process/slurm_step_list.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tasker {
namespace {

using Ids = std::set<std::string>;

TEST(SlurmStepListTest, ListsAddedStepsAndForgetsRemovedOnes) {
  SlurmStepList list;
  for (const char* line : {"+S12.0", "+S13", "+S7_3.1", "-S12.0", "-S99"})
    EXPECT_TRUE(list.apply(line)) << line;
  EXPECT_EQ(list.ids(), (Ids{"13", "7_3.1"}));
}

TEST(SlurmStepListTest, LeavesOtherLinesToTheGroupList) {
  SlurmStepList list;
  for (const char* line : {"+12", "-12", "+s12", "S12", "", "+", "-", "*S12"})
    EXPECT_FALSE(list.apply(line)) << line;
  EXPECT_TRUE(list.ids().empty());
}

TEST(SlurmStepListTest, IgnoresIdsThatCouldBeAnythingButAStep) {
  SlurmStepList list;
  const std::string too_long = "+S" + std::string(SlurmStepList::kMaxIdSize + 1, '1');
  for (const std::string& line :
       {std::string("+S"), std::string("+S-1"), std::string("+S--signal=KILL"), std::string("+S.5"),
        std::string("+S_5"), std::string("+S 12"), std::string("+S12 "),
        std::string("+S12;rm -rf /"), std::string("+S$(id)"), std::string("+S12\t"),
        std::string("+S1+0"), std::string("+Sabc"), too_long}) {
    EXPECT_TRUE(list.apply(line)) << line;  // a step's line, ignored
  }
  EXPECT_TRUE(list.ids().empty());
  const std::string longest = "+S" + std::string(SlurmStepList::kMaxIdSize, '1');
  EXPECT_TRUE(list.apply(longest));
  EXPECT_EQ(list.ids(), Ids{longest.substr(2)});
}

TEST(SlurmStepListTest, ValidIdsAreDigitsDotsAndUnderscoresFromADigit) {
  EXPECT_TRUE(SlurmStepList::valid_id("4"));
  EXPECT_TRUE(SlurmStepList::valid_id("4294967294.4294967294"));
  EXPECT_TRUE(SlurmStepList::valid_id("12_3.0"));
  EXPECT_FALSE(SlurmStepList::valid_id(""));
  EXPECT_FALSE(SlurmStepList::valid_id("-4"));
  EXPECT_FALSE(SlurmStepList::valid_id("4 5"));
  EXPECT_FALSE(SlurmStepList::valid_id("4/5"));
}

}  // namespace
}  // namespace tasker
