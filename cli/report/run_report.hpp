#pragma once
// RunReport: everything a finished run knows, in one plain value. The
// summary, the JSON report (docs/behaviour.md "JSON report") and the JUnit XML are each a view of
// it, so they can never disagree.

#include "cli/report/every_stats.hpp"
#include "core/run/run_result.hpp"
#include "core/run/task.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {

/// A stream captured for --json: the tail is kept, up to --capture-limit bytes.
struct CapturedStream {
  std::string text;
  /// Bytes dropped from the front because the limit was reached.
  std::size_t dropped = 0;
};

/// Where an `every` run sat on the schedule (`runs[]` of docs/behaviour.md "JSON report").
struct RunSchedule {
  std::size_t n = 0;               ///< 1 for the first run
  std::size_t tick = 0;            ///< it was due at tick * interval
  std::size_t skipped_before = 0;  ///< ticks skipped just before it
  double scheduled_ms = 0;
};

/// One task of gather/list/any/after, or one run of every.
struct TaskReport {
  std::size_t index = 0;
  std::string name;  ///< "#0" unless --names; "#3" for the third run of every
  std::string command;
  TaskState state = TaskState::not_started;
  std::optional<int> exit_code;
  std::optional<int> signal;
  bool core_dumped = false;   ///< killed by `signal`, it left a core dump
  std::optional<int> status;  ///< its status number; null when never started
  std::string error;          ///< why it could not start, or the timeout, for people
  bool unhandled = false;     ///< as docs/behaviour.md "Unhandled failures" says
  std::optional<double> started_ms;
  std::optional<double> duration_ms;
  unsigned attempts = 0;
  std::string host;    ///< the SSH host of its last attempt (--hosts), else empty
  std::string job_id;  ///< the Slurm job id of its last attempt (--executor slurm), else empty
  std::optional<CapturedStream> stdout_capture;  ///< set with --json
  std::optional<CapturedStream> stderr_capture;
  std::optional<RunSchedule> schedule;  ///< set for every
};

/// The knobs a run was started with (`options` in docs/behaviour.md "JSON report").
struct RunOptionsReport {
  bool fire_on_one_callback = false;
  bool fire_on_one_errback = false;
  bool consume_errors = false;
  std::size_t jobs = 0;
  std::optional<double> timeout_ms;
};

/// The most runs an `every` report lists: the last ones. Each may hold
/// 2 x --capture-limit bytes of output, and `every` may run for days.
inline constexpr std::size_t kMaxReportedRuns = 1000;

/// The `every` fields of docs/behaviour.md "JSON report".
struct EveryReport {
  double interval_ms = 0;
  bool now = true;
  EndReason end_reason = EndReason::none;
  std::size_t skipped_ticks = 0;
  double max_lateness_ms = 0;
  /// Runs left out of RunReport::tasks, the oldest: it lists the last kMaxReportedRuns.
  std::size_t runs_omitted = 0;
  /// Over all runs, omitted ones too: what the summary reads once runs were omitted.
  EveryStats stats{};
};

struct NodeReport;
class TaskReportSpill;

/// The version of the report's layout: share/schema/tasker-report.schema.json describes it.
/// Raised when a field changes meaning or goes; a new field does not raise it.
inline constexpr int kReportSchemaVersion = 1;

struct RunReport {
  std::string version;
  CommandKind command = CommandKind::gather;
  /// When the run started, RFC 3339 in UTC with milliseconds, and on which machine.
  std::string started_at;
  std::string hostname;
  /// `every`: the command line it runs; `after`: its delay.
  std::string command_line;
  std::optional<double> delay_ms;
  RunOptionsReport options;
  Fired fired = Fired::none;
  std::optional<std::size_t> fire_index;
  /// Where in `tasks` the task is whose status a failed run exits with (RunResult::failed_task).
  std::optional<std::size_t> failed_task;
  int exit_code = 0;
  double duration_ms = 0;
  std::optional<int> interrupted_by;  ///< SIGINT, SIGTERM, SIGHUP, SIGQUIT; SIGPIPE: stdout closed
  std::size_t capture_limit = 0;      ///< bytes per stream per task, with --json
  /// `runs` for every. A large run's are in `spilled` instead: read them with for_each_task
  /// and task_count (cli/report/report_tasks.hpp), which see either.
  std::vector<TaskReport> tasks;
  std::shared_ptr<TaskReportSpill> spilled;
  std::optional<EveryReport> every;
  /// `chain` and `run`: the tree that ran (its root).
  std::shared_ptr<const NodeReport> tree;
  /// `run`: the task file, and the tasks asked for.
  std::string task_file;
  std::vector<std::string> targets;
};

}  // namespace tasker::cli
