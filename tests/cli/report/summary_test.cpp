#include "cli/report/summary.hpp"

#include "tests/support/sample_reports.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdio.h>
#include <stdlib.h>

#include <string>

namespace tasker::cli {
namespace {

using samples::every_report;
using samples::make_task;
using samples::spec_list_report;
using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

// What a print function writes, read back from a memory stream.
template <typename Print>
std::string printed(Print print) {
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* stream = ::open_memstream(&buffer, &size);
  print(stream);
  std::fclose(stream);
  std::string text(buffer, size);
  std::free(buffer);
  return text;
}

std::string summary(const RunReport& report, bool color = false) {
  return printed([&](std::FILE* f) { print_summary(f, report, color); });
}

RunReport gather_report() {
  RunReport report;
  report.command = CommandKind::gather;
  report.options.fire_on_one_errback = true;
  report.fired = Fired::errback;
  report.fire_index = 1;
  report.exit_code = 3;
  report.duration_ms = 1203;
  TaskReport lint = make_task(0, "make lint", TaskState::succeeded);
  lint.name = "lint";
  lint.exit_code = 0;
  lint.status = 0;
  lint.duration_ms = 1203;
  TaskReport test = make_task(1, "make test", TaskState::failed);
  test.name = "test";
  test.exit_code = 3;
  test.status = 3;
  test.duration_ms = 1000;
  test.unhandled = true;
  TaskReport deploy = make_task(2, "make deploy", TaskState::cancelled);
  deploy.name = "deploy";
  deploy.signal = 15;
  deploy.status = 143;
  deploy.duration_ms = 1001;
  TaskReport docs = make_task(3, "make docs", TaskState::not_started);
  docs.name = "docs";
  report.tasks = {lint, test, deploy, docs};
  return report;
}

TEST(SummaryTest, GatherPrintsAlignedRowsVerdictAndStatus) {
  const std::string text = summary(gather_report());
  EXPECT_THAT(text, HasSubstr("  + lint    succeeded      0  1.2s  make lint\n"
                              "  x test    failed         3    1s  make test  (unhandled)\n"
                              "  - deploy  cancelled    143    1s  make deploy\n"
                              "  . docs    not_started    -     -  make docs\n"));
  EXPECT_THAT(text, HasSubstr("gather: errback FirstError: test 'make test' exited with 3\n"));
  EXPECT_THAT(text, HasSubstr("gather: 4 tasks in 1.2s: 1 succeeded, 1 failed, 1 cancelled, "
                              "1 not started\n"));
  EXPECT_THAT(text, EndsWith("tasker: exit status 3\n"));
  EXPECT_THAT(text, Not(HasSubstr("\x1b[")));
}

TEST(SummaryTest, LeavesTheUnhandledLinesToPrintUnhandled) {
  const RunReport report = gather_report();
  EXPECT_THAT(summary(report), Not(HasSubstr("unhandled failure")));
  EXPECT_EQ(printed([&](std::FILE* f) { print_unhandled(f, report); }),
            "tasker: unhandled failure in test 'make test': exited with 3\n");
}

TEST(SummaryTest, PrintUnhandledPrintsOneLinePerFailureInTaskOrder) {
  RunReport report = spec_list_report();
  TaskReport killed = make_task(2, "kill -9 $$", TaskState::failed);
  killed.signal = 9;
  killed.status = 137;
  killed.unhandled = true;
  report.tasks.push_back(killed);
  EXPECT_EQ(printed([&](std::FILE* f) { print_unhandled(f, report); }),
            "tasker: unhandled failure in #1 'sleep 1; exit 3': exited with 3\n"
            "tasker: unhandled failure in #2 'kill -9 $$': killed by signal 9 (SIGKILL)\n");
}

TEST(SummaryTest, SaysWhenATaskDumpedCore) {
  RunReport report = gather_report();
  TaskReport& test = report.tasks[1];
  test.exit_code.reset();
  test.signal = 11;
  test.core_dumped = true;
  test.status = 139;
  report.exit_code = 139;
  const std::string text = summary(report);
  EXPECT_THAT(text, HasSubstr("  x test    failed       139    1s  make test  (core dumped)  "
                              "(unhandled)\n"));
  EXPECT_THAT(text, HasSubstr("test 'make test' killed by signal 11 (SIGSEGV) (core dumped)\n"));
  EXPECT_EQ(printed([&](std::FILE* f) { print_unhandled(f, report); }),
            "tasker: unhandled failure in test 'make test': killed by signal 11 (SIGSEGV) "
            "(core dumped)\n");
}

TEST(SummaryTest, ListCallbackCountsResultsAndExplainsStatusOne) {
  RunReport report = spec_list_report();
  report.options.fire_on_one_errback = false;
  report.fired = Fired::callback;
  report.fire_index.reset();
  report.exit_code = 1;
  report.tasks[0].state = TaskState::succeeded;
  report.tasks[0].exit_code = 0;
  report.tasks[0].signal.reset();
  report.tasks[0].status = 0;
  const std::string text = summary(report);
  EXPECT_THAT(text, HasSubstr("list: callback with 2 results (1 succeeded, 1 failed)\n"));
  EXPECT_THAT(text, EndsWith("tasker: exit status 1: the run fired its callback, but 1 failure "
                             "was left unhandled\n"));
}

TEST(SummaryTest, AnyNamesTheFirstSuccess) {
  RunReport report;
  report.command = CommandKind::any;
  report.fired = Fired::callback;
  report.fire_index = 1;
  report.tasks = {make_task(0, "curl -f a", TaskState::cancelled),
                  make_task(1, "curl -f b", TaskState::succeeded)};
  EXPECT_THAT(summary(report), HasSubstr("any: callback: #1 'curl -f b' succeeded first\n"));
}

TEST(SummaryTest, AnyWithNoSuccessNamesTheFailureTheRunFailedWith) {
  RunReport report;
  report.command = CommandKind::any;
  report.fired = Fired::errback;
  report.exit_code = 7;
  report.failed_task = 1;  // ParallelRun decides which: the last failure in time
  TaskReport early = make_task(0, "exit 7", TaskState::failed);
  early.exit_code = early.status = 7;
  early.started_ms = 0;
  early.duration_ms = 5;
  TaskReport late = make_task(1, "sleep 1; exit 7", TaskState::failed);
  late.exit_code = late.status = 7;
  late.started_ms = 0;
  late.duration_ms = 1000;
  report.tasks = {early, late};
  EXPECT_THAT(
      summary(report),
      HasSubstr("any: errback: no task succeeded; last: #1 'sleep 1; exit 7' exited with 7\n"));
}

TEST(SummaryTest, SaysWhenInterruptedBeforeTheRunFired) {
  RunReport report = gather_report();
  report.fired = Fired::none;
  report.fire_index.reset();
  report.interrupted_by = 2;
  report.exit_code = 130;
  const std::string text = summary(report);
  EXPECT_THAT(text, HasSubstr("gather: interrupted by SIGINT before the run fired\n"));
  EXPECT_THAT(text, EndsWith("tasker: interrupted by SIGINT; exit status 130\n"));
}

TEST(SummaryTest, ColorAddsMarksAndEscapesButKeepsColumns) {
  const std::string text = summary(gather_report(), true);
  EXPECT_THAT(text, HasSubstr("\x1b[32m✔\x1b[0m lint    \x1b[32msucceeded  \x1b[0m"));
  EXPECT_THAT(text, HasSubstr("\x1b[31m✘\x1b[0m test    "));
  EXPECT_THAT(text, HasSubstr("⊘"));
  EXPECT_THAT(text, HasSubstr("·"));
  EXPECT_THAT(text, HasSubstr("\x1b[1mtasker: exit status 3\x1b[0m\n"));
}

TEST(SummaryTest, CommandsAndNamesStayOnOneLine) {
  RunReport report = gather_report();
  report.tasks[0].command = "echo a\necho b\t" + std::string(100, 'x');
  report.tasks[0].attempts = 3;
  const std::string text = summary(report);
  EXPECT_THAT(text, Not(HasSubstr("echo a\n")));
  EXPECT_THAT(text, ContainsRegex("echo a echo b x+\\.\\.\\.  \\(3 attempts\\)\n"));
}

TEST(SummaryTest, ABigRunListsOnlyWhatDidNotSucceed) {
  RunReport report;
  report.command = CommandKind::gather;
  report.fired = Fired::callback;
  for (std::size_t i = 0; i < 500; ++i) {
    TaskReport task = make_task(i, "true", TaskState::succeeded);
    task.status = 0;
    report.tasks.push_back(task);
  }
  report.tasks[123].state = TaskState::failed;
  report.tasks[123].status = 1;
  report.tasks[123].exit_code = 1;
  report.fired = Fired::callback;
  report.options.consume_errors = true;
  const std::string text = summary(report);
  EXPECT_THAT(text, HasSubstr("  x #123  failed  "));
  EXPECT_THAT(text, Not(HasSubstr("#122")));
  EXPECT_THAT(text, HasSubstr("  (499 succeeded tasks not listed)\n"));
  EXPECT_THAT(text, HasSubstr("gather: 500 tasks in 0s: 499 succeeded, 1 failed\n"));
}

TEST(SummaryTest, EveryReportsRunsTicksDurationsAndLateness) {
  const std::string text = summary(every_report());
  EXPECT_THAT(text, HasSubstr("every 1s: 3 runs (3 succeeded), 1 skipped tick in 3.4s\n"));
  EXPECT_THAT(text, HasSubstr("every 1s: run duration min 200ms, median 300ms, max 1.5s; "
                              "largest lateness 430us\n"));
  EXPECT_THAT(text, HasSubstr("every 1s: stopped after 3 runs (--count)\n"));
  EXPECT_THAT(text, EndsWith("tasker: exit status 0\n"));
  EXPECT_THAT(text, Not(HasSubstr("./check")));  // no row per run
}

TEST(SummaryTest, EveryNamesTheRunThatEndedTheLoop) {
  RunReport report = every_report();
  for (TaskReport& run : report.tasks) {
    run.state = TaskState::failed;
    run.exit_code = run.status = 2;
  }
  report.tasks.back().exit_code = 5;
  report.tasks.back().status = 5;
  report.fired = Fired::errback;
  report.exit_code = 5;
  report.every->end_reason = EndReason::max_failures;
  const std::string text = summary(report);
  EXPECT_THAT(text, HasSubstr("every 1s: 3 runs (3 failed), 1 skipped tick in 3.4s\n"));
  EXPECT_THAT(text, HasSubstr("every 1s: stopped after 3 failures in a row (--max-failures): "
                              "#3 './check' exited with 5\n"));
  EXPECT_THAT(text, EndsWith("tasker: exit status 5\n"));
}

TEST(SummaryTest, EveryWithRunsLeftOutOfTheReportCountsThemAllFromItsStats) {
  // 5000 runs: the report lists the last three, the stats saw all of them.
  RunReport report = every_report();
  report.every->runs_omitted = 4997;
  report.every->end_reason = EndReason::max_failures;
  report.fired = Fired::errback;
  report.exit_code = 2;
  for (int i = 0; i < 5000; ++i) {
    TaskReport run;
    run.state = i < 4000 ? TaskState::succeeded : TaskState::failed;
    run.duration_ms = i < 4000 ? 10.0 : 1000.0;
    report.every->stats.add(run);
  }
  for (TaskReport& run : report.tasks) {
    run.state = TaskState::failed;
    run.exit_code = run.status = 2;
  }
  const std::string text = summary(report);
  EXPECT_THAT(text, HasSubstr("every 1s: 5000 runs (4000 succeeded, 1000 failed), 1 skipped tick"));
  EXPECT_THAT(text, HasSubstr("run duration min 10ms, median 10ms, max 1s;"));
  EXPECT_THAT(text, HasSubstr("stopped after 1000 failures in a row (--max-failures): "
                              "#3 './check' exited with 2\n"));
}

TEST(SummaryTest, EveryWithoutRuns) {
  RunReport report = every_report();
  report.tasks.clear();
  report.every->end_reason = EndReason::interrupted;
  report.every->skipped_ticks = 0;
  report.interrupted_by = 15;
  report.exit_code = 143;
  const std::string text = summary(report);
  EXPECT_THAT(text, HasSubstr("every 1s: 0 runs, 0 skipped ticks in 3.4s\n"));
  EXPECT_THAT(text, Not(HasSubstr("median")));
  EXPECT_THAT(text, HasSubstr("every 1s: interrupted by SIGTERM\n"));
  EXPECT_THAT(text, EndsWith("tasker: interrupted by SIGTERM; exit status 143\n"));
}

}  // namespace
}  // namespace tasker::cli

namespace tasker::cli {
namespace {

// A long command, and how much of it a row shows on lines of `columns` columns (0 = unknown).
std::string command_row(std::size_t columns) {
  RunReport report = gather_report();
  report.tasks[0].command =
      "./build.sh --target all --with-docs --with-tests " + std::string(80, 'x');
  const std::string text = printed([&](std::FILE* f) { print_summary(f, report, false, columns); });
  return text.substr(0, text.find('\n'));
}

TEST(SummaryTest, CommandsFillAWideLine) {
  const std::string row = command_row(200);
  EXPECT_NE(row.find(std::string(80, 'x')), std::string::npos) << row;
  EXPECT_LE(row.size(), 200u);
}

TEST(SummaryTest, CommandsAreCutToANarrowLine) {
  const std::string row = command_row(80);
  EXPECT_EQ(row.find(std::string(80, 'x')), std::string::npos) << row;
  EXPECT_LE(row.size(), 80u + 2) << row;  // the cut's "..." is three bytes of one column
}

TEST(SummaryTest, CommandsAreCutAtSixtyWhenTheWidthIsUnknown) {
  const std::string row = command_row(0);
  EXPECT_EQ(row.find(std::string(80, 'x')), std::string::npos) << row;
  EXPECT_LT(row.size(), command_row(200).size());
}

}  // namespace
}  // namespace tasker::cli
