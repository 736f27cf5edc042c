#include "cli/report/markdown_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <vector>

namespace tasker::cli {
namespace {

std::string status_text(const ReportRow& row) {
  return row.status ? std::to_string(*row.status) : std::string("–");
}

std::string duration_text(const ReportRow& row) {
  return row.duration_ms ? human_duration(*row.duration_ms) : std::string("–");
}

std::string verdict(const ReportView& view) {
  if (view.interrupted)
    return fmt::format("interrupted by signal {}, exit {}", *view.interrupted, view.exit_code);
  return view.exit_code == 0 ? std::string("succeeded")
                             : fmt::format("failed, exit {}", view.exit_code);
}

void failed_table(std::string& out, const std::vector<const ReportRow*>& failed) {
  out += "#### Did not succeed\n\n";
  out += "| task | state | status | duration | command |\n";
  out += "|---|---|---|---|---|\n";
  const std::size_t shown = std::min(failed.size(), kMaxFailedRows);
  for (std::size_t i = 0; i < shown; ++i) {
    const ReportRow& row = *failed[i];
    out += fmt::format("| {}{} | {} | {} | {} | {} |\n", markdown_escape(row.name),
                       row.unhandled ? " (unhandled)" : "", row.state, status_text(row),
                       duration_text(row), markdown_escape(row.command));
  }
  out += '\n';
  if (failed.size() > shown)
    out += fmt::format("…and {} more.\n\n", failed.size() - shown);
}

void counts(std::string& out, const ReportView& view, std::size_t tasks) {
  // In the order a reader cares about: what went wrong first.
  constexpr std::array<const char*, 6> kStates{"failed",      "timed_out", "cancelled",
                                               "not_started", "succeeded", "skipped"};
  std::map<std::string, std::size_t> by_state;
  for (const ReportRow& row : view.rows) {
    if (row.task)
      ++by_state[row.state];
  }
  std::string parts;
  for (const char* state : kStates) {
    if (by_state[state] > 0)
      parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", by_state[state], state);
  }
  const char* noun = view.command == "every" ? "run" : "task";
  out += fmt::format("**{} {}{}**", tasks, noun, tasks == 1 ? "" : "s");
  if (!parts.empty())
    out += ": " + parts;
  if (!view.fired.empty())
    out += fmt::format(" · fired {}", view.fired);
  out += fmt::format(" · {}", human_duration(view.duration_ms));
  if (view.command == "every") {
    out += fmt::format(" · {} skipped ticks · ended by {}", view.skipped_ticks,
                       view.end_reason.empty() ? "–" : view.end_reason);
    if (view.runs_omitted > 0)
      out += fmt::format(" · {} earlier runs not in the report", view.runs_omitted);
  }
  out += "\n\n";
}

void slowest_table(std::string& out, const ReportView& view) {
  std::vector<const ReportRow*> ran;
  for (const ReportRow& row : view.rows) {
    if (row.task && row.duration_ms)
      ran.push_back(&row);
  }
  if (ran.empty())
    return;
  const std::size_t shown = std::min(ran.size(), kSlowestListed);
  std::partial_sort(
      ran.begin(), ran.begin() + static_cast<std::ptrdiff_t>(shown), ran.end(),
      [](const ReportRow* a, const ReportRow* b) { return *a->duration_ms > *b->duration_ms; });
  out += "#### Slowest\n\n| task | duration | state | command |\n|---|---|---|---|\n";
  for (std::size_t i = 0; i < shown; ++i) {
    const ReportRow& row = *ran[i];
    out += fmt::format("| {} | {} | {} | {} |\n", markdown_escape(row.name), duration_text(row),
                       row.state, markdown_escape(row.command));
  }
  out += '\n';
}

}  // namespace

std::string markdown_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '\\':
      case '|':
      case '`':
        out += '\\';
        out += c;
        break;
      case '<':
        out += "&lt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else
          out += c;
    }
  }
  return out;
}

std::string human_duration(double ms) {
  if (ms < 1000)
    return fmt::format("{:.0f} ms", ms);
  if (ms < 60'000)
    return fmt::format("{:.3f} s", ms / 1000);
  const double minutes = std::floor(ms / 60'000);
  return fmt::format("{:.0f} min {:.1f} s", minutes, (ms - minutes * 60'000) / 1000);
}

std::string to_markdown(const ReportView& view) {
  std::string out = fmt::format("### tasker {}", view.command);
  if (!view.title.empty())
    out += fmt::format(" {}", markdown_escape(view.title));
  out += fmt::format(": {}\n\n", verdict(view));
  std::vector<const ReportRow*> failed;
  for (const ReportRow& row : view.rows) {
    if (did_not_succeed(row))
      failed.push_back(&row);
  }
  if (!failed.empty())
    failed_table(out, failed);
  counts(out, view, task_count(view));
  slowest_table(out, view);
  return out;
}

}  // namespace tasker::cli
