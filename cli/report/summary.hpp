#pragma once
// The end-of-run summary on stderr (-q drops it: docs/behaviour.md "Options of every command"), for
// a person at a terminal and for a CI log: one line per task, then what fired, what was left
// unhandled, and the exit status. For `every`: runs, successes, failures, skipped ticks, run
// durations, the largest lateness and why the loop ended.

#include "cli/report/run_report.hpp"

#include <cstddef>
#include <cstdio>

namespace tasker::cli {

/// Prints the summary: task rows (an unhandled failure is marked there), the
/// verdict, the counts and the exit status. It does not print the
/// unhandled-failure lines: call print_unhandled() before it, with or without -q.
/// `color` adds ANSI colours and the marks ✔ ✘ ⊘ ·; without it the marks are
/// ASCII (+ x - .) so a log without UTF-8 stays readable, and columns line up
/// either way. Past kMaxSummaryRows tasks only the ones that did not succeed
/// are listed.
/// `columns`: the width of the lines (cli/output/label_fit.hpp's output_columns), 0 when unknown;
/// commands are cut to fit it.
void print_summary(std::FILE* err, const RunReport& report, bool color, std::size_t columns = 0);

/// The lines of docs/behaviour.md "Unhandled failures", one per unhandled failure, in task order:
///   tasker: unhandled failure in #1 'sleep 1; exit 3': exited with 3
/// Printed even with -q: -q drops the summary, but these are errors.
void print_unhandled(std::FILE* err, const RunReport& report);

/// Tasks listed one per line at most; a larger run lists only its failed,
/// cancelled and not started tasks, up to this many.
inline constexpr std::size_t kMaxSummaryRows = 50;

}  // namespace tasker::cli
