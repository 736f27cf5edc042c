#include "cli/report/html_report.hpp"

#include "cli/report/report_view.hpp"
#include "tests/support/sample_report_json.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace tasker::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

// The classes of the timeline's bars, in order.
std::vector<std::string> bar_states(const std::string& html) {
  static const std::regex bar("<rect class=\"bar ([a-z_]+)\"");
  std::vector<std::string> states;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), bar); it != std::sregex_iterator();
       ++it)
    states.push_back((*it)[1]);
  return states;
}

// The x of the fire line.
double fire_x(const std::string& html) {
  static const std::regex fire("<line id=\"fire\" class=\"fire\" x1=\"([0-9.]+)\"");
  std::smatch match;
  if (!std::regex_search(html, match, fire))
    return -1;
  return std::stod(match[1]);
}

std::string html_of(const std::string& json) {
  return to_html(read_report_text(json));
}

// What every page must be: one document, self-contained, no script, table rows per row.
void expect_a_self_contained_page(const std::string& html, std::size_t rows) {
  EXPECT_THAT(html, StartsWith("<!DOCTYPE html>\n<html"));
  EXPECT_EQ(count_of(html, "</html>"), 1U);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("href=")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
  EXPECT_THAT(html, Not(HasSubstr("url(http")));
  EXPECT_THAT(html, HasSubstr("prefers-color-scheme:dark"));
  EXPECT_EQ(count_of(html, "<tr class="), rows);
}

TEST(HtmlReportTest, OneBarPerTaskColouredByStateAndTheFireLineWhereTheRunFired) {
  const std::string html = html_of(samples::list_json());
  expect_a_self_contained_page(html, 2);
  EXPECT_EQ(bar_states(html), (std::vector<std::string>{"cancelled", "failed"}));
  EXPECT_EQ(count_of(html, "id=\"fire\""), 1U);
  // #1 fired at 0.3 + 1003.1 ms of a 1021.7 ms run (the cancelled #0 ended at 1021.1).
  const double expected = 260 + (0.3 + 1003.1) / 1021.7 * 720;
  EXPECT_NEAR(fire_x(html), expected, 0.1);
  EXPECT_THAT(html, HasSubstr(">fired errback</text>"));
  // The cancelled task is hatched from the fire line on: where the run cut it short.
  EXPECT_EQ(count_of(html, "<rect class=\"cut\""), 1U);
  EXPECT_THAT(html, HasSubstr(fmt::format("<rect class=\"cut\" x=\"{:.1f}\"", expected)));
  // Each bar's tooltip names the task, its command, its status and its times.
  EXPECT_THAT(html, HasSubstr("<title>#1\nsleep 1; exit 3\nfailed, status 3, unhandled\n"
                              "queued 0 ms, started 0 ms, ran 1.003 s</title>"));
}

TEST(HtmlReportTest, QueueWaitIsDrawnApartFromTheRun) {
  const std::string html = html_of(samples::hostile_gather_json());
  // #0 waited 0.5 ms; #1 waited 100 ms for the one job slot: 100 of the run's 250 ms, drawn
  // from the run's start to its own; #2 never started.
  EXPECT_EQ(count_of(html, "<path class=\"queue\""), 2U);
  EXPECT_THAT(html, HasSubstr("<path class=\"queue\" d=\"M260 46h288\"/>"));
  EXPECT_THAT(html, HasSubstr("queued 100 ms, started 100 ms, ran 150 ms"));
  EXPECT_EQ(bar_states(html), (std::vector<std::string>{"succeeded", "failed", "not_started"}));
  const std::string after = html_of(samples::after_json());
  // Its queue starts when its delay is over, not with the run.
  EXPECT_THAT(after, HasSubstr(fmt::format("<path class=\"queue\" d=\"M{:.1f} ",
                                           260 + 1000.0 / 1003 * 720)));
  EXPECT_THAT(after, HasSubstr("queued 1 ms, started 1.001 s"));
}

TEST(HtmlReportTest, EveryStringATaskControlsIsEscaped) {
  const std::string html = html_of(samples::hostile_gather_json());
  expect_a_self_contained_page(html, 3);
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("echo &#39;&lt;b&gt;&amp;amp;&lt;/b&gt;&#39;"));
  EXPECT_THAT(html, HasSubstr("a|b`c\\x1b[31m\\x0ad &amp; &#39;e&#39;"));
  EXPECT_THAT(html, HasSubstr("\\x9bc1"));
  EXPECT_THAT(html, Not(HasSubstr("\x1b")));
  EXPECT_THAT(html, Not(HasSubstr("\xc2\x9b")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_EQ(html_escape("<>&\"'\x01\x7f"), "&lt;&gt;&amp;&quot;&#39;\\x01\\x7f");
}

TEST(HtmlReportTest, EveryHasARowPerRunAndTwoPlotsWithTheSkippedTickMarked) {
  const std::string html = html_of(samples::every_json());
  expect_a_self_contained_page(html, 3);
  EXPECT_EQ(bar_states(html).size(), 3U);
  EXPECT_EQ(count_of(html, "<svg id=\"lateness\""), 1U);
  EXPECT_EQ(count_of(html, "<svg id=\"durations\""), 1U);
  // One skipped tick, before the third run: marked on both plots.
  EXPECT_EQ(count_of(html, "<line class=\"skip\""), 2U);
  EXPECT_THAT(html, HasSubstr("1 tick(s) skipped before run #3"));
  static const std::regex points("<polyline points=\"([^\"]*)\"");
  std::vector<std::size_t> point_counts;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), points);
       it != std::sregex_iterator(); ++it)
    point_counts.push_back(count_of((*it)[1], ","));
  EXPECT_EQ(point_counts, (std::vector<std::size_t>{3, 3}));
}

TEST(HtmlReportTest, ATaskFileTreeIsNestedRows) {
  const std::string html = html_of(samples::tree_json());
  // ci, lint, test, builds, build-a, and lint again as a reference: six rows, three tasks.
  expect_a_self_contained_page(html, 6);
  EXPECT_EQ(bar_states(html), (std::vector<std::string>{"cancelled", "failed", "succeeded"}));
  EXPECT_EQ(count_of(html, "<rect class=\"span\""), 2U);  // ci and builds
  // ci, builds and the reference are not tasks: a label and a table row each, no bar.
  EXPECT_EQ(count_of(html, "<text class=\"group\""), 3U);
  EXPECT_EQ(count_of(html, "<tr class=\"group\""), 3U);
  // Nested rows are indented by their depth: build-a sits two levels down.
  EXPECT_THAT(html, HasSubstr("<text x=\"28\""));
  EXPECT_THAT(html, HasSubstr("lint (shared: ci/lint)"));
  // test fired ci at 0.6 + 400 ms; lint is cut there.
  EXPECT_NEAR(fire_x(html), 260 + 400.6 / 700 * 720, 0.1);
  EXPECT_EQ(count_of(html, "<rect class=\"cut\""), 1U);
}

TEST(HtmlReportTest, AChainIsARowPerStep) {
  const std::string html = html_of(samples::chain_json());
  expect_a_self_contained_page(html, 4);
  // then#3 was passed by on the callback track: a row, no bar.
  EXPECT_EQ(bar_states(html), (std::vector<std::string>{"succeeded", "failed", "succeeded"}));
  EXPECT_THAT(html, HasSubstr("<tr class=\"group\"><td>then#3</td><td>skipped</td>"));
  EXPECT_EQ(count_of(html, "id=\"fire\""), 1U);
}

TEST(HtmlReportTest, AnyInterruptedAndEmptyRuns) {
  const std::string any = html_of(samples::any_json());
  EXPECT_EQ(bar_states(any), (std::vector<std::string>{"failed", "succeeded"}));
  EXPECT_NEAR(fire_x(any), 260 + 200.2 / 201 * 720, 0.1);

  const std::string interrupted = html_of(samples::interrupted_json());
  EXPECT_THAT(interrupted, HasSubstr("interrupted by signal 2, exit 130"));
  EXPECT_THAT(interrupted, HasSubstr(">interrupted (signal 2)</text>"));
  EXPECT_EQ(bar_states(interrupted).size(), 2U);
  EXPECT_NEAR(fire_x(interrupted), 260 + 300.2 / 320 * 720, 0.1);  // the first cut

  const std::string empty = html_of(samples::empty_gather_json());
  expect_a_self_contained_page(empty, 0);
  EXPECT_TRUE(bar_states(empty).empty());
  EXPECT_EQ(count_of(empty, "id=\"fire\""), 0U);  // nothing ran, nothing fired it
}

TEST(HtmlReportTest, ALongRunTabulatesOnlyWhatDidNotSucceedButDrawsEveryTask) {
  std::string tasks;
  for (int i = 0; i < 1001; ++i) {
    const bool failed = i == 10 || i == 900;
    tasks += fmt::format(R"({}{{"name": "t{}", "command": "x", "state": "{}", "status": {},
        "started_ms": {}, "duration_ms": 1}})",
                         i == 0 ? "" : ",", i, failed ? "failed" : "succeeded", failed ? 1 : 0, i);
  }
  const std::string html = html_of(R"({"tasker": "0.1.0", "command": "gather", "exit_code": 1,
      "duration_ms": 1001, "tasks": [)" +
                                   tasks + "]}");
  EXPECT_EQ(bar_states(html).size(), 1001U);
  EXPECT_EQ(count_of(html, "<tr class="), 2U);
  EXPECT_THAT(html, HasSubstr("<tr class=\"failed\"><td>t900</td>"));
  EXPECT_THAT(html, HasSubstr(">999 tasks that succeeded are not listed"));
}

}  // namespace
}  // namespace tasker::cli
