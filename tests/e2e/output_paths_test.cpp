// Two outputs on one file (docs/behaviour.md "Bad input"): --report, --junit, --html and --joblog
// on the same file, or one over a file the run reads (--from, --args), however the paths are
// spelt (`./x` and `x`, `sub/../x`, a symlink, a hard link, stdin): a usage error — status 2,
// one line, nothing run — and the input file is left as it was.

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace tasker::testing {
namespace {

// What the --from file holds: a command that would leave a mark if it ran.
const std::string kCommands = "touch ran\n";

struct Clash {
  std::string title;
  std::vector<std::string> args;  // "MARK": a command that leaves a mark; "ABS/": the scratch dir
};

class OutputPaths : public ::testing::TestWithParam<Clash> {
 protected:
  void SetUp() override {
    write_file(dir.file("commands"), kCommands);
    write_file(dir.file("old.json"), "{}");
    std::filesystem::create_directory(dir.file("sub"));
    std::filesystem::create_symlink("commands", dir.file("link-to-commands"));
    std::filesystem::create_hard_link(dir.file("commands"), dir.file("hard-link-to-commands"));
    std::filesystem::create_symlink("old.json", dir.file("link-to-old"));
    std::filesystem::create_symlink("not-yet", dir.file("dangling"));
    std::filesystem::create_symlink(dir.path(), dir.file("link-to-dir"));
  }
  ScratchDir dir;
};

TEST_P(OutputPaths, IsAUsageErrorAndNothingRunsOrIsTruncated) {
  std::vector<std::string> args;
  for (const std::string& arg : GetParam().args) {
    if (arg == "MARK")
      args.push_back("touch ran");
    else if (arg.rfind("ABS/", 0) == 0)
      args.push_back(dir.file(arg.substr(4)));
    else
      args.push_back(arg);
  }
  // stdin is the file `.stdin`, holding the commands too (for `--from -`).
  const TaskerResult r = run_tasker(args, dir, kCommands);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
  EXPECT_EQ(r.err.rfind("tasker: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("same file"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("ran"))) << "a task ran";
  EXPECT_EQ(read_file(dir.file("commands")), kCommands) << "the --from file was overwritten";
  EXPECT_EQ(read_file(dir.file(".stdin")), kCommands) << "stdin's file was overwritten";
  EXPECT_EQ(read_file(dir.file("old.json")), "{}") << "an existing report was truncated";
  EXPECT_FALSE(std::filesystem::exists(dir.file("out"))) << "a report was created";
  EXPECT_FALSE(std::filesystem::exists(dir.file("not-yet"))) << "a report was created";
}

INSTANTIATE_TEST_SUITE_P(
    Faults, OutputPaths,
    ::testing::Values(
        Clash{"SameString", {"--report", "out", "--junit", "out", "gather", "MARK"}},
        Clash{"DotSlash", {"--report", "./out", "--junit", "out", "gather", "MARK"}},
        Clash{"DotDot", {"--report", "ABS/out", "--junit", "sub/../out", "gather", "MARK"}},
        Clash{"ThroughADirectorySymlink",
              {"--report", "link-to-dir/out", "--junit", "out", "gather", "MARK"}},
        Clash{"DanglingSymlinkAndItsTarget",
              {"--report", "dangling", "--junit", "not-yet", "gather", "MARK"}},
        Clash{"ExistingFileAndASymlinkToIt",
              {"--report", "old.json", "--junit", "link-to-old", "gather", "MARK"}},
        Clash{"ReportOverFrom", {"--report", "commands", "gather", "--from", "commands"}},
        Clash{"JunitOverFrom", {"--junit", "./commands", "list", "--from", "commands"}},
        Clash{"ReportOverFromThroughASymlink",
              {"--report", "link-to-commands", "any", "--from", "commands"}},
        Clash{"ReportOverFromThroughAHardLink",
              {"--report", "hard-link-to-commands", "gather", "--from", "ABS/commands"}},
        Clash{"HtmlAndReport", {"--report", "out", "--html", "./out", "gather", "MARK"}},
        Clash{"HtmlAndJunit", {"--html", "ABS/out", "--junit", "out", "list", "MARK"}},
        Clash{"HtmlOverFrom", {"--html", "commands", "gather", "--from", "commands"}},
        Clash{"ReportOverStdin", {"--report", ".stdin", "gather", "--from", "-"}},
        Clash{"JoblogAndHtml", {"--html", "out", "gather", "--joblog", "./out", "MARK"}},
        Clash{"JoblogAndReport", {"--report", "ABS/out", "gather", "--joblog", "out", "MARK"}},
        Clash{"JoblogOverArgs",
              {"gather", "--joblog", "commands", "touch ran", "--args", "commands"}},
        Clash{"ReportOverArgs",
              {"--report", "commands", "gather", "touch ran", "--args", "commands"}},
        Clash{"JunitOverArgsAmongLists",
              {"--junit", "link-to-commands", "gather", "touch ran {}", ":::", "a", "--args",
               "commands"}},
        Clash{"Every",
              {"--report", "out", "--junit", "./out", "every", "1s", "--count", "1", "--", "touch",
               "ran"}},
        Clash{"After",
              {"--report", "out", "--junit", "./out", "after", "0", "--", "touch", "ran"}}),
    [](const ::testing::TestParamInfo<Clash>& param) { return param.param.title; });

// Writing one device twice loses nothing: /dev/null may take both reports.
TEST(OutputPathsAllowed, TheSameDeviceTwice) {
  ScratchDir dir;
  const TaskerResult r =
      run_tasker({"-q", "--report", "/dev/null", "--junit", "/dev/null", "gather", "true"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(OutputPathsAllowed, DifferentFilesBesideTheFromFile) {
  ScratchDir dir;
  write_file(dir.file("commands"), "true\n");
  const TaskerResult r = run_tasker(
      {"-q", "--report", "r.json", "--junit", "j.xml", "gather", "--from", "commands"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.file("r.json")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("j.xml")));
  EXPECT_EQ(read_file(dir.file("commands")), "true\n");
}

}  // namespace
}  // namespace tasker::testing
