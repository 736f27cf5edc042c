#include "core/input/job_log_parser.hpp"

#include "core/input/input_error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string>

namespace tasker {
namespace {

constexpr std::size_t kFields = 9;  // the last, Command, may hold tabs itself

std::string_view trim_spaces(std::string_view text) {
  // JobRuntime is right-aligned in 10 columns ("     0.004").
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text;
}

template <typename Number>
std::optional<Number> whole_number(std::string_view text) {
  text = trim_spaces(text);
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

// Starttime and JobRuntime: digits with a decimal point, as parallel prints them ("%.3f").
bool is_decimal(std::string_view text) {
  text = trim_spaces(text);
  if (!text.empty() && text.front() == '-')
    text.remove_prefix(1);
  const std::size_t digits =
      std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const std::size_t points = static_cast<std::size_t>(std::count(text.begin(), text.end(), '.'));
  return digits > 0 && points <= 1 && digits + points == text.size();
}

std::optional<JobLogEntry> entry_of(std::string_view line) {
  std::array<std::string_view, kFields> fields;
  for (std::size_t i = 0; i + 1 < kFields; ++i) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos)
      return std::nullopt;
    fields[i] = line.substr(0, tab);
    line.remove_prefix(tab + 1);
  }
  fields[kFields - 1] = line;
  JobLogEntry entry;
  const auto seq = fields[0].empty() || fields[0].front() == ' '
                       ? std::nullopt
                       : whole_number<std::size_t>(fields[0]);
  const auto send = whole_number<long>(fields[4]);
  const auto receive = whole_number<long>(fields[5]);
  const auto exitval = whole_number<long>(fields[6]);
  const auto signal = whole_number<long>(fields[7]);
  if (!seq || *seq == 0 || fields[1].empty() || !is_decimal(fields[2]) || !is_decimal(fields[3]) ||
      !send || !receive || !exitval || !signal) {
    return std::nullopt;
  }
  entry.seq = *seq;
  entry.exitval = *exitval;
  entry.signal = *signal;
  return entry;
}

}  // namespace

ParsedJobLog parse_job_log(std::string_view text, std::string_view label) {
  ParsedJobLog log;
  std::size_t number = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t newline = text.find('\n', at);
    const bool whole = newline != std::string_view::npos;
    const std::string_view line = text.substr(at, whole ? newline - at : std::string_view::npos);
    ++number;
    if (number == 1) {
      if (line != kJobLogHeader) {
        if (!whole && kJobLogHeader.substr(0, line.size()) == line)
          break;  // the header itself was cut short
        throw InputError(std::string(label) +
                         " line 1: not a job log header (Seq, Host, Starttime, ..., Command "
                         "separated by tabs)");
      }
    } else if (const auto entry = entry_of(line)) {
      log.entries.push_back(*entry);
    } else if (!whole) {
      break;  // cut short by a crash: not logged
    } else {
      throw InputError(std::string(label) + " line " + std::to_string(number) +
                       ": not a job log line (Seq, Host, Starttime, JobRuntime, Send, Receive, "
                       "Exitval, Signal, Command separated by tabs)");
    }
    at = whole ? newline + 1 : text.size();
    log.whole_length = at;
  }
  return log;
}

std::vector<std::size_t> seqs_done(const ParsedJobLog& log, ResumeMode mode) {
  std::vector<std::size_t> seqs;
  for (const JobLogEntry& entry : log.entries) {
    if (mode == ResumeMode::resume || entry.succeeded())
      seqs.push_back(entry.seq);
  }
  std::sort(seqs.begin(), seqs.end());
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  return seqs;
}

}  // namespace tasker
