#include "cli/output/gitlab_ci.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <regex>
#include <string>

namespace tasker::cli {
namespace {

TEST(GitlabSections, OnlyGitlabCiTrueTurnsThemOn) {
  ::unsetenv("GITLAB_CI");
  EXPECT_FALSE(on_gitlab_ci());
  ::setenv("GITLAB_CI", "false", 1);
  EXPECT_FALSE(on_gitlab_ci());
  ::setenv("GITLAB_CI", "true", 1);
  EXPECT_TRUE(on_gitlab_ci());
  ::unsetenv("GITLAB_CI");
}

TEST(GitlabSections, IdsHoldOnlyWhatGitlabAcceptsAndTheNumberMakesThemUnique) {
  EXPECT_EQ(section_id(0, "lint"), "task_0_lint");
  EXPECT_EQ(section_id(3, "release/checks/lint"), "task_3_release_checks_lint");
  EXPECT_EQ(section_id(1, "a b:c[d]\r\n\x1b", "_stderr"), "task_1_a_b_c_d_____stderr");
  EXPECT_EQ(section_id(2, "v1.2-rc_3"), "task_2_v1.2-rc_3");
  EXPECT_NE(section_id(4, "a b"), section_id(5, "a:b"));
  EXPECT_EQ(section_id(7, std::string(100, 'x')), "task_7_" + std::string(64, 'x'));
  // UTF-8 bytes are outside the set too.
  EXPECT_TRUE(std::regex_match(section_id(8, "état ✔"), std::regex("[A-Za-z0-9_.-]+")));
}

TEST(GitlabSections, MarkersAsGitlabDocumentsThem) {
  EXPECT_EQ(section_start("task_0_lint", "lint", true, 1700000000),
            "\x1b[0Ksection_start:1700000000:task_0_lint[collapsed=true]\r\x1b[0Klint\n");
  EXPECT_EQ(section_start("task_1_test", "test (failed)", false, 1700000001),
            "\x1b[0Ksection_start:1700000001:task_1_test\r\x1b[0Ktest (failed)\n");
  EXPECT_EQ(section_end("task_0_lint", 1700000002),
            "\x1b[0Ksection_end:1700000002:task_0_lint\r\x1b[0K\n");
  // A header stays one line.
  EXPECT_EQ(section_start("i", "a\nb\rc", true, 1),
            "\x1b[0Ksection_start:1:i[collapsed=true]\r\x1b[0Ka b c\n");
}

}  // namespace
}  // namespace tasker::cli
