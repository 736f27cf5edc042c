#pragma once
// ReportOutputs: where a finished run's report goes — the unhandled-failure
// lines and the summary on stderr, the JSON report on stdout (--json), the
// --report, --junit and --html files, and GitHub Actions' job summary. The
// files are opened before anything runs so a path that cannot be written is
// a usage error, not a surprise at the end of a long run (docs/behaviour.md
// "Bad input").

#include "cli/commands/global_options.hpp"
#include "cli/report/output_paths.hpp"
#include "cli/report/report_file.hpp"
#include "cli/report/run_report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {

/// The report file at `path` opened for writing, or none for an empty path; throws UsageError if
/// it cannot be created.
[[nodiscard]] std::optional<ReportFile> open_report(const std::string& path);

class ReportOutputs {
 public:
  /// Opens the --report, --junit and --html files; throws UsageError if one cannot be created,
  /// or if two outputs (those and `more_outputs`, a command's own: --joblog), or an output and
  /// one of the files the run reads (`inputs`: --from, --args, -f), are the same file
  /// (check_output_paths).
  explicit ReportOutputs(const GlobalOptions& options, const std::vector<OptionPath>& inputs = {},
                         const std::vector<OptionPath>& more_outputs = {});

  /// Prints and writes everything `report` should go to. Returns the exit
  /// status: report.exit_code, or status::kReportNotWritten when the run
  /// succeeded but a report file could not be written (it says why on stderr).
  [[nodiscard]] int deliver(const RunReport& report);

 private:
  const GlobalOptions& options_;
  std::optional<ReportFile> report_file_;
  std::optional<ReportFile> junit_file_;
  std::optional<ReportFile> html_file_;
};

}  // namespace tasker::cli
