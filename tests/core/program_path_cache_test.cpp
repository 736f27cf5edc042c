#include "core/program_path_cache.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace tasker {
namespace {

// Directories under one temporary root, removed with the fixture.
class ProgramPathCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char root[] = "/tmp/tasker_path_test_XXXXXX";
    ASSERT_NE(::mkdtemp(root), nullptr);
    root_ = root;
  }
  void TearDown() override {
    for (auto it = made_.rbegin(); it != made_.rend(); ++it) ::remove(it->c_str());
    ::rmdir(root_.c_str());
  }

  std::string dir(const std::string& name) {
    const std::string path = root_ + "/" + name;
    EXPECT_EQ(::mkdir(path.c_str(), 0755), 0) << path;
    made_.push_back(path);
    return path;
  }
  std::string file(const std::string& path, mode_t mode) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    EXPECT_NE(f, nullptr) << path;
    if (f != nullptr) {
      std::fputs("#!/bin/sh\n", f);
      std::fclose(f);
    }
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);
    made_.push_back(path);
    return path;
  }

  std::string root_;
  std::vector<std::string> made_;
};

TEST_F(ProgramPathCacheTest, FindsTheFirstExecutableFileInPathOrder) {
  const std::string a = dir("a");
  const std::string b = dir("b");
  file(a + "/prog", 0755);
  file(b + "/prog", 0755);
  ProgramPathCache cache(b + ":" + a);
  const std::string* found = cache.find("prog");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, b + "/prog");
}

TEST_F(ProgramPathCacheTest, SkipsFilesThatCannotBeRunAndDirectories) {
  const std::string a = dir("a");
  const std::string b = dir("b");
  const std::string c = dir("c");
  file(a + "/prog", 0644);  // not executable
  dir("b/prog");            // a directory with the name
  file(c + "/prog", 0755);
  ProgramPathCache cache(a + ":" + b + ":" + c);
  const std::string* found = cache.find("prog");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, c + "/prog");
}

TEST_F(ProgramPathCacheTest, NothingForNamesWithASlashEmptyNamesAndNamesNotOnPath) {
  const std::string a = dir("a");
  file(a + "/prog", 0755);
  ProgramPathCache cache(a);
  EXPECT_EQ(cache.find(a + "/prog"), nullptr) << "a path is run as it is";
  EXPECT_EQ(cache.find("./prog"), nullptr);
  EXPECT_EQ(cache.find(""), nullptr);
  EXPECT_EQ(cache.find("no-such-prog"), nullptr);
}

TEST_F(ProgramPathCacheTest, AnEmptyEntryIsTheCurrentDirectory) {
  const std::string a = dir("a");
  file(a + "/prog", 0755);
  char here[4096];
  ASSERT_NE(::getcwd(here, sizeof here), nullptr);
  ASSERT_EQ(::chdir(a.c_str()), 0);
  ProgramPathCache cache("/no/such/dir::/no/such/other");
  const std::string* found = cache.find("prog");
  EXPECT_EQ(::chdir(here), 0);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, "./prog");
}

TEST_F(ProgramPathCacheTest, RemembersUntilForgotten) {
  const std::string a = dir("a");
  const std::string b = dir("b");
  file(b + "/prog", 0755);
  ProgramPathCache cache(a + ":" + b);
  ASSERT_NE(cache.find("prog"), nullptr);
  file(a + "/prog", 0755);  // now earlier on PATH
  EXPECT_EQ(*cache.find("prog"), b + "/prog") << "remembered, as a shell's hash is";
  cache.forget("prog");
  EXPECT_EQ(*cache.find("prog"), a + "/prog");
}

}  // namespace
}  // namespace tasker
