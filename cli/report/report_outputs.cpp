#include "cli/report/report_outputs.hpp"

#include "cli/output/label_fit.hpp"
#include "cli/output/terminal.hpp"
#include "cli/report/json_report.hpp"
#include "cli/report/junit_report.hpp"
#include "cli/report/output_paths.hpp"
#include "cli/report/summary.hpp"
#include "cli/usage_error.hpp"
#include "core/status_numbers.hpp"

#include <unistd.h>

#include <cstdio>

namespace tasker::cli {
namespace {

// Checks the paths before anything is opened for writing, so a clash truncates nothing.
const GlobalOptions& checked(const GlobalOptions& options, const std::string& from) {
  check_output_paths(options.report_path, options.junit_path, from);
  return options;
}

std::optional<ReportFile> open_report(const std::string& path) {
  if (path.empty())
    return std::nullopt;
  try {
    return ReportFile::open(path);
  } catch (const ReportFileError& e) {
    // Reports are opened before any task starts (docs/behaviour.md "Bad input").
    throw UsageError(e.what());
  }
}

}  // namespace

ReportOutputs::ReportOutputs(const GlobalOptions& options, const std::string& from)
    : options_(checked(options, from)),
      report_file_(open_report(options.report_path)),
      junit_file_(open_report(options.junit_path)) {}

int ReportOutputs::deliver(const RunReport& report) {
  std::fflush(stdout);
  print_unhandled(stderr, report);
  if (!options_.quiet)
    print_summary(stderr, report, use_color(options_.color, stderr), output_columns(STDERR_FILENO));

  int status = report.exit_code;
  // `render` runs only for a file that was asked for: a report of 10 000 tasks is not free.
  const auto write_report = [&](std::optional<ReportFile>& file, const auto& render) {
    if (!file)
      return;
    try {
      file->write(render());
      file->close();  // some errors (NFS, quota) are only reported here
    } catch (const ReportFileError& e) {
      std::fprintf(stderr, "tasker: %s\n", e.what());
      if (status == status::kSuccess)
        status = status::kReportNotWritten;
    }
  };
  write_report(report_file_, [&] { return to_json(report, options_.json); });
  write_report(junit_file_, [&] { return to_junit_xml(report); });
  if (options_.json) {
    const std::string json = to_json(report, true);
    std::fwrite(json.data(), 1, json.size(), stdout);
  }
  std::fflush(stdout);
  std::fflush(stderr);
  return status;
}

}  // namespace tasker::cli
