#pragma once
// The report of docs/behaviour.md "JSON report", for --json (on stdout) and --report FILE.

#include "cli/report/run_report.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace tasker::cli {

/// The report as docs/behaviour.md "JSON report" lays it out, keys in the order of its example,
/// pretty-printed and ending with a newline.
///
/// Every report starts with tasker, schema_version, command, started_at, hostname; then
/// gather/list/any/after: options, fired, fire_index, exit_code, duration_ms, interrupted,
/// [delay_ms (after)], [capture_limit], tasks[].
/// every: command_line, fired, exit_code, duration_ms, interval_ms, now, end_reason,
/// skipped_ticks, max_lateness_ms, interrupted, [capture_limit], runs_omitted, runs[].
/// chain: fired, exit_code, duration_ms, interrupted, [capture_limit], cmd, levels[].
/// run: file, targets, fired, exit_code, duration_ms, interrupted, [capture_limit], root (the
/// node tree). share/schema/tasker-report.schema.json is the schema of them all.
///
/// `include_output` (--json) adds each task's or run's stdout and stderr, the
/// bytes dropped from their front (stdout_truncated_bytes, stderr_truncated_bytes) and
/// the top-level capture_limit, so the report states what it left out
/// (docs/behaviour.md "Nothing lost"). Unknown values are null: fired when the run never fired,
/// exit_code and signal of a task that did not exit or die that way, times of a task that never
/// started, interrupted unless a signal (or a closed stdout, as SIGPIPE) stopped tasker. Times are
/// milliseconds rounded to 0.1.
///
/// Never throws on task output: bytes that are not UTF-8 become U+FFFD.
[[nodiscard]] std::string to_json(const RunReport& report, bool include_output);

/// The same text as to_json, given to `write` in pieces: the tasks of a large run are read back
/// from its spill file and written one at a time, never all in memory.
void write_json(const RunReport& report, bool include_output,
                const std::function<void(std::string_view)>& write);

/// One task's object of the report (its entry in `tasks`), pretty-printed with a final newline,
/// without its output: --results writes it as meta.json beside the output files.
[[nodiscard]] std::string task_report_json(const TaskReport& task);

}  // namespace tasker::cli
