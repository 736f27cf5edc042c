#include "core/process/shell_environment.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

namespace tasker {
namespace {

using ::testing::ElementsAre;

std::string cwd() {
  const std::unique_ptr<char, decltype(&std::free)> dir(::getcwd(nullptr, 0), &std::free);
  return dir ? dir.get() : "";
}

std::vector<std::string> build(ShellEnvironment& env, std::vector<std::string> entries) {
  std::vector<char*> raw;
  raw.reserve(entries.size() + 1);
  for (std::string& e : entries) raw.push_back(e.data());
  raw.push_back(nullptr);
  std::vector<std::string> out;
  for (char* const* p = env.build(raw.data()); *p != nullptr; ++p) out.emplace_back(*p);
  return out;
}

TEST(ShellEnvironment, ShellVariableNames) {
  EXPECT_TRUE(is_shell_variable_entry("HOME=/root"));
  EXPECT_TRUE(is_shell_variable_entry("_=x"));
  EXPECT_TRUE(is_shell_variable_entry("a1_B2="));
  EXPECT_TRUE(is_shell_variable_entry("X=a=b"));
  EXPECT_FALSE(is_shell_variable_entry("A-B=1"));
  EXPECT_FALSE(is_shell_variable_entry("1A=1"));
  EXPECT_FALSE(is_shell_variable_entry("=1"));
  EXPECT_FALSE(is_shell_variable_entry("NOEQUALS"));
  EXPECT_FALSE(is_shell_variable_entry("A.B=1"));
  EXPECT_FALSE(is_shell_variable_entry("BASH_FUNC_f%%=() { :; }"));
}

TEST(ShellEnvironment, KeepsVariablesInOrderDropsOtherNamesAndSetsPwd) {
  ShellEnvironment env;
  EXPECT_THAT(build(env, {"B=2", "A-B=x", "A=1", "1X=y", "PWD=relative", "C="}),
              ElementsAre("B=2", "A=1", "C=", "PWD=" + cwd()));
}

TEST(ShellEnvironment, AddsPwdWhenUnset) {
  ShellEnvironment env;
  EXPECT_THAT(build(env, {"A=1"}), ElementsAre("A=1", "PWD=" + cwd()));
}

TEST(ShellEnvironment, EmptyEnvironmentGetsPwdOnly) {
  ShellEnvironment env;
  EXPECT_THAT(build(env, {}), ElementsAre("PWD=" + cwd()));
}

TEST(ShellEnvironment, ReusableAcrossCalls) {
  ShellEnvironment env;
  EXPECT_THAT(build(env, {"A=1", "B=2"}), ElementsAre("A=1", "B=2", "PWD=" + cwd()));
  EXPECT_THAT(build(env, {"C=3"}), ElementsAre("C=3", "PWD=" + cwd()));
}

TEST(ShellEnvironment, SeesAReplacedOrRemovedEntry) {
  std::string a = "A=1";
  std::string b = "B=2";
  std::string b2 = "B=3";
  std::vector<char*> raw{a.data(), b.data(), nullptr};
  ShellEnvironment env;
  const auto strings = [](char* const* p) {
    std::vector<std::string> out;
    for (; *p != nullptr; ++p) out.emplace_back(*p);
    return out;
  };
  EXPECT_THAT(strings(env.build(raw.data())), ElementsAre("A=1", "B=2", "PWD=" + cwd()));
  EXPECT_THAT(strings(env.build(raw.data())), ElementsAre("A=1", "B=2", "PWD=" + cwd()));
  raw[1] = b2.data();  // as setenv() replaces a variable
  EXPECT_THAT(strings(env.build(raw.data())), ElementsAre("A=1", "B=3", "PWD=" + cwd()));
  raw = {b2.data(), nullptr};  // as unsetenv() removes one
  EXPECT_THAT(strings(env.build(raw.data())), ElementsAre("B=3", "PWD=" + cwd()));
}

TEST(ShellPwd, KeepsAPwdNamingTheCurrentDirectory) {
  EXPECT_EQ(shell_pwd(cwd().c_str()), cwd());
  // Another spelling of the same directory (as through a symlink) is kept as given.
  const std::string dotted = cwd() + "/.";
  EXPECT_EQ(shell_pwd(dotted.c_str()), dotted);
}

TEST(ShellPwd, ReplacesAMissingRelativeOrStalePwd) {
  EXPECT_EQ(shell_pwd(nullptr), cwd());
  EXPECT_EQ(shell_pwd("."), cwd()) << "relative";
  EXPECT_EQ(shell_pwd("/no/such/dir"), cwd());
  if (cwd() != "/") {
    EXPECT_EQ(shell_pwd("/"), cwd()) << "another directory";
  }
}

TEST(ShellPwd, InAnotherFolderIsThatFoldersRealPathUnlessPwdNamesIt) {
  EXPECT_EQ(shell_pwd(cwd().c_str(), "/"), "/") << "tasker's PWD names another folder";
  EXPECT_EQ(shell_pwd(nullptr, "/usr/."), "/usr");
  EXPECT_EQ(shell_pwd("/usr/.", "/usr"), "/usr/.") << "kept as given";
  EXPECT_EQ(shell_pwd(nullptr, "."), cwd()) << "relative to tasker's folder";
  EXPECT_EQ(shell_pwd(nullptr, "/no/such/dir"), "");
}

TEST(ShellEnvironmentIn, KeepsVariablesAndSetsPwdForTheFolder) {
  EXPECT_THAT(shell_environment_in({"B=2", "A-B=x", "PWD=/usr", "A=1"}, "/"),
              ElementsAre("B=2", "A=1", "PWD=/"));
  EXPECT_THAT(shell_environment_in({"A=1", "PWD=/usr/."}, "/usr"),
              ElementsAre("A=1", "PWD=/usr/."));
  EXPECT_THAT(shell_environment_in({"A=1"}, ""), ElementsAre("A=1", "PWD=" + cwd()));
}

}  // namespace
}  // namespace tasker
