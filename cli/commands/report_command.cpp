// tasker report FILE [--markdown] [--html OUT] [--junit OUT]: pictures of a run from its saved
// JSON report (--report FILE or --json): the Markdown summary on stdout, the HTML timeline page
// and the JUnit XML to files.
// The renderers read only the report's data, so any report renders, a task file's tree too.

#include "cli/commands/commands.hpp"
#include "cli/report/html_report.hpp"
#include "cli/report/junit_report.hpp"
#include "cli/report/markdown_report.hpp"
#include "cli/report/output_paths.hpp"
#include "cli/report/report_file.hpp"
#include "cli/report/report_outputs.hpp"
#include "cli/report/report_view.hpp"
#include "cli/report/saved_run_report.hpp"
#include "cli/usage_error.hpp"
#include "core/status_numbers.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace tasker::cli {
namespace {

struct ReportCommandOptions {
  std::string file;
  bool markdown = false;
};

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UsageError(fmt::format("cannot read report '{}': {}", path, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw UsageError(fmt::format("cannot read report '{}': {}", path, std::strerror(errno)));
  return text.str();
}

CommandExit render(const GlobalOptions& global, const ReportCommandOptions& options) {
  if (global.json || !global.report_path.empty())
    throw UsageError("tasker report reads a report: --json and --report are for a run");
  check_output_paths({{"--html", global.html_path}, {"--junit", global.junit_path}},
                     {{"the report", options.file}});
  // Opened before the report is read, as a run opens its outputs: a path that cannot be written
  // is a usage error, and a report that cannot be read leaves every output as it was.
  std::optional<ReportFile> html = open_report(global.html_path);
  std::optional<ReportFile> junit = open_report(global.junit_path);
  const bool markdown = options.markdown || (!html && !junit);
  std::optional<ReportView> view;
  std::optional<RunReport> run;
  try {
    const nlohmann::json report = saved::parse(read_whole(options.file));
    if (markdown || html)
      view = read_report(report);
    // JUnit is rendered from the run the report describes, by the code a run's --junit uses.
    if (junit)
      run = run_report_from_json(report);
  } catch (const NotAReportError& e) {
    throw UsageError(fmt::format("'{}': {}", options.file, e.what()));
  }
  if (markdown) {
    const std::string text = to_markdown(*view);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }
  int status = status::kSuccess;
  const auto write = [&status](std::optional<ReportFile>& file, const auto& render_it) {
    if (!file)
      return;
    try {
      file->write(render_it());
      file->close();
    } catch (const ReportFileError& e) {
      std::fprintf(stderr, "tasker: %s\n", e.what());
      status = status::kReportNotWritten;
    }
  };
  write(html, [&] { return to_html(*view); });
  write(junit, [&] { return to_junit_xml(*run); });
  return {status, std::nullopt};
}

}  // namespace

void add_report_command(CLI::App& app, const GlobalOptions& global, Action& action,
                        CommandParts parts) {
  auto options = std::make_shared<ReportCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "report",
      "Render a saved JSON report: a Markdown summary, an HTML page (--html), JUnit (--junit)");
  if (parts == CommandParts::listed_only)
    return;
  command->add_option("file", options->file, "The report: what --report or --json wrote")
      ->option_text("FILE")
      ->required();
  command->add_flag("--markdown", options->markdown,
                    "Print the Markdown summary on stdout (the default without --html or --junit)");
  command->callback([&global, &action, options] {
    action = [&global, options] { return render(global, *options); };
  });
}

}  // namespace tasker::cli
