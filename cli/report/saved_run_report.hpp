#pragma once
// A saved JSON report (docs/behaviour.md "JSON report") read back into the RunReport a run makes,
// so `tasker report FILE --junit OUT` renders JUnit with the very code a run's own --junit uses:
// the same testcases, in the same order, a task file's named by their paths.

#include "cli/report/report_fields.hpp"
#include "cli/report/run_report.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace tasker::cli {

/// The run `report` describes, with what JUnit reads: the run's fields, and its tasks (the runs
/// of `every`; every task of a chain or of a task file's tree, named by its path, in the tree's
/// order, as the run's reports list them). A task's output is there when the report holds it
/// (--json,
/// --junit). A tree is flattened: RunReport::tree stays unset.
/// Throws NotAReportError as read_report() does.
[[nodiscard]] RunReport run_report_from_json(const nlohmann::json& report);

/// Parses `text` and reads it; throws NotAReportError for text that is not JSON too.
[[nodiscard]] RunReport run_report_from_text(const std::string& text);

}  // namespace tasker::cli
