#pragma once
// --rerun-failed REPORT.json: which tasks an earlier run of gather, list or any did not get
// done, read from its JSON report (--report FILE or --json). Tasks are matched by their place in
// the input (the report's `index`, a job log's Seq - 1), as --resume matches them: the same
// commands and inputs, in the same order, are given again.

#include <cstddef>
#include <string>
#include <vector>

namespace tasker::cli {

/// The seqs (index + 1) of the tasks the report at `path` lists as not succeeded: failed,
/// timed out, cancelled or not started (a task it skipped was done before it, and is done).
/// Sorted. Throws UsageError when the file cannot be read or is not a tasker report of gather,
/// list or any.
[[nodiscard]] std::vector<std::size_t> seqs_not_succeeded(const std::string& path);

}  // namespace tasker::cli
