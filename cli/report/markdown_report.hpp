#pragma once
// The Markdown summary of a run (`tasker report FILE --markdown`, and what a run appends to
// GitHub Actions' job summary): a table of the tasks that did not succeed first, then the
// counts, then the slowest tasks. It is rendered from a saved report's data, so it works for
// any report file, a task file's tree included.

#include "cli/report/report_view.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace tasker::cli {

/// The slowest tasks the summary lists.
inline constexpr std::size_t kSlowestListed = 5;

/// The tasks that did not succeed the summary lists; the rest are counted.
inline constexpr std::size_t kMaxFailedRows = 100;

/// The summary, ending with a newline:
///
///   ### tasker list: failed, exit 3
///   #### Did not succeed
///   | task | state | status | duration | command |
///   |---|---|---|---|---|
///   | #1 | failed | 3 | 1.003 s | sleep 1; exit 3 |
///
///   **2 tasks**: 1 failed, 1 cancelled · fired errback · 1.022 s
///
///   #### Slowest
///   | task | duration | state |
///   ...
[[nodiscard]] std::string to_markdown(const ReportView& view);

/// `text` made safe for a cell of a Markdown table: \ | and ` are escaped with a backslash,
/// < and & become entities, a newline becomes a space, and other control bytes become the
/// visible text `\xNN`.
[[nodiscard]] std::string markdown_escape(std::string_view text);

/// A duration for people: `850 ms`, `1.003 s`, `2 min 5.0 s`.
[[nodiscard]] std::string human_duration(double ms);

}  // namespace tasker::cli
