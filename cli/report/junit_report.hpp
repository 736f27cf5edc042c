#pragma once
// The JUnit XML report of --junit (docs/behaviour.md "Options of every command"): one testcase per
// task, or per run for `every`, in the dialect Jenkins, GitLab and GitHub test reporters read.

#include "cli/report/run_report.hpp"

#include <string>
#include <string_view>

namespace tasker::cli {

/// The whole document:
///
///   <testsuites name="tasker" tests failures errors skipped time>
///     <testsuite name="tasker gather" tests failures errors skipped time>
///       <properties> version, fired, exit_code, [interrupted], [end_reason] </properties>
///       <testcase name="lint" classname="tasker.gather" time="1.203">
///         <failure message="exited with status 3" type="failed">...</failure>
///         <system-out>captured stdout</system-out>
///         <system-err>captured stderr</system-err>
///       </testcase>
///
/// failed and timed_out give <failure type="failed|timed_out">; cancelled and
/// not_started give <skipped>. `errors` is always 0: tasker has no second kind
/// of failure. Times are seconds with three decimals. <system-out> and
/// <system-err> appear only for a non-empty capture, headed by a note when
/// the capture limit dropped bytes.
///
/// Always well-formed XML 1.0 in UTF-8, whatever bytes tasks print; see xml_escape().
[[nodiscard]] std::string to_junit_xml(const RunReport& report);

/// `text` made safe for XML character data and attribute values: & < > " '
/// become entities; tab, newline and carriage return become character
/// references (attribute values would otherwise turn them into spaces);
/// other control characters, which XML 1.0 forbids even as references,
/// become the visible text `\xNN` (ANSI colours read as `\x1b[31m`); bytes
/// that are not valid UTF-8, and U+FFFE/U+FFFF, become U+FFFD.
[[nodiscard]] std::string xml_escape(std::string_view text);

}  // namespace tasker::cli
