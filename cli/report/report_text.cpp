#include "cli/report/report_text.hpp"

#include "core/input/duration.hpp"
#include "core/process/process_exit.hpp"

#include <fmt/format.h>

#include <string.h>

#include <algorithm>
#include <cmath>

namespace tasker::cli {

std::string one_line(std::string_view command, std::size_t max_chars) {
  std::string line;
  line.reserve(command.size());
  std::size_t chars = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const auto byte = static_cast<unsigned char>(command[i]);
    // UTF-8 continuation bytes do not start a character: count only the others.
    const bool starts_char = (byte & 0xC0U) != 0x80U;
    if (starts_char && chars == max_chars) {
      line += "...";
      return line;
    }
    if (starts_char)
      ++chars;
    line += (byte < 0x20 || byte == 0x7F) ? ' ' : command[i];
  }
  return line;
}

std::string printable(std::string_view text) {
  return one_line(text, std::string_view::npos);
}

std::string task_label(const TaskReport& task, std::size_t max_command) {
  return fmt::format("{} '{}'", printable(task.name), one_line(task.command, max_command));
}

bool is_failure(const TaskReport& task) {
  return task.state == TaskState::failed || task.state == TaskState::timed_out;
}

std::string outcome_text(const TaskReport& task) {
  switch (task.state) {
    case TaskState::succeeded:
      return "succeeded";
    case TaskState::failed:
      if (task.exit_code)
        return ProcessExit::exited(*task.exit_code).describe();
      if (task.signal)
        return ProcessExit::killed(*task.signal, task.core_dumped).describe();
      return task.error.empty() ? std::string("could not start") : task.error;
    case TaskState::timed_out:
      return task.error.empty() ? std::string("timed out") : task.error;
    case TaskState::cancelled:
      return "cancelled";
    case TaskState::not_started:
      return "not started";
    case TaskState::skipped:
      return "skipped: done by an earlier run";
    case TaskState::queued:
      return "queued";
    case TaskState::running:
      return "still running";
  }
  return "unknown";
}

std::string signal_name(int signo) {
  const char* abbrev = ::sigabbrev_np(signo);
  return abbrev == nullptr ? fmt::format("signal {}", signo) : fmt::format("SIG{}", abbrev);
}

std::string format_ms(double ms) {
  if (!std::isfinite(ms))
    return "?";
  // Clamped so the conversion to integer nanoseconds cannot overflow.
  const double nanoseconds = std::clamp(ms * 1e6, -static_cast<double>(kMaxDuration.count()),
                                        static_cast<double>(kMaxDuration.count()));
  return format_duration(Duration(std::llround(nanoseconds)));
}

}  // namespace tasker::cli
