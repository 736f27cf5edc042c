// Pictures of a run, end to end on the built binary: `tasker report FILE` renders a saved report
// as Markdown or as an HTML page, `--html` draws the page during a run, and on GitHub Actions a
// run appends its Markdown summary to $GITHUB_STEP_SUMMARY.

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
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
  expect_usage_error(run_tasker({"report", "r.json", "--junit", "r.json"}, dir), "same file");
  EXPECT_EQ(read_file(dir.file("r.json")), saved);
}

// `tasker report FILE --junit OUT` renders the JUnit the run itself wrote, to the byte: the run's
// --junit keeps the tasks' output, and its --report then holds it too.
class JunitAgain : public ReportCommand {
 protected:
  // Runs `args` with --report and --junit, renders the report's JUnit again, and returns it.
  std::string round_trip(const std::vector<std::string>& args, int status) {
    std::vector<std::string> run = {"-q", "--report", "r.json", "--junit", "live.xml"};
    run.insert(run.end(), args.begin(), args.end());
    const TaskerResult first = run_tasker(run, dir);
    EXPECT_EQ(first.exit_code, status) << first.err;
    const TaskerResult again = run_tasker({"report", "r.json", "--junit", "again.xml"}, dir);
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.out, "");  // no Markdown unless asked for
    EXPECT_EQ(again.err, "");
    const std::string xml = read_file(dir.file("again.xml"));
    EXPECT_EQ(xml, read_file(dir.file("live.xml")));
    return xml;
  }

  // A real XML parser reads it, as the JUnit writer's unit test checks: `cases` testcases.
  void expect_parsed(std::size_t cases) {
    if (std::system("command -v python3 >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "python3 is not installed";
    const std::string command =
        "python3 -c 'import sys, xml.etree.ElementTree as E; "
        "r = E.parse(sys.argv[1]).getroot(); "
        "assert len(r.findall(\"./testsuite/testcase\")) == int(sys.argv[2])' " +
        dir.file("again.xml") + " " + std::to_string(cases);
    EXPECT_EQ(std::system(command.c_str()), 0) << read_file(dir.file("again.xml"));
  }
};

TEST_F(JunitAgain, AGatherWithHostileOutput) {
  const std::string xml = round_trip({"gather", "-j", "1", "echo '<b>&amp; \"q\" it'\\''s</b>'",
                                      "printf '\\033[31mred\\001\\n' >&2; exit 3", "sleep 0.1"},
                                     3);
  EXPECT_EQ(count_of(xml, "<testcase "), 3U) << xml;
  EXPECT_NE(xml.find("&lt;b&gt;&amp;amp; &quot;q&quot; it&apos;s&lt;/b&gt;"), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("\\x1b[31mred\\x01"), std::string::npos) << xml;
  expect_parsed(3);
}

TEST_F(JunitAgain, AnEveryLoop) {
  const std::string xml = round_trip({"every", "10ms", "--count", "3", "--", "echo tick"}, 0);
  EXPECT_EQ(count_of(xml, "classname=\"tasker.every\""), 3U) << xml;
  expect_parsed(3);
}

TEST_F(JunitAgain, AChain) {
  const std::string xml =
      round_trip({"chain", "exit 2", "--catch", "true", "--trap", "2", "--then", "echo done"}, 0);
  EXPECT_EQ(count_of(xml, "<testcase "), 3U) << xml;
  expect_parsed(3);
}

TEST_F(JunitAgain, ATaskFileTree) {
  write_file(dir.file("tasker.toml"),
             "[tasks.a]\nrun = \"echo a\"\n"
             "[tasks.b]\nneeds = [\"a\"]\ngather = [\"a\", { run = \"exit 3\" }]\n"
             "catch = \"true\"\n"
             "[tasks.c]\nevery = \"10ms\"\ncount = 2\nrun = \"echo tick\"\n"
             "[tasks.d]\nlist = [\"a\", { run = \"sleep 0.05\" }]\n"
             "[tasks.default]\nneeds = [\"b\", \"c\", \"d\"]\nrun = \"echo done\"\n");
  // b's gather member `exit 3` is left unhandled there, though b's catch recovers b.
  const std::string xml = round_trip({"run"}, 1);
  // Named by path, as the run's own: a run of `every`, a chain's level, a group's member.
  EXPECT_NE(xml.find("<testcase name=\"default/c/#2\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"default/b/catch#1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"default/b/1\""), std::string::npos) << xml;
  expect_parsed(static_cast<std::size_t>(count_of(xml, "<testcase ")));
}

TEST_F(ReportCommand, JunitThatCannotBeWrittenOrReadIsAUsageError) {
  ASSERT_EQ(run_tasker({"-q", "--report", "r.json", "gather", "true"}, dir).exit_code, 0);
  std::filesystem::create_directory(dir.file("out"));
  expect_usage_error(run_tasker({"report", "r.json", "--junit", "out"}, dir), "out");
  EXPECT_TRUE(std::filesystem::is_empty(dir.file("out")));
  expect_usage_error(run_tasker({"report", "missing.json", "--junit", "j.xml"}, dir),
                     "cannot read report");
  write_file(dir.file("notes.txt"), "hello\n");
  expect_usage_error(run_tasker({"report", "notes.txt", "--junit", "j.xml"}, dir),
                     "not a tasker report");
  EXPECT_FALSE(std::filesystem::exists(dir.file("j.xml")));
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{".stderr", ".stdin", ".stdout", "notes.txt", "out",
                                             "r.json"}));
}

// queued_ms says when a task was ready: a wait for a --jobs slot is started_ms - queued_ms, in a
// flat run and inside a task file's group alike, and a run of `every` in a tree is ready at its
// tick, not when the loop started.
TEST_F(ReportCommand, QueuedTimesTellASlotWaitFromASlowStart) {
  using nlohmann::json;
  ASSERT_EQ(run_tasker({"-q", "--report", "g.json", "gather", "-j", "1", "sleep 0.3", "true"}, dir)
                .exit_code,
            0);
  const json flat = json::parse(read_file(dir.file("g.json")));
  EXPECT_EQ(flat["tasks"][1]["queued_ms"], 0.0) << flat.dump(1);
  EXPECT_GE(flat["tasks"][1]["started_ms"].get<double>(), 290.0) << flat.dump(1);

  write_file(dir.file("tasker.toml"),
             "[tasks.default]\ngather = [{ run = \"sleep 0.3\" }, { run = \"true\" }]\n"
             "jobs = 1\n"
             "[tasks.poll]\nevery = \"200ms\"\ncount = 3\nrun = \"true\"\n");
  ASSERT_EQ(run_tasker({"-q", "--report", "t.json", "run"}, dir).exit_code, 0);
  const json tree = json::parse(read_file(dir.file("t.json")));
  const json& second = tree["root"]["children"][1];
  EXPECT_EQ(second["queued_ms"], tree["root"]["queued_ms"]) << tree.dump(1);
  EXPECT_GE(second["started_ms"].get<double>() - second["queued_ms"].get<double>(), 290.0)
      << tree.dump(1);

  ASSERT_EQ(run_tasker({"-q", "--report", "e.json", "run", "poll"}, dir).exit_code, 0);
  const json every = json::parse(read_file(dir.file("e.json")));
  const json& runs = every["root"]["runs"];
  ASSERT_EQ(runs.size(), 3U) << every.dump(1);
  const double first = runs[0]["queued_ms"].get<double>();
  for (std::size_t k = 0; k < 3; ++k) {
    const double queued = runs[k]["queued_ms"].get<double>();
    EXPECT_NEAR(queued, first + 200.0 * static_cast<double>(k), 0.5) << every.dump(1);
    // On time, give or take a loaded machine: not the 200 ms per run the loop's start would say.
    EXPECT_LT(runs[k]["started_ms"].get<double>() - queued, 150.0) << every.dump(1);
  }
}

}  // namespace
}  // namespace tasker::testing
