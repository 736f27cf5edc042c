#pragma once
// The timeline page of a run (`tasker report FILE --html OUT`, `--html OUT` during a run): one
// self-contained HTML file with no script, no font and no request to anywhere, drawn in inline
// SVG from a saved report's data:
//   - a timeline, one row per task (per run for `every`, nested rows for a task file's tree):
//     its queue wait as a thin pale bar, then its run as a bar coloured by its state, with a
//     tooltip (<title>) naming it, its command, status and times; a vertical line where the run
//     fired, and the cancelled tasks hatched past it, where they were cut short;
//   - for `every`, lateness and duration per run as two small plots, skipped ticks marked;
//   - the table of tasks: state, status, queue wait, start, duration, host when there is one;
//     past 1000 rows, only the tasks that did not succeed.
// It follows prefers-color-scheme. Every string a task controls is escaped (html_escape).

#include "cli/report/report_view.hpp"

#include <string>
#include <string_view>

namespace tasker::cli {

/// The whole page. Each task row's bar is an SVG <rect class="bar STATE">, the fire line
/// <line id="fire">: tests (and curious readers of the DOM) count them.
[[nodiscard]] std::string to_html(const ReportView& view);

/// `text` made safe for HTML text and attribute values: & < > " ' become entities; control
/// characters (C0, DEL and C1, a newline too) become the visible text `\xNN`, so no byte a task
/// printed can end an element, open a tag or hide in the page.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace tasker::cli
