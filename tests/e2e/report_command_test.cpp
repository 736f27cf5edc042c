// Pictures of a run, end to end on the built binary: `tasker report FILE` renders a saved report
// as Markdown or as an HTML page, `--html` draws the page during a run, and on GitHub Actions a
// run appends its Markdown summary to $GITHUB_STEP_SUMMARY.

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace tasker::testing {
namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

// The body rows of the first Markdown table after `heading` in `text`.
std::size_t table_rows_after(const std::string& text, const std::string& heading,
                             std::size_t from = 0) {
  std::size_t at = text.find(heading + "\n", from);
  if (at == std::string::npos)
    return 0;
  std::size_t rows = 0;
  std::size_t line = text.find("\n|", at);
  // Two lines of header, then rows, up to the blank line.
  for (std::size_t n = 0; line != std::string::npos && text.compare(line, 2, "\n|") == 0; ++n) {
    if (n >= 2)
      ++rows;
    line = text.find('\n', line + 1);
  }
  return rows;
}

void expect_usage_error(const TaskerResult& r, const std::string& says) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
  EXPECT_EQ(r.err.rfind("tasker: ", 0), 0U) << r.err;
  EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
}

class StepSummary : public ::testing::Test {
 protected:
  TaskerResult run(std::vector<std::string> args) {
    return run_tasker(args, dir, "", {"GITHUB_STEP_SUMMARY=" + dir.file("summary.md")});
  }
  ScratchDir dir;
};

TEST_F(StepSummary, EachRunAppendsItsSummaryAfterWhatTheFileHeld) {
  write_file(dir.file("summary.md"), "# Earlier step\n");
  const TaskerResult first = run({"-q", "list", "true", "exit 3", "exit 4"});
  EXPECT_EQ(first.exit_code, 1) << first.err;
  const TaskerResult second = run({"-q", "gather", "true", "true"});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  const std::string summary = read_file(dir.file("summary.md"));
  EXPECT_EQ(summary.rfind("# Earlier step\n### tasker list: failed, exit 1\n", 0), 0U) << summary;
  EXPECT_EQ(count_of(summary, "### tasker "), 2U) << summary;
  // The first run's table lists its two failed tasks; the second run has none.
  EXPECT_EQ(table_rows_after(summary, "#### Did not succeed"), 2U) << summary;
  EXPECT_EQ(count_of(summary, "#### Did not succeed"), 1U) << summary;
  const std::size_t gather = summary.find("### tasker gather: succeeded");
  ASSERT_NE(gather, std::string::npos) << summary;
  EXPECT_NE(summary.find("**2 tasks**: 2 succeeded", gather), std::string::npos) << summary;
}

TEST_F(StepSummary, NoStepSummaryLeavesTheFileAlone) {
  write_file(dir.file("summary.md"), "kept\n");
  const TaskerResult r = run({"-q", "--no-step-summary", "gather", "exit 1"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(read_file(dir.file("summary.md")), "kept\n");
}

TEST_F(StepSummary, ATaskFileRunIsSummarisedToo) {
  write_file(dir.file("tasker.toml"),
             "[tasks.default]\ngather = [\"ok\", \"bad\"]\n"
             "[tasks.ok]\nrun = \"true\"\n[tasks.bad]\nrun = \"exit 5\"\n");
  const TaskerResult r = run({"-q", "run"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  const std::string summary = read_file(dir.file("summary.md"));
  EXPECT_EQ(table_rows_after(summary, "#### Did not succeed"), 1U) << summary;
  EXPECT_NE(summary.find("| bad (unhandled) | failed | 5 |"), std::string::npos) << summary;
}

class ReportCommand : public ::testing::Test {
 protected:
  ScratchDir dir;
};

TEST_F(ReportCommand, RendersASavedReportAsMarkdownAndAsAPage) {
  const TaskerResult run = run_tasker(
      {"-q", "--report", "r.json", "list", "--fire-on-one-errback", "sleep 5", "exit 3"}, dir);
  ASSERT_EQ(run.exit_code, 3) << run.err;
  const TaskerResult md = run_tasker({"report", "r.json", "--markdown"}, dir);
  EXPECT_EQ(md.exit_code, 0) << md.err;
  EXPECT_EQ(md.out.rfind("### tasker list: failed, exit 3\n", 0), 0U) << md.out;
  EXPECT_EQ(table_rows_after(md.out, "#### Did not succeed"), 2U) << md.out;

  const TaskerResult html = run_tasker({"report", "r.json", "--html", "out.html"}, dir);
  EXPECT_EQ(html.exit_code, 0) << html.err;
  EXPECT_EQ(html.out, "");
  const std::string page = read_file(dir.file("out.html"));
  EXPECT_EQ(count_of(page, "<rect class=\"bar "), 2U);
  EXPECT_EQ(count_of(page, "<rect class=\"bar cancelled\""), 1U);
  EXPECT_EQ(count_of(page, "id=\"fire\""), 1U);
}

TEST_F(ReportCommand, HtmlDuringARunDrawsEveryTask) {
  const TaskerResult run = run_tasker(
      {"-q", "--html", "run.html", "gather", "-j", "2", "true", "true", "true", "exit 1"}, dir);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::string page = read_file(dir.file("run.html"));
  EXPECT_EQ(count_of(page, "<rect class=\"bar "), 4U) << page;
  EXPECT_EQ(count_of(page, "<tr class="), 4U);
  EXPECT_EQ(count_of(page, "id=\"fire\""), 1U);
}

TEST_F(ReportCommand, AFileThatIsNotAReportIsAUsageError) {
  write_file(dir.file("package.json"), "{\"name\": \"x\"}\n");
  expect_usage_error(run_tasker({"report", "package.json"}, dir), "not a tasker report");
  write_file(dir.file("notes.txt"), "hello\n");
  expect_usage_error(run_tasker({"report", "notes.txt", "--html", "o.html"}, dir),
                     "not a tasker report");
  EXPECT_FALSE(std::filesystem::exists(dir.file("o.html")));
  expect_usage_error(run_tasker({"report", "missing.json"}, dir), "cannot read report");
}

TEST_F(ReportCommand, ThePageMayNotReplaceTheReportItReads) {
  ASSERT_EQ(run_tasker({"-q", "--report", "r.json", "gather", "true"}, dir).exit_code, 0);
  const std::string saved = read_file(dir.file("r.json"));
  expect_usage_error(run_tasker({"report", "r.json", "--html", "./r.json"}, dir), "same file");
  EXPECT_EQ(read_file(dir.file("r.json")), saved);
  expect_usage_error(run_tasker({"report", "r.json", "--junit", "j.xml"}, dir), "--junit");
}

}  // namespace
}  // namespace tasker::testing
