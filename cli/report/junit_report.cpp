#include "cli/report/junit_report.hpp"

#include "cli/report/report_tasks.hpp"
#include "cli/report/report_text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>

namespace tasker::cli {
namespace {

enum class XmlPlace { text, attribute };

// The failure text names the task by its whole command, however long.
constexpr std::size_t kWholeCommand = std::string::npos;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at the front of `s` (RFC 3629:
// no overlongs, no surrogates, nothing past U+10FFFF), or 0 if there is none.
std::size_t utf8_length(std::string_view s) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto continuation = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < s.size() && at(i) >= lo && at(i) <= hi;
  };
  const unsigned char b = at(0);
  if (b < 0x80)
    return 1;
  if (b >= 0xC2 && b <= 0xDF)
    return continuation(1) ? 2 : 0;
  if (b >= 0xE0 && b <= 0xEF) {
    const unsigned char lo = b == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = b == 0xED ? 0x9F : 0xBF;
    return continuation(1, lo, hi) && continuation(2) ? 3 : 0;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    const unsigned char lo = b == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b == 0xF4 ? 0x8F : 0xBF;
    return continuation(1, lo, hi) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

std::string escape(std::string_view text, XmlPlace place) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  while (!text.empty()) {
    const char c = text.front();
    const std::size_t length = utf8_length(text);
    if (length == 0) {
      out += kReplacement;
      text.remove_prefix(1);
      continue;
    }
    if (length == 3 && text.substr(0, 2) == "\xEF\xBF" &&
        (text[2] == '\xBE' || text[2] == '\xBF')) {
      out += kReplacement;  // U+FFFE and U+FFFF are not XML characters
    } else if (length > 1) {
      out += text.substr(0, length);
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '\'') {
      out += "&apos;";
    } else if (c == '\r' || ((c == '\n' || c == '\t') && place == XmlPlace::attribute)) {
      // Parsers turn a raw CR into LF, and raw TAB/LF in an attribute into spaces.
      out += fmt::format("&#{};", static_cast<int>(c));
    } else if (c == '\n' || c == '\t' || static_cast<unsigned char>(c) >= 0x20) {
      out += c;
    } else {
      // XML 1.0 has no way to carry these, not even as &#N;.
      out += fmt::format("\\x{:02x}", static_cast<int>(c));
    }
    text.remove_prefix(length);
  }
  return out;
}

std::string attr(std::string_view text) {
  return escape(text, XmlPlace::attribute);
}

// Rounded to 0.1 ms first, as the JSON report keeps times: JUnit rendered from a saved report
// then says what the run's own said, to the byte.
std::string seconds(std::optional<double> ms) {
  return fmt::format("{:.3f}", std::round(ms.value_or(0.0) * 10.0) / 10.0 / 1000.0);
}

// ISO 8601 without a zone, as JUnit writers give it (the report's started_at is UTC).
std::string junit_timestamp(const RunReport& report) {
  std::string at = report.started_at;
  if (!at.empty() && at.back() == 'Z')
    at.pop_back();
  return at;
}

constexpr std::size_t kFailureStderrLines = 20;

// The last `count` lines of `text`.
std::string last_lines(std::string_view text, std::size_t count) {
  std::size_t start = text.size();
  if (start > 0 && text[start - 1] == '\n')
    --start;
  while (start > 0 && count > 0) {
    start = text.rfind('\n', start - 1);
    if (start == std::string_view::npos) {
      start = 0;
      break;
    }
    if (--count == 0) {
      ++start;
      break;
    }
  }
  return std::string(text.substr(start));
}

struct Counts {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t skipped = 0;
};

bool is_skip(const TaskReport& task) {
  return !is_failure(task) && task.state != TaskState::succeeded;
}

Counts count(const RunReport& report) {
  Counts counts;
  for_each_task(report, [&counts](const TaskReport& task) {
    ++counts.tests;
    if (is_failure(task))
      ++counts.failures;
    if (is_skip(task))
      ++counts.skipped;
  });
  return counts;
}

void append_property(std::string& xml, std::string_view name, std::string_view value) {
  xml += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", attr(name), attr(value));
}

void append_stream(std::string& xml, std::string_view element,
                   const std::optional<CapturedStream>& capture, std::size_t capture_limit) {
  if (!capture || (capture->text.empty() && capture->dropped == 0))
    return;
  xml += fmt::format("      <{}>", element);
  if (capture->dropped > 0) {
    xml += fmt::format("[tasker: {} earlier bytes dropped; the capture keeps the last {}]\n",
                       capture->dropped, capture_limit);
  }
  xml += escape(capture->text, XmlPlace::text);
  xml += fmt::format("</{}>\n", element);
}

void append_testcase(std::string& xml, const RunReport& report, const TaskReport& task) {
  xml += fmt::format("    <testcase name=\"{}\" classname=\"tasker.{}\" time=\"{}\">\n",
                     attr(task.name), to_string(report.command), seconds(task.duration_ms));
  // Where it ran, as pytest's record_property writes a testcase's own properties.
  if (!task.host.empty() || !task.job_id.empty()) {
    xml += "      <properties>\n";
    if (!task.host.empty())
      append_property(xml, "tasker.host", task.host);
    if (!task.job_id.empty())
      append_property(xml, "tasker.slurm_job_id", task.job_id);
    xml += "      </properties>\n";
  }
  const std::string outcome = outcome_text(task);
  if (is_failure(task)) {
    const std::string status = task.status ? fmt::format(" (status {})", *task.status) : "";
    std::string detail = fmt::format("{}: {}{}", task_label(task, kWholeCommand), outcome, status);
    // Test reporters show the failure's text, not always system-err: its last lines go in too.
    if (task.stderr_capture && !task.stderr_capture->text.empty())
      detail += "\n" + last_lines(task.stderr_capture->text, kFailureStderrLines);
    xml += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", attr(outcome),
                       to_string(task.state), escape(detail, XmlPlace::text));
  } else if (is_skip(task)) {
    xml += fmt::format("      <skipped message=\"{}\"/>\n", attr(outcome));
  }
  append_stream(xml, "system-out", task.stdout_capture, report.capture_limit);
  append_stream(xml, "system-err", task.stderr_capture, report.capture_limit);
  xml += "    </testcase>\n";
}

}  // namespace

std::string xml_escape(std::string_view text) {
  return escape(text, XmlPlace::attribute);
}

std::string to_junit_xml(const RunReport& report) {
  const Counts counts = count(report);
  const std::string totals =
      fmt::format("tests=\"{}\" failures=\"{}\" errors=\"0\"", counts.tests, counts.failures);
  const std::string time = seconds(report.duration_ms);
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  // testsuites has no skipped, timestamp or hostname in the Jenkins JUnit schema; testsuite has.
  xml += fmt::format("<testsuites name=\"tasker\" {} time=\"{}\">\n", totals, time);
  xml += fmt::format(
      "  <testsuite name=\"tasker {}\" {} skipped=\"{}\" time=\"{}\" timestamp=\"{}\" "
      "hostname=\"{}\">\n",
      to_string(report.command), totals, counts.skipped, time, attr(junit_timestamp(report)),
      attr(report.hostname));
  xml += "    <properties>\n";
  append_property(xml, "tasker.version", report.version);
  append_property(xml, "tasker.fired",
                  report.fired == Fired::none ? "none" : to_string(report.fired));
  append_property(xml, "tasker.exit_code", fmt::format("{}", report.exit_code));
  if (report.interrupted_by) {
    append_property(xml, "tasker.interrupted", signal_name(*report.interrupted_by));
  }
  if (report.every)
    append_property(xml, "tasker.end_reason", to_string(report.every->end_reason));
  if (report.every && report.every->runs_omitted > 0) {
    append_property(xml, "tasker.runs_omitted", fmt::format("{}", report.every->runs_omitted));
  }
  xml += "    </properties>\n";
  for_each_task(report, [&](const TaskReport& task) { append_testcase(xml, report, task); });
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace tasker::cli
