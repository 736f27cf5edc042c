// A saved report read back into a RunReport renders the JUnit the run itself wrote: the same
// bytes for the flat commands and `every`, testcases named by path for a task file's tree.

#include "cli/report/saved_run_report.hpp"

#include "cli/report/json_report.hpp"
#include "cli/report/junit_report.hpp"
#include "tests/support/sample_report_json.hpp"
#include "tests/support/sample_reports.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

namespace tasker::cli {
namespace {

using samples::every_report;
using samples::make_task;
using samples::spec_list_report;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The JUnit of `report`, and that of its saved JSON report (with the output, as --junit keeps it)
// read back.
std::string live(const RunReport& report) {
  return to_junit_xml(report);
}
std::string resaved(const RunReport& report) {
  return to_junit_xml(run_report_from_text(to_json(report, true)));
}

std::vector<std::string> testcase_names(const std::string& xml) {
  std::vector<std::string> names;
  const std::string open = "<testcase name=\"";
  for (std::size_t at = xml.find(open); at != std::string::npos; at = xml.find(open, at + 1)) {
    const std::size_t from = at + open.size();
    names.push_back(xml.substr(from, xml.find('"', from) - from));
  }
  return names;
}

TEST(SavedRunReportTest, AListRendersTheBytesOfTheRunsOwnJunit) {
  RunReport report = spec_list_report();
  report.started_at = "2026-12-05T19:01:06.831Z";
  report.hostname = "ci-runner-7";
  report.tasks[1].stdout_capture = CapturedStream{"built\n", 0};
  report.tasks[1].stderr_capture = CapturedStream{"no such file\n", 4096};
  const std::string xml = live(report);
  EXPECT_EQ(resaved(report), xml);
  EXPECT_THAT(xml, HasSubstr("[tasker: 4096 earlier bytes dropped"));
  EXPECT_THAT(xml, HasSubstr("<failure message=\"exited with 3\""));
}

TEST(SavedRunReportTest, TimesRoundAsTheReportKeepsThem) {
  RunReport report = spec_list_report();
  report.tasks[0].duration_ms = 1234.46;  // 1234.5 in the report: 1.235 s, or 1.234 s
  report.duration_ms = 2000.04;
  EXPECT_EQ(resaved(report), live(report));
}

TEST(SavedRunReportTest, EachCommandRendersTheSame) {
  RunReport every = every_report();
  every.command_line = "./check --quick";
  for (TaskReport& run : every.tasks) run.command = every.command_line;
  every.tasks[1].state = TaskState::timed_out;
  every.tasks[1].status = 124;
  every.tasks[1].error = "timed out";
  every.every->runs_omitted = 7;
  EXPECT_EQ(resaved(every), live(every));
  EXPECT_THAT(live(every), HasSubstr("tasker.runs_omitted"));

  RunReport any = spec_list_report();
  any.command = CommandKind::any;
  EXPECT_EQ(resaved(any), live(any));

  RunReport after = spec_list_report();
  after.command = CommandKind::after;
  after.delay_ms = 500;
  after.tasks.resize(1);
  EXPECT_EQ(resaved(after), live(after));
}

TEST(SavedRunReportTest, ATaskThatCouldNotStartKeepsItsReason) {
  RunReport report = spec_list_report();
  report.tasks[1].exit_code.reset();
  report.tasks[1].status = 127;
  report.tasks[1].error = "cannot run 'nosuch': No such file or directory";
  const std::string xml = resaved(report);
  EXPECT_EQ(xml, live(report));
  EXPECT_THAT(xml, HasSubstr("message=\"cannot run &apos;nosuch&apos;: No such file"));
}

TEST(SavedRunReportTest, AnInterruptedRunSaysSo) {
  RunReport report = spec_list_report();
  report.interrupted_by = 2;
  report.fired = Fired::none;
  report.exit_code = 130;
  const std::string xml = resaved(report);
  EXPECT_EQ(xml, live(report));
  EXPECT_THAT(xml, HasSubstr("<property name=\"tasker.interrupted\" value=\"SIGINT\"/>"));
  EXPECT_THAT(xml, HasSubstr("<property name=\"tasker.fired\" value=\"none\"/>"));
}

TEST(SavedRunReportTest, NoTasksIsAnEmptySuite) {
  RunReport report = spec_list_report();
  report.command = CommandKind::gather;
  report.tasks.clear();
  const std::string xml = resaved(report);
  EXPECT_EQ(xml, live(report));
  EXPECT_THAT(xml, HasSubstr("tests=\"0\" failures=\"0\""));
  EXPECT_THAT(xml, Not(HasSubstr("<testcase")));
  EXPECT_EQ(to_junit_xml(run_report_from_text(samples::empty_gather_json())).find("<testcase"),
            std::string::npos);
}

TEST(SavedRunReportTest, HostileNamesCommandsAndOutputRenderTheSame) {
  RunReport report = spec_list_report();
  report.command = CommandKind::gather;
  report.tasks[0].name = "a\"b<c>&'d\x01\x1b[31m";
  report.tasks[0].command = "printf '\\033[1m' </dev/null && echo \"&amp;\"";
  report.tasks[1].stdout_capture = CapturedStream{"]]> \x1b[0m <b>&</b> \"q\" 'a'\x07\n", 0};
  report.tasks[1].stderr_capture = CapturedStream{"\r\n\t\x7f", 0};
  const std::string xml = resaved(report);
  EXPECT_EQ(xml, live(report));
  EXPECT_THAT(xml, HasSubstr("name=\"a&quot;b&lt;c&gt;&amp;&apos;d\\x01\\x1b[31m\""));
  EXPECT_THAT(xml, Not(HasSubstr("\x1b")));
}

TEST(SavedRunReportTest, BytesThatAreNotUtf8StayWellFormed) {
  RunReport report = spec_list_report();
  report.tasks[1].stdout_capture = CapturedStream{"caf\xc3 \xff\xfe ok\n", 0};
  const std::string xml = resaved(report);
  EXPECT_THAT(xml, Not(HasSubstr("\xff")));
  EXPECT_THAT(xml, HasSubstr("\xef\xbf\xbd"));
  EXPECT_THAT(xml, HasSubstr(" ok\n</system-out>"));
}

TEST(SavedRunReportTest, WithoutTheOutputTheCasesAndStatusesStay) {
  RunReport report = spec_list_report();
  report.tasks[1].stdout_capture = CapturedStream{"built\n", 0};
  const std::string xml = to_junit_xml(run_report_from_text(to_json(report, false)));
  EXPECT_THAT(xml, Not(HasSubstr("<system-out>")));
  EXPECT_EQ(testcase_names(xml), testcase_names(live(report)));
  EXPECT_THAT(xml, HasSubstr("<failure message=\"exited with 3\" type=\"failed\">"));
  EXPECT_THAT(xml, HasSubstr("<skipped message=\"cancelled\"/>"));
}

TEST(SavedRunReportTest, ATreesTasksAreNamedByPathInTheTreesOrder) {
  const std::string xml = to_junit_xml(run_report_from_text(samples::tree_json()));
  // The shared `lint` is reported once, where it ran; the ref is no second testcase.
  EXPECT_THAT(testcase_names(xml), ElementsAre("ci/lint", "ci/test", "ci/builds/build-a"));
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"tasker run\" tests=\"3\" failures=\"1\" "
                             "errors=\"0\" skipped=\"1\""));
  EXPECT_THAT(xml, HasSubstr("classname=\"tasker.run\""));
}

TEST(SavedRunReportTest, AChainsStepsThatRanAreItsCases) {
  const std::string xml = to_junit_xml(run_report_from_text(samples::chain_json()));
  // then#3 did not run: the chain's track passed it by, as the run's own JUnit leaves it out.
  EXPECT_THAT(testcase_names(xml), ElementsAre("cmd", "then#1", "catch#2"));
  EXPECT_THAT(xml, HasSubstr("tests=\"3\" failures=\"1\""));
}

TEST(SavedRunReportTest, ATaskFileChainStepIsNamedByItsPath) {
  const RunReport run = run_report_from_text(R"({"tasker": "1", "command": "run",
    "exit_code": 0, "root": {"name": "release", "path": "release", "kind": "chain",
      "state": "succeeded", "status": 0, "started_ms": 0, "duration_ms": 30,
      "unhandled": false,
      "body": {"name": "release", "path": "release", "kind": "run", "state": "succeeded",
               "index": 0, "command": "make", "started_ms": 0, "duration_ms": 10},
      "levels": [
        {"index": 0, "kind": "then", "name": "upload", "ran": true, "trap": null,
         "track_after": "callback", "path": "release/upload", "command": "scp",
         "state": "succeeded", "index": 1, "started_ms": 10, "duration_ms": 10},
        {"index": 1, "kind": "callbacks", "name": "callbacks.2", "ran": "errback",
         "trap": null, "track_after": "callback", "callback": null,
         "errback": {"index": 2, "name": "notify", "path": "release/notify",
                     "command": "mail", "state": "succeeded"}},
        {"index": 2, "kind": "then", "name": "then.3", "ran": false, "trap": null,
         "track_after": "callback"}
      ]}})");
  std::vector<std::string> names;
  for (const TaskReport& task : run.tasks) names.push_back(task.name);
  EXPECT_THAT(names, ElementsAre("release", "release/upload", "release/notify"));
}

TEST(SavedRunReportTest, EveryInATreeHasACasePerRun) {
  const RunReport run = run_report_from_text(R"({"tasker": "1", "command": "run",
    "exit_code": 0, "root": {"name": "poll", "path": "poll", "kind": "every",
      "state": "succeeded", "runs": [
        {"name": "#1", "path": "poll/#1", "kind": "run", "state": "succeeded", "index": 0,
         "command": "check"},
        {"name": "#2", "path": "poll/#2", "kind": "run", "state": "cancelled"},
        {"name": "#2", "path": "poll/#2", "kind": "run", "state": "failed", "index": 1,
         "command": "check", "exit_code": 1, "status": 1}
      ]}})");
  ASSERT_EQ(run.tasks.size(), 2U);  // the run that never started has no task
  EXPECT_EQ(run.tasks[0].name, "poll/#1");
  EXPECT_EQ(run.tasks[1].state, TaskState::failed);
}

TEST(SavedRunReportTest, WhatIsNotAReportIsRefused) {
  EXPECT_THROW(static_cast<void>(run_report_from_text("not json")), NotAReportError);
  EXPECT_THROW(static_cast<void>(run_report_from_text(R"({"name": "x"})")), NotAReportError);
  EXPECT_THROW(static_cast<void>(run_report_from_text(
                   R"({"tasker": "1", "command": "gather", "exit_code": 0,
                       "tasks": [{"name": "a", "state": "exploded"}]})")),
               NotAReportError);
  EXPECT_THROW(static_cast<void>(run_report_from_text(
                   R"({"tasker": "1", "command": "gather", "exit_code": 0, "tasks": [3]})")),
               NotAReportError);
  EXPECT_THROW(static_cast<void>(
                   run_report_from_text(R"({"tasker": "1", "command": "run", "exit_code": 0})")),
               NotAReportError);
}

}  // namespace
}  // namespace tasker::cli
