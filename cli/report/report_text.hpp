#pragma once
// How the summary and the JUnit report put a task and its outcome into words,
// so both say the same thing the same way.

#include "cli/report/run_report.hpp"

#include <string>
#include <string_view>

namespace tasker::cli {

/// `#1 'sleep 1; exit 3'`: the task's name and its command, quoted,
/// shortened to about `max_command` characters and kept on one line.
[[nodiscard]] std::string task_label(const TaskReport& task, std::size_t max_command = 60);

/// `command` on one line: control characters become spaces, and past
/// `max_chars` characters it is cut and ends with "...".
[[nodiscard]] std::string one_line(std::string_view command, std::size_t max_chars);

/// `text` with control characters turned into spaces, as one_line() does, whatever its
/// length: names and commands in output labels and log lines, where an escape sequence in a
/// name would otherwise reach the terminal.
[[nodiscard]] std::string printable(std::string_view text);

/// What happened to the task, in the words of ProcessExit::describe():
/// "succeeded", "exited with 3", "killed by signal 9 (SIGKILL)", "timed out
/// after 5s" (its `error`, else "timed out"), the start error for a task that
/// could not start, "cancelled", "not started".
[[nodiscard]] std::string outcome_text(const TaskReport& task);

/// True for the states that count as a task's failure: failed and timed_out.
[[nodiscard]] bool is_failure(const TaskReport& task);

/// "SIGINT", "SIGTERM"; "signal N" for a number without a name.
[[nodiscard]] std::string signal_name(int signo);

/// A time in milliseconds for people, as format_duration() writes it: "250ms", "1.2s", "2m05s".
[[nodiscard]] std::string format_ms(double ms);

}  // namespace tasker::cli
