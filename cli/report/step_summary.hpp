#pragma once
// GitHub Actions' job summary: when GITHUB_STEP_SUMMARY names a file, a run appends the Markdown
// summary of its report to it (never overwrites it: a job's steps share the file), so it shows
// on the job's page. --no-step-summary turns it off.

#include <string>

namespace tasker::cli {

/// The file GITHUB_STEP_SUMMARY names, empty when it is unset or empty.
[[nodiscard]] std::string step_summary_path();

/// Appends `markdown` to `path`, creating it if need be. Returns an empty string, or why it
/// could not ("cannot append the step summary to 'PATH': REASON").
[[nodiscard]] std::string append_step_summary(const std::string& path, const std::string& markdown);

}  // namespace tasker::cli
