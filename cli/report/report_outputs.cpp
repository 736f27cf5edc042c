#include "cli/report/report_outputs.hpp"

#include "cli/output/label_fit.hpp"
#include "cli/output/terminal.hpp"
#include "cli/report/html_report.hpp"
#include "cli/report/json_report.hpp"
#include "cli/report/junit_report.hpp"
#include "cli/report/markdown_report.hpp"
#include "cli/report/output_paths.hpp"
#include "cli/report/report_view.hpp"
#include "cli/report/step_summary.hpp"
#include "cli/report/summary.hpp"
#include "cli/usage_error.hpp"
#include "core/status_numbers.hpp"

#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace tasker::cli {
namespace {

// A streamed report goes to its file in pieces this large.
constexpr std::size_t kWriteChunk = 64 * 1024;

// Checks the paths before anything is opened for writing, so a clash truncates nothing.
const GlobalOptions& checked(const GlobalOptions& options, const std::vector<OptionPath>& inputs,
                             std::vector<OptionPath> outputs) {
  outputs.insert(outputs.begin(), {{"--report", options.report_path},
                                   {"--junit", options.junit_path},
                                   {"--html", options.html_path}});
  check_output_paths(outputs, inputs);
  return options;
}

}  // namespace

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

ReportOutputs::ReportOutputs(const GlobalOptions& options, const std::vector<OptionPath>& inputs,
                             const std::vector<OptionPath>& more_outputs)
    : options_(checked(options, inputs, more_outputs)),
      report_file_(open_report(options.report_path)),
      junit_file_(open_report(options.junit_path)),
      html_file_(open_report(options.html_path)) {}

int ReportOutputs::deliver(const RunReport& report) {
  std::fflush(stdout);
  print_unhandled(stderr, report);
  if (!options_.quiet)
    print_summary(stderr, report, use_color(options_.color, stderr), output_columns(STDERR_FILENO));

  int status = report.exit_code;
  // `render` runs only for a file that was asked for: a report of 10 000 tasks is not free. It
  // gives the text in pieces, so a large run's report need not be in memory all at once.
  using Write = std::function<void(std::string_view)>;
  const auto write_report = [&](std::optional<ReportFile>& file, const auto& render) {
    if (!file)
      return;
    try {
      std::string buffer;
      render(Write([&](std::string_view piece) {
        buffer += piece;
        if (buffer.size() >= kWriteChunk) {
          file->write(buffer);
          buffer.clear();
        }
      }));
      if (!buffer.empty())
        file->write(buffer);
      file->close();  // some errors (NFS, quota) are only reported here
    } catch (const ReportFileError& e) {
      std::fprintf(stderr, "tasker: %s\n", e.what());
      if (status == status::kSuccess)
        status = status::kReportNotWritten;
    }
  };
  // The output a run captured (--json, --junit) is in its saved report too: `tasker report
  // --junit` renders the same testcases from it.
  write_report(report_file_,
               [&](const Write& write) { write_json(report, captures_output(options_), write); });
  write_report(junit_file_, [&](const Write& write) { write(to_junit_xml(report)); });
  // The pictures are drawn from the report's data, as `tasker report FILE` draws a saved one.
  std::optional<ReportView> view;
  const auto saved_view = [&]() -> const ReportView& {
    if (!view)
      view = read_report_text(to_json(report, false));
    return *view;
  };
  write_report(html_file_, [&](const Write& write) { write(to_html(saved_view())); });
  const std::string summary_path = options_.no_step_summary ? "" : step_summary_path();
  if (!summary_path.empty()) {
    // The job's summary is for people: one that cannot be written is said, and the run's
    // status stays what the run made it.
    const std::string error = append_step_summary(summary_path, to_markdown(saved_view()));
    if (!error.empty())
      std::fprintf(stderr, "tasker: %s\n", error.c_str());
  }
  if (options_.json) {
    write_json(report, true,
               [](std::string_view piece) { std::fwrite(piece.data(), 1, piece.size(), stdout); });
  }
  std::fflush(stdout);
  std::fflush(stderr);
  return status;
}

}  // namespace tasker::cli
