// tasker report FILE [--markdown] [--html OUT]: pictures of a run from its saved JSON report
// (--report FILE or --json): the Markdown summary on stdout, the HTML timeline page to a file.
// The renderers read only the report's data, so any report renders, a task file's tree too.

#include "cli/commands/commands.hpp"
#include "cli/report/html_report.hpp"
#include "cli/report/markdown_report.hpp"
#include "cli/report/output_paths.hpp"
#include "cli/report/report_file.hpp"
#include "cli/report/report_view.hpp"
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
  // JUnit is written from the run itself (its captured output among it); the saved JSON
  // report does not hold all of it.
  if (!global.junit_path.empty())
    throw UsageError("tasker report cannot re-render --junit: give --junit to the run itself");
  if (global.json || !global.report_path.empty())
    throw UsageError("tasker report reads a report: --json and --report are for a run");
  check_output_paths({{"--html", global.html_path}}, {{"the report", options.file}});
  std::optional<ReportFile> html;
  if (!global.html_path.empty()) {
    try {
      html = ReportFile::open(global.html_path);
    } catch (const ReportFileError& e) {
      throw UsageError(e.what());
    }
  }
  ReportView view;
  try {
    view = read_report_text(read_whole(options.file));
  } catch (const NotAReportError& e) {
    throw UsageError(fmt::format("'{}': {}", options.file, e.what()));
  }
  if (options.markdown || !html) {
    const std::string markdown = to_markdown(view);
    std::fwrite(markdown.data(), 1, markdown.size(), stdout);
    std::fflush(stdout);
  }
  if (html) {
    try {
      html->write(to_html(view));
      html->close();
    } catch (const ReportFileError& e) {
      std::fprintf(stderr, "tasker: %s\n", e.what());
      return {status::kReportNotWritten, std::nullopt};
    }
  }
  return {status::kSuccess, std::nullopt};
}

}  // namespace

void add_report_command(CLI::App& app, const GlobalOptions& global, Action& action,
                        CommandParts parts) {
  auto options = std::make_shared<ReportCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "report", "Render a saved JSON report: a Markdown summary, or an HTML page with --html");
  if (parts == CommandParts::listed_only)
    return;
  command->add_option("file", options->file, "The report: what --report or --json wrote")
      ->option_text("FILE")
      ->required();
  command->add_flag("--markdown", options->markdown,
                    "Print the Markdown summary on stdout (the default without --html)");
  command->callback([&global, &action, options] {
    action = [&global, options] { return render(global, *options); };
  });
}

}  // namespace tasker::cli
