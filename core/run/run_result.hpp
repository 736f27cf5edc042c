#pragma once
// RunResult: what a finished run of any command decided, as values the
// summary, the reports and the exit status all read, and exit_status(), the one place that turns
// it into tasker's exit status (docs/behaviour.md "Exit statuses", "JSON report").

#include <cstddef>
#include <optional>
#include <string_view>

namespace tasker {

/// The command a run belongs to (docs/behaviour.md "Commands", the report's `command`).
enum class CommandKind { gather, list, any, every, after, chain, run };

/// How the run's Deferred fired, if it did (the report's `fired`).
enum class Fired { none, callback, errback };

/// Why an `every` loop ended (the report's `end_reason`); `none` for the other commands.
enum class EndReason { none, count, duration, until_success, failure, max_failures, interrupted };

/// The spellings of docs/behaviour.md "JSON report": "gather", "errback", "until_success";
/// Fired::none is "".
[[nodiscard]] std::string_view to_string(CommandKind command);
[[nodiscard]] std::string_view to_string(Fired fired);
[[nodiscard]] std::string_view to_string(EndReason reason);

struct RunResult {
  CommandKind command = CommandKind::gather;
  Fired fired = Fired::none;
  /// The task that made the run fire before every task had finished: the
  /// first success under fire_on_one_callback (`any`), the first failure
  /// under fire_on_one_errback (gather's FirstError).
  std::optional<std::size_t> fire_index;
  /// The task whose status number a failed run exits with: FirstError's
  /// task, the last failure of an `any` where none succeeded, the run that
  /// failed an `every` loop, the task of `after`.
  std::optional<std::size_t> failed_task;
  /// That task's status number.
  std::optional<int> failure_status;
  /// Tasks the run knew of: those it started and those it reported as not started.
  std::size_t tasks = 0;
  /// Failures left unhandled (docs/behaviour.md "Unhandled failures").
  std::size_t unhandled = 0;
  /// The signal that interrupted the run: SIGINT, SIGTERM, SIGHUP, SIGQUIT,
  /// or SIGPIPE when tasker's stdout was closed.
  std::optional<int> interrupted_by;
  EndReason end_reason = EndReason::none;
};

/// tasker's exit status for the run (docs/behaviour.md "Exit statuses"): 128+N when signal N
/// interrupted it; the failing task's status number when it fired its
/// errback; 1 when it fired its callback with a failure left unhandled; 0
/// otherwise.
[[nodiscard]] int exit_status(const RunResult& result);

}  // namespace tasker
