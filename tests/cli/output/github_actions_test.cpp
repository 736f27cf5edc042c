#include "cli/output/github_actions.hpp"

#include "cli/output/grouped_printer.hpp"

#include <gtest/gtest.h>

#include <stdio.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace tasker::cli {
namespace {

constexpr OutputStream kOut = OutputStream::stdout_stream;
constexpr OutputStream kErr = OutputStream::stderr_stream;

TEST(WorkflowCommands, OnlyGithubActionsTrueTurnsItOn) {
  ::unsetenv("GITHUB_ACTIONS");
  EXPECT_FALSE(on_github_actions());
  ::setenv("GITHUB_ACTIONS", "false", 1);
  EXPECT_FALSE(on_github_actions());
  ::setenv("GITHUB_ACTIONS", "TRUE", 1);
  EXPECT_FALSE(on_github_actions());  // the runner sets exactly `true`
  ::setenv("GITHUB_ACTIONS", "true", 1);
  EXPECT_TRUE(on_github_actions());
  ::unsetenv("GITHUB_ACTIONS");
}

TEST(WorkflowCommands, MessagesEscapePercentAndLineBreaksSoTheyStayOnOneLine) {
  EXPECT_EQ(escape_workflow_message("plain: a, b"), "plain: a, b");
  EXPECT_EQ(escape_workflow_message("100%\r\nnext"), "100%25%0D%0Anext");
  EXPECT_EQ(escape_workflow_message("%0A"), "%250A");  // comes back as typed, not as a newline
}

TEST(WorkflowCommands, GroupAndEndgroupLines) {
  EXPECT_EQ(group_command("lint"), "::group::lint\n");
  EXPECT_EQ(group_command("a\nb"), "::group::a%0Ab\n");
  EXPECT_EQ(kEndGroupCommand, "::endgroup::\n");
}

TEST(WorkflowCommands, ErrorLineNamesTheTaskItsStatusAndItsCommand) {
  EXPECT_EQ(task_error_command("lint", false, 3, "make lint"),
            "::error title=tasker::lint failed with status 3: make lint\n");
  EXPECT_EQ(task_error_command("#0", true, 124, "sleep 5"),
            "::error title=tasker::#0 timed out (status 124): sleep 5\n");
  EXPECT_EQ(task_error_command("t", false, 137, "printf '50%'\nkill -9 $$"),
            "::error title=tasker::t failed with status 137: printf '50%25'%0Akill -9 $$\n");
}

// A FILE* whose bytes the test reads back.
class MemFile {
 public:
  MemFile() : file_(::open_memstream(&data_, &size_)) {}
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  ~MemFile() {
    std::fclose(file_);
    std::free(data_);  // NOLINT(cppcoreguidelines-no-malloc): open_memstream's buffer
  }
  [[nodiscard]] std::FILE* get() const { return file_; }
  [[nodiscard]] std::string text() const { return {data_, size_}; }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

class GithubGroups : public ::testing::Test {
 protected:
  GroupedPrinter make(bool color = false) {
    PrinterOptions options;
    options.mode = OutputMode::grouped;
    options.github_groups = true;
    options.color = color;
    options.out = out_.get();
    options.err = err_.get();
    return GroupedPrinter(options);
  }
  MemFile out_;
  MemFile err_;
};

TEST_F(GithubGroups, EachBlockIsAGroupInsteadOfUnderAHeader) {
  GroupedPrinter printer = make();
  printer.begin(0, "lint");
  printer.begin(1, "test");
  printer.output(0, kOut, "clean\n");
  printer.output(1, kOut, "ran 3\n");
  printer.output(1, kErr,
                 "1 failed");  // no final newline: the group still ends on a line of its own
  printer.end(1, true);
  printer.end(0, false);
  EXPECT_EQ(out_.text(),
            "::group::test (failed)\nran 3\n::endgroup::\n"
            "::group::lint\nclean\n::endgroup::\n");
  EXPECT_EQ(err_.text(), "::group::test (failed, stderr)\n1 failed\n::endgroup::\n");
}

TEST_F(GithubGroups, StderrAloneIsAGroupTitledAsStderr) {
  GroupedPrinter printer = make();
  printer.begin(0, "build");
  printer.output(0, kErr, "warning\n");
  printer.end(0, false);
  EXPECT_EQ(out_.text(), "");
  EXPECT_EQ(err_.text(), "::group::build (stderr)\nwarning\n::endgroup::\n");
}

TEST_F(GithubGroups, ASilentTaskPrintsNoEmptyGroup) {
  GroupedPrinter printer = make();
  printer.begin(0, "quiet");
  printer.end(0, true);
  EXPECT_EQ(out_.text(), "");
  EXPECT_EQ(err_.text(), "");
}

TEST_F(GithubGroups, GroupLinesAreNeverColoredOrTheRunnerWouldNotSeeThem) {
  GroupedPrinter printer = make(true);
  printer.begin(2, "x");
  printer.output(2, kOut, "plain\n");
  printer.end(2, false);
  EXPECT_EQ(out_.text(), "::group::x\nplain\n::endgroup::\n");
}

}  // namespace
}  // namespace tasker::cli
