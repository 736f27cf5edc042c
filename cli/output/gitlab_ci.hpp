#pragma once
// GitLab CI collapsible sections. When tasker runs in a GitLab CI job (GITLAB_CI=true), grouped
// output wraps each task's block in `section_start` and `section_end` markers, which the job log
// shows as one collapsible section per task, as GitHub Actions groups do
// (cli/output/github_actions.hpp). GitLab's format:
//   \e[0Ksection_start:UNIX_TIMESTAMP:SECTION_ID[collapsed=true]\r\e[0KHEADER
//   \e[0Ksection_end:UNIX_TIMESTAMP:SECTION_ID\r\e[0K
// where a section id holds only letters, digits, `_`, `.` and `-`.

#include <cstddef>
#include <ctime>
#include <string>
#include <string_view>

namespace tasker::cli {

/// True when the environment says tasker runs in a GitLab CI job: GITLAB_CI is `true`.
[[nodiscard]] bool on_gitlab_ci();

/// A section id for the block of producer `number` labelled `label`: `task_NUMBER_LABEL`, each
/// character of the label outside [A-Za-z0-9_.-] made `_` and the label cut to 64, then `suffix`.
/// Unique by the number, whatever labels tasks share.
[[nodiscard]] std::string section_id(std::size_t number, std::string_view label,
                                     std::string_view suffix = "");

/// The marker that starts section `id` at `now`, its header `header` (control characters made
/// spaces, so it stays one line); collapsed when the job log loads, unless `collapsed` is false.
[[nodiscard]] std::string section_start(std::string_view id, std::string_view header,
                                        bool collapsed, std::time_t now);

/// The marker that ends section `id` at `now`, and a newline.
[[nodiscard]] std::string section_end(std::string_view id, std::time_t now);

}  // namespace tasker::cli
