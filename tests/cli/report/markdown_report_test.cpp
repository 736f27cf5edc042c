#include "cli/report/markdown_report.hpp"

#include "cli/report/report_view.hpp"
#include "tests/support/sample_report_json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace tasker::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The body rows of the table under `heading`: the lines that start with `|`, less its header
// and its delimiter row.
std::vector<std::string> table_rows(const std::string& markdown, const std::string& heading) {
  const std::vector<std::string> lines = lines_of(markdown);
  std::vector<std::string> rows;
  std::size_t i = 0;
  while (i < lines.size() && lines[i] != heading) ++i;
  for (++i; i < lines.size() && lines[i].empty(); ++i) {
  }
  for (std::size_t header = 0; i < lines.size() && lines[i].rfind('|', 0) == 0; ++i, ++header) {
    if (header >= 2)
      rows.push_back(lines[i]);
  }
  return rows;
}

// The cells of a table row, split on bars that are not escaped, as GitHub splits them.
std::vector<std::string> cells_of(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size()) {
      cell += row.substr(i, 2);
      ++i;
    } else if (row[i] == '|') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return cells;
}

std::string markdown_of(const std::string& json) {
  return to_markdown(read_report_text(json));
}

TEST(MarkdownReportTest, ListsWhatDidNotSucceedFirstThenCountsThenTheSlowest) {
  const std::string md = markdown_of(samples::list_json());
  EXPECT_THAT(md, StartsWith("### tasker list: failed, exit 3\n"));
  const std::vector<std::string> failed = table_rows(md, "#### Did not succeed");
  ASSERT_EQ(failed.size(), 2U) << md;
  EXPECT_EQ(cells_of(failed[0])[0], " #0 ");
  EXPECT_EQ(cells_of(failed[0])[1], " cancelled ");
  EXPECT_EQ(cells_of(failed[1])[0], " #1 (unhandled) ");
  EXPECT_EQ(cells_of(failed[1])[2], " 3 ");
  EXPECT_THAT(md, HasSubstr("**2 tasks**: 1 failed, 1 cancelled · fired errback · 1.022 s"));
  EXPECT_LT(md.find("Did not succeed"), md.find("**2 tasks**"));
  EXPECT_LT(md.find("**2 tasks**"), md.find("#### Slowest"));
  const std::vector<std::string> slowest = table_rows(md, "#### Slowest");
  ASSERT_EQ(slowest.size(), 2U);
  EXPECT_EQ(cells_of(slowest[0])[0], " #0 ");  // 1020.9 ms before 1003.1 ms
}

TEST(MarkdownReportTest, AllSucceededHasNoFailureTable) {
  const std::string md = markdown_of(samples::every_json());
  EXPECT_THAT(md, Not(HasSubstr("Did not succeed")));
  EXPECT_THAT(md, HasSubstr("**3 runs**: 3 succeeded"));
  EXPECT_THAT(md, HasSubstr("1 skipped ticks · ended by count"));
}

// --resume: the tasks an earlier run did are counted as skipped, and are no failures.
TEST(MarkdownReportTest, SkippedTasksAreCountedAndNotListedAsFailures) {
  const std::string md = markdown_of(R"({"tasker": "0.1.0", "command": "gather",
      "exit_code": 1, "duration_ms": 20, "tasks": [
      {"name": "a", "command": "x", "state": "skipped"},
      {"name": "b", "command": "y", "state": "failed", "status": 1, "started_ms": 0,
       "duration_ms": 10},
      {"name": "c", "command": "z", "state": "skipped"}]})");
  const std::vector<std::string> failed = table_rows(md, "#### Did not succeed");
  ASSERT_EQ(failed.size(), 1U) << md;
  EXPECT_EQ(cells_of(failed[0])[0], " b ");
  EXPECT_THAT(md, HasSubstr("**3 tasks**: 1 failed, 2 skipped")) << md;
}

TEST(MarkdownReportTest, SlowestListsFiveAtMost) {
  std::string tasks;
  for (int i = 0; i < 8; ++i) {
    tasks += std::string(i == 0 ? "" : ",") + R"({"name": "t)" + std::to_string(i) +
             R"(", "command": "x", "state": "succeeded", "status": 0, "started_ms": 0,
             "duration_ms": )" +
             std::to_string(i * 10) + "}";
  }
  const std::string md = markdown_of(R"({"tasker": "0.1.0", "command": "gather",
      "exit_code": 0, "duration_ms": 80, "tasks": [)" +
                                     tasks + "]}");
  const std::vector<std::string> slowest = table_rows(md, "#### Slowest");
  ASSERT_EQ(slowest.size(), kSlowestListed);
  EXPECT_EQ(cells_of(slowest[0])[0], " t7 ");
  EXPECT_EQ(cells_of(slowest[4])[0], " t3 ");
}

TEST(MarkdownReportTest, HostileNamesStayInTheirCell) {
  const std::string md = markdown_of(samples::hostile_gather_json());
  const std::vector<std::string> failed = table_rows(md, "#### Did not succeed");
  ASSERT_EQ(failed.size(), 2U) << md;
  // Five columns and an empty tail, however many bars the name and command hold.
  EXPECT_EQ(cells_of(failed[0]).size(), 5U) << failed[0];
  EXPECT_EQ(cells_of(failed[0])[0], R"( a\|b\`c\x1b[31m d &amp; 'e' (unhandled) )");
  EXPECT_EQ(cells_of(failed[0])[4], R"( printf '\\033[31m' \| tee \`x\` )");
  EXPECT_EQ(cells_of(failed[1])[4], " sleep 9 &lt;/dev/null ");
  EXPECT_THAT(md, Not(HasSubstr("<script>")));
  EXPECT_THAT(md, Not(HasSubstr("\x1b")));
}

TEST(MarkdownReportTest, EveryCommandKindRenders) {
  EXPECT_THAT(markdown_of(samples::any_json()), HasSubstr("**2 tasks**: 1 failed, 1 succeeded"));
  EXPECT_THAT(markdown_of(samples::after_json()), HasSubstr("**1 task**: 1 succeeded"));
  const std::string chain = markdown_of(samples::chain_json());
  // then#1 failed; then#3 was passed by, which is no failure.
  EXPECT_EQ(table_rows(chain, "#### Did not succeed").size(), 1U) << chain;
  EXPECT_THAT(chain, HasSubstr("**3 tasks**: 1 failed, 2 succeeded"));
  const std::string tree = markdown_of(samples::tree_json());
  const std::vector<std::string> failed = table_rows(tree, "#### Did not succeed");
  ASSERT_EQ(failed.size(), 2U) << tree;
  EXPECT_EQ(cells_of(failed[0])[0], " lint ");
  EXPECT_EQ(cells_of(failed[1])[0], " test (unhandled) ");
  EXPECT_THAT(tree, StartsWith("### tasker run tasker.toml: failed, exit 1"));
}

TEST(MarkdownReportTest, InterruptedAndEmptyRuns) {
  EXPECT_THAT(markdown_of(samples::interrupted_json()),
              StartsWith("### tasker gather: interrupted by signal 2, exit 130\n"));
  const std::string empty = markdown_of(samples::empty_gather_json());
  EXPECT_THAT(empty, HasSubstr("**0 tasks** · fired callback"));
  EXPECT_THAT(empty, Not(HasSubstr("####")));
}

TEST(MarkdownReportTest, TextThatIsNotAReportIsRefused) {
  EXPECT_THROW(static_cast<void>(read_report_text("not json")), NotAReportError);
  EXPECT_THROW(static_cast<void>(read_report_text("[1, 2]")), NotAReportError);
  EXPECT_THROW(static_cast<void>(read_report_text(R"({"name": "package.json"})")), NotAReportError);
  EXPECT_THROW(static_cast<void>(read_report_text(
                   R"({"tasker": "0.1.0", "command": "gather", "exit_code": "zero"})")),
               NotAReportError);
  EXPECT_THROW(static_cast<void>(read_report_text(
                   R"({"tasker": "0.1.0", "command": "gather", "exit_code": 0, "tasks": 3})")),
               NotAReportError);
}

TEST(MarkdownReportTest, DurationsForPeople) {
  EXPECT_EQ(human_duration(850), "850 ms");
  EXPECT_EQ(human_duration(1003.1), "1.003 s");
  EXPECT_EQ(human_duration(125'000), "2 min 5.0 s");
}

}  // namespace
}  // namespace tasker::cli
