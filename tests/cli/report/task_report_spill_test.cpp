#include "cli/report/task_report_spill.hpp"

#include "cli/report/json_report.hpp"
#include "cli/report/junit_report.hpp"
#include "cli/report/report_builder.hpp"
#include "cli/report/report_tasks.hpp"
#include "cli/report/summary.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/sample_reports.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace tasker::cli {
namespace {

using samples::make_task;

// A task with every field set, each different from task to task.
TaskReport full_task(std::size_t index) {
  TaskReport task = make_task(index, "echo " + std::to_string(index) + " 'a b'",
                              index % 3 == 0 ? TaskState::failed : TaskState::succeeded);
  task.name = "input " + std::to_string(index);
  task.exit_code = static_cast<int>(index % 3 == 0 ? 1 : 0);
  if (index % 5 == 0)
    task.signal = 9;
  task.core_dumped = index % 7 == 0;
  task.status = static_cast<int>(index % 256);
  task.error = index % 4 == 0 ? "timed out" : "";
  task.unhandled = index % 3 == 0;
  task.started_ms = 1.25 * static_cast<double>(index);
  task.duration_ms = 0.5 + static_cast<double>(index);
  task.attempts = static_cast<unsigned>(1 + index % 2);
  task.host = index % 2 == 0 ? "node" + std::to_string(index) : "";
  task.job_id = index % 2 == 1 ? std::to_string(1000 + index) : "";
  if (index % 2 == 0) {
    task.stdout_capture = CapturedStream{std::string(index % 100, 'x') + "\n\xff", index};
    task.stderr_capture = CapturedStream{"", 0};
  }
  if (index % 4 == 1)
    task.schedule = RunSchedule{index + 1, index + 2, index % 3, 10.5 * static_cast<double>(index)};
  return task;
}

void expect_same(const TaskReport& a, const TaskReport& b) {
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.command, b.command);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.exit_code, b.exit_code);
  EXPECT_EQ(a.signal, b.signal);
  EXPECT_EQ(a.core_dumped, b.core_dumped);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.unhandled, b.unhandled);
  EXPECT_EQ(a.started_ms, b.started_ms);
  EXPECT_EQ(a.duration_ms, b.duration_ms);
  EXPECT_EQ(a.attempts, b.attempts);
  EXPECT_EQ(a.host, b.host);
  EXPECT_EQ(a.job_id, b.job_id);
  ASSERT_EQ(a.stdout_capture.has_value(), b.stdout_capture.has_value());
  if (a.stdout_capture) {
    EXPECT_EQ(a.stdout_capture->text, b.stdout_capture->text);
    EXPECT_EQ(a.stdout_capture->dropped, b.stdout_capture->dropped);
  }
  ASSERT_EQ(a.stderr_capture.has_value(), b.stderr_capture.has_value());
  if (a.stderr_capture) {
    EXPECT_EQ(a.stderr_capture->text, b.stderr_capture->text);
    EXPECT_EQ(a.stderr_capture->dropped, b.stderr_capture->dropped);
  }
  ASSERT_EQ(a.schedule.has_value(), b.schedule.has_value());
  if (a.schedule) {
    EXPECT_EQ(a.schedule->n, b.schedule->n);
    EXPECT_EQ(a.schedule->tick, b.schedule->tick);
    EXPECT_EQ(a.schedule->skipped_before, b.schedule->skipped_before);
    EXPECT_EQ(a.schedule->scheduled_ms, b.schedule->scheduled_ms);
  }
}

// Indexes 0..n-1 in the order tasks of a parallel run end: shuffled, always the same way.
std::vector<std::size_t> settle_order(std::size_t n) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::mt19937 random(42);
  std::shuffle(order.begin(), order.end(), random);
  return order;
}

TEST(TaskReportSpill, GivesBackEveryFieldInIndexOrder) {
  TaskReportSpill spill;
  const std::size_t n = 3000;  // more than one chunk of the file
  for (const std::size_t index : settle_order(n)) spill.add(full_task(index));
  ASSERT_EQ(spill.size(), n);
  std::size_t next = 0;
  spill.for_each([&](const TaskReport& task) {
    expect_same(task, full_task(next));
    ++next;
  });
  EXPECT_EQ(next, n);
  expect_same(spill.at(1234), full_task(1234));
  EXPECT_EQ(spill.position_of(77), 77U);
  EXPECT_EQ(spill.position_of(n), std::nullopt);
}

// Enough entries of few indexes, shuffled, that a sort which is not stable mixes them up.
TEST(TaskReportSpill, GivesBackEntriesOfTheSameIndexInTheOrderAdded) {
  TaskReportSpill spill;
  const std::size_t n = 2000;
  std::size_t added = 0;
  for (const std::size_t order : settle_order(n)) {
    TaskReport task = make_task(order % 10, "true", TaskState::succeeded);
    task.name = std::to_string(added++);  // when it was added
    spill.add(task);
  }
  std::vector<std::size_t> last_added(10, 0);
  std::vector<bool> seen(10, false);
  std::size_t last_index = 0;
  std::size_t count = 0;
  spill.for_each([&](const TaskReport& task) {
    const std::size_t when = std::stoul(task.name);
    EXPECT_GE(task.index, last_index);
    if (seen[task.index]) {
      EXPECT_GT(when, last_added[task.index]) << "index " << task.index;
    }
    seen[task.index] = true;
    last_added[task.index] = when;
    last_index = task.index;
    ++count;
  });
  EXPECT_EQ(count, n);
}

TEST(TaskReportSpill, MakesItsFileInTmpdir) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old == nullptr ? "" : old;
  ::setenv("TMPDIR", "/nonexistent/tasker-test", 1);
  EXPECT_THROW(TaskReportSpill(), TaskReportSpillError);
  if (old == nullptr)
    ::unsetenv("TMPDIR");
  else
    ::setenv("TMPDIR", saved.c_str(), 1);
}

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

struct Built {
  RunReport report;
  std::size_t most_held = 0;  // the most entries the builder held in memory at once
};

// A gather of `n` tasks whose every third task failed, ending in a shuffled order.
Built build(std::size_t n, std::size_t held_in_memory) {
  ManualClock clock;
  ReportBuilder builder(clock, Duration::zero(), held_in_memory);
  Built built;
  for (const std::size_t index : settle_order(n)) {
    TaskReport task = full_task(index);
    task.schedule.reset();  // a gather's tasks have none
    builder.add(std::move(task));
    built.most_held = std::max(built.most_held, builder.held());
  }
  RunResult result;
  result.command = CommandKind::gather;
  result.fired = Fired::errback;
  result.failed_task = 0;
  result.failure_status = 1;
  result.tasks = n;
  built.report = builder.build(result, 65536);
  built.report.started_at = "2026-12-06T00:00:00.000Z";  // the two builders start apart
  return built;
}

TEST(ReportBuilder, HoldsNoMoreTasksThanItsBoundWhateverTheRunsSize) {
  const std::size_t n = 5000;
  const Built spilled = build(n, 100);
  // It holds up to its bound, and the one added past it, before they go to the file.
  EXPECT_LE(spilled.most_held, 101U);
  EXPECT_NE(spilled.report.spilled, nullptr);
  EXPECT_TRUE(spilled.report.tasks.empty());
  EXPECT_EQ(task_count(spilled.report), n);

  const Built held = build(n, n);
  EXPECT_EQ(held.most_held, n);
  EXPECT_EQ(held.report.spilled, nullptr);
  EXPECT_EQ(held.report.failed_task, spilled.report.failed_task);
}

TEST(ReportBuilder, ReportsOfSpilledTasksAreTheSameAsOfHeldOnes) {
  const std::size_t n = 1500;
  const Built spilled = build(n, 10);
  const Built held = build(n, n);
  ASSERT_NE(spilled.report.spilled, nullptr);
  const std::string json = to_json(held.report, true);
  EXPECT_THAT(json, ::testing::HasSubstr("\"index\": 1499"));
  EXPECT_EQ(to_json(spilled.report, true), json);
  EXPECT_EQ(to_json(spilled.report, false), to_json(held.report, false));
  EXPECT_EQ(to_junit_xml(spilled.report), to_junit_xml(held.report));
  const auto summary = [](const RunReport& report) {
    return printed([&](std::FILE* f) {
      print_unhandled(f, report);
      print_summary(f, report, false, 100);
    });
  };
  const std::string text = summary(held.report);
  EXPECT_THAT(text, ::testing::HasSubstr("gather: 1500 tasks"));
  EXPECT_EQ(summary(spilled.report), text);
}

TEST(ReportBuilder, HoldsItsTasksWhenNoSpillFileCanBeMade) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old == nullptr ? "" : old;
  ::setenv("TMPDIR", "/nonexistent/tasker-test", 1);
  const Built built = build(50, 10);
  if (old == nullptr)
    ::unsetenv("TMPDIR");
  else
    ::setenv("TMPDIR", saved.c_str(), 1);
  EXPECT_EQ(built.report.spilled, nullptr);
  EXPECT_EQ(built.report.tasks.size(), 50U);
  EXPECT_EQ(built.report.tasks[49].index, 49U);
}

}  // namespace
}  // namespace tasker::cli
