#pragma once
// GitHub Actions workflow commands. When tasker runs as a step of a GitHub Actions job
// (GITHUB_ACTIONS=true), grouped output wraps each task's block in `::group::` and
// `::endgroup::` lines, which the job log shows as one collapsible section per task, and each task
// that fails adds an `::error` line, which GitHub shows as an annotation on the run. The runner
// reads these commands from both stdout and stderr, at the start of a line.

#include <string>
#include <string_view>

namespace tasker::cli {

/// True when the environment says tasker runs on GitHub Actions: GITHUB_ACTIONS is `true`.
[[nodiscard]] bool on_github_actions();

/// `text` as the message of a workflow command: '%', CR and LF escaped as the runner expects
/// (%25, %0D, %0A), so that a message stays on one line and comes back as it was.
[[nodiscard]] std::string escape_workflow_message(std::string_view text);

/// `::group::TITLE` and a newline: the start of a collapsible section titled TITLE.
[[nodiscard]] std::string group_command(std::string_view title);

/// The end of the section a group_command() started.
inline constexpr std::string_view kEndGroupCommand = "::endgroup::\n";

/// A fresh token for stop_commands(): 32 random hex digits, never the same
/// twice, so task output cannot guess it and end the fence early.
[[nodiscard]] std::string fresh_stop_token();

/// `::stop-commands::TOKEN` and a newline: from there on the runner ignores
/// workflow commands in the log (task output could otherwise forge
/// `::error`, `::add-mask::` or `::stop-commands::` of its own), until
/// resume_commands(TOKEN). GitHub's documentation advises this fence for
/// untrusted output.
[[nodiscard]] std::string stop_commands(std::string_view token);

/// `::TOKEN::` and a newline: the end of the fence stop_commands(TOKEN) began.
[[nodiscard]] std::string resume_commands(std::string_view token);

/// The annotation for a task that failed, `status` being its status number:
/// `::error title=tasker::lint failed with status 3: make lint` and a newline, or
/// `... timed out (status 124): ...` when it was stopped for its timeout.
[[nodiscard]] std::string task_error_command(std::string_view name, bool timed_out, int status,
                                             std::string_view command);

}  // namespace tasker::cli
