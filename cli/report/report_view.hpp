#pragma once
// ReportView: a saved JSON report (docs/behaviour.md "JSON report") read back and laid out as
// rows, one per task (per run for `every`, per node for a task file's tree), for the renderers
// that draw or tabulate it. It works on the report's data alone, so it reads any report file,
// whichever tasker wrote it and however long ago.

#include "cli/report/report_fields.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {

/// One row of the timeline and of the tables.
struct ReportRow {
  std::size_t depth = 0;  ///< 0 at the top; a task file's tree nests its nodes
  std::string name;
  std::string command;  ///< empty for a group row
  std::string state;    ///< succeeded, failed, timed_out, cancelled, not_started, skipped
  std::optional<int> status;
  /// Milliseconds since the run started; unset for what never started.
  std::optional<double> started_ms;
  std::optional<double> duration_ms;
  /// When it was ready to start: its queue wait is from here to started_ms. The run's start
  /// (or the end of `after`'s delay) for the flat commands, its group's start in a tree, its
  /// scheduled time for a run of `every`.
  double queued_ms = 0;
  bool task = true;  ///< a process ran (or would have); false for a group, a chain, a delay
  bool unhandled = false;
  std::string host;                    ///< where it ran, when the report says
  std::optional<double> scheduled_ms;  ///< `every`: when it was due
  std::size_t skipped_before = 0;      ///< `every`: ticks skipped just before it
  std::string kind;                    ///< a tree node's kind; "run" for a task
};

struct ReportView {
  std::string command;  ///< gather, list, any, every, after, chain, run
  std::string title;    ///< the `every` command line, the task file, or empty
  std::string started_at;
  std::string hostname;
  std::string fired;  ///< callback, errback, or empty
  std::optional<int> interrupted;
  int exit_code = 0;
  double duration_ms = 0;
  /// When the run fired: the end of the task that fired it, or of the last one to end. For an
  /// interrupted run, when its first cancelled task was cut short.
  std::optional<double> fire_ms;
  std::vector<ReportRow> rows;
  /// `every`
  double interval_ms = 0;
  std::string end_reason;
  std::size_t skipped_ticks = 0;
  std::size_t runs_omitted = 0;
};

/// Reads `report`. Throws NotAReportError when it lacks what every report has (tasker,
/// command, exit_code) or a field has the wrong type.
[[nodiscard]] ReportView read_report(const nlohmann::json& report);

/// Parses `text` and reads it; throws NotAReportError for text that is not JSON too.
[[nodiscard]] ReportView read_report_text(const std::string& text);

/// The rows that are tasks (a process ran or was due to), in order.
[[nodiscard]] std::size_t task_count(const ReportView& view);

/// Whether `row` is a task that this run ran, or was due to run, and that did not succeed: a
/// task an earlier run did (`skipped`, --resume) is none.
[[nodiscard]] bool did_not_succeed(const ReportRow& row);

/// The end of `row`, started_ms + duration_ms, when it started.
[[nodiscard]] std::optional<double> end_of(const ReportRow& row);

}  // namespace tasker::cli
