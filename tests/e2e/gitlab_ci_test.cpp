// GITLAB_CI=true end to end, on the built binary: grouped output becomes GitLab CI collapsible
// sections, one per task and stream, with ids GitLab accepts; without the variable, or in the
// other output modes, none of it.

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace tasker::testing {
namespace {

// `text` with each marker's Unix time made TS.
std::string times_named(const std::string& text) {
  return std::regex_replace(text, std::regex("(section_(start|end)):[0-9]+:"), "$1:TS:");
}

class OnGitlabCi : public ::testing::Test {
 protected:
  TaskerResult run(const std::vector<std::string>& args, bool on_gitlab = true) {
    return run_tasker(args, dir, "", {on_gitlab ? "GITLAB_CI=true" : "GITLAB_CI=false"});
  }
  ScratchDir dir;
};

TEST_F(OnGitlabCi, GroupedOutputIsOneSectionPerTaskAndStreamInsteadOfHeaders) {
  const TaskerResult r = run({"--output", "grouped", "list", "--names", "lint,test", "echo clean",
                              "sleep 1; echo ran 3; echo 1 failed >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // A success is collapsed when the log loads; a failure is open.
  EXPECT_EQ(times_named(r.out),
            "\x1b[0Ksection_start:TS:task_0_lint[collapsed=true]\r\x1b[0Klint\n"
            "clean\n"
            "\x1b[0Ksection_end:TS:task_0_lint\r\x1b[0K\n"
            "\x1b[0Ksection_start:TS:task_1_test\r\x1b[0Ktest (failed)\n"
            "ran 3\n"
            "\x1b[0Ksection_end:TS:task_1_test\r\x1b[0K\n");
  EXPECT_NE(times_named(r.err).find(
                "\x1b[0Ksection_start:TS:task_1_test_stderr\r\x1b[0Ktest (failed, stderr)\n"
                "1 failed\n"
                "\x1b[0Ksection_end:TS:task_1_test_stderr\r\x1b[0K\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("==>"), std::string::npos);
  EXPECT_EQ(r.err.find("==>"), std::string::npos);
}

TEST_F(OnGitlabCi, MarkersCarryTheTimeTheyWereWrittenAndIdsGitlabAccepts) {
  const auto before = std::time(nullptr);
  const TaskerResult r = run({"--output", "grouped", "gather", "--names", "a b:c,a b/c,état",
                              "sleep 1; echo one", "echo two", "echo three"});
  const auto after = std::time(nullptr);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::regex marker("\x1b\\[0Ksection_(start|end):([0-9]+):([^\r\\[]*)");
  std::vector<std::string> started;
  std::vector<std::string> ended;
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), marker);
       it != std::sregex_iterator(); ++it) {
    const long long time = std::stoll((*it)[2]);
    EXPECT_GE(time, before);
    EXPECT_LE(time, after);
    const std::string id = (*it)[3];
    EXPECT_TRUE(std::regex_match(id, std::regex("[A-Za-z0-9_.-]+"))) << id;
    ((*it)[1] == "start" ? started : ended).push_back(id);
  }
  // Two tasks named alike still get sections of their own, each ended as it began.
  EXPECT_EQ(started.size(), 3U) << r.out;
  EXPECT_EQ(started, ended);
  EXPECT_EQ(std::set<std::string>(started.begin(), started.end()).size(), 3U) << r.out;
}

TEST_F(OnGitlabCi, OtherModesAndOtherMachinesHaveNoSections) {
  for (const std::string mode : {"prefixed", "raw", "quiet"}) {
    const TaskerResult r = run({"--output", mode, "list", "echo out", "echo err >&2; exit 4"});
    EXPECT_EQ(r.out.find("section_"), std::string::npos) << mode << r.out;
    EXPECT_EQ(r.err.find("section_"), std::string::npos) << mode << r.err;
  }
  const TaskerResult r =
      run({"--output", "grouped", "gather", "--names", "lint", "echo clean"}, false);
  EXPECT_EQ(r.out, "==> lint <==\nclean\n");
}

}  // namespace
}  // namespace tasker::testing
