#include "core/input/task_spec.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

namespace tasker::spec {
namespace {

using namespace std::chrono_literals;

TEST(TaskSpec, ATaskWithNoExtrasReadsThemAsUnset) {
  const Task task;
  EXPECT_FALSE(task.extras().label || task.extras().grace || task.extras().cwd);
  EXPECT_FALSE(task.extras().delay || task.extras().every);
  EXPECT_TRUE(task.extras().description.empty() && task.extras().env.empty());
}

TEST(TaskSpec, SettingAnExtraOnACopyLeavesTheOriginalAlone) {
  Task original;
  original.set_extras().label = "build";
  Task copy = original;
  copy.set_extras().label = "test";
  copy.set_extras().grace = 3s;
  EXPECT_EQ(original.extras().label, "build");
  EXPECT_FALSE(original.extras().grace);
  EXPECT_EQ(copy.extras().label, "test");
  EXPECT_EQ(copy.extras().grace, 3s);
}

TEST(TaskSpec, APositionWithNoFileReadsAsEmpty) {
  const Position nowhere;
  EXPECT_EQ(nowhere.file(), "");
  const Position somewhere{std::make_shared<const std::string>("t.toml"), 3, 1};
  EXPECT_EQ(somewhere.file(), "t.toml");
}

// A file of 10 000 tasks makes three tasks and two levels per leaf (its `then` and `catch` are
// tasks too): their size is the memory of the whole file (bench/compose.sh, section h).
TEST(TaskSpec, TasksAndLevelsStaySmall) {
  EXPECT_LE(sizeof(Task), 320U);
  EXPECT_LE(sizeof(Level), 160U);
}

}  // namespace
}  // namespace tasker::spec
