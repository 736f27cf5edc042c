#include "cli/output/github_actions.hpp"

#include "cli/output/grouped_printer.hpp"
#include "cli/output/line_printer.hpp"
#include "tests/support/mem_file.hpp"
#include "tests/support/workflow_tokens.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <regex>
#include <set>
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

TEST(WorkflowCommands, StopTokensAreFreshAndHex) {
  const std::string a = fresh_stop_token();
  const std::string b = fresh_stop_token();
  EXPECT_NE(a, b);
  EXPECT_TRUE(std::regex_match(a, std::regex("[0-9a-f]{32}"))) << a;
  EXPECT_EQ(stop_commands("abc"), "::stop-commands::abc\n");
  EXPECT_EQ(resume_commands("abc"), "::abc::\n");
}

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
  EXPECT_EQ(tokens_named(out_.text()),
            "::group::test (failed)\n::stop-commands::T\nran 3\n::T::\n::endgroup::\n"
            "::group::lint\n::stop-commands::T\nclean\n::T::\n::endgroup::\n");
  EXPECT_EQ(tokens_named(err_.text()),
            "::group::test (failed, stderr)\n::stop-commands::T\n1 failed\n::T::\n::endgroup::\n");
}

TEST_F(GithubGroups, StderrAloneIsAGroupTitledAsStderr) {
  GroupedPrinter printer = make();
  printer.begin(0, "build");
  printer.output(0, kErr, "warning\n");
  printer.end(0, false);
  EXPECT_EQ(out_.text(), "");
  EXPECT_EQ(tokens_named(err_.text()),
            "::group::build (stderr)\n::stop-commands::T\nwarning\n::T::\n::endgroup::\n");
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
  EXPECT_EQ(tokens_named(out_.text()),
            "::group::x\n::stop-commands::T\nplain\n::T::\n::endgroup::\n");
}

TEST_F(GithubGroups, ForgedWorkflowCommandsInTaskOutputStayInsideTheFence) {
  GroupedPrinter printer = make();
  printer.begin(0, "evil");
  printer.output(0, kOut, "::add-mask::secret\n::stop-commands::guess\n::error::forged\n");
  printer.end(0, false);
  EXPECT_EQ(tokens_named(out_.text()),
            "::group::evil\n::stop-commands::T\n::add-mask::secret\n::stop-commands::guess\n"
            "::error::forged\n::T::\n::endgroup::\n");
}

TEST_F(GithubGroups, RawOutputIsFencedChunkByChunkAndOnlyWhenALineIsPrinted) {
  PrinterOptions options;
  options.mode = OutputMode::raw;
  options.github_groups = true;
  options.out = out_.get();
  options.err = err_.get();
  LinePrinter printer(options);
  printer.begin(0, "t");
  printer.output(0, kOut, "::error::a\n::err");  // one whole line, one held back
  printer.output(0, kOut, "or::b");              // nothing whole: no empty fence
  printer.end(0, false);                         // the held line goes out, fenced
  EXPECT_EQ(tokens_named(out_.text()),
            "::stop-commands::T\n::error::a\n::T::\n::stop-commands::T\n::error::b\n::T::\n");
}

TEST_F(GithubGroups, PrefixedOutputNeedsNoFence) {
  PrinterOptions options;
  options.mode = OutputMode::prefixed;
  options.github_groups = true;
  options.out = out_.get();
  options.err = err_.get();
  LinePrinter printer(options);
  printer.begin(0, "t");
  printer.output(0, kOut, "::error::a\n");
  printer.end(0, false);
  EXPECT_EQ(out_.text(), "t | ::error::a\n");
}

}  // namespace
}  // namespace tasker::cli
