#pragma once
// The completion script of each shell, written from a CompletionModel: its commands, options,
// values and words come from the model; how each shell walks a command line (every's command,
// chain's steps, run's task names) is the script's own.

#include "cli/help/completion_model.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tasker::cli {

[[nodiscard]] std::string bash_completion(const CompletionModel& model);
[[nodiscard]] std::string zsh_completion(const CompletionModel& model);
[[nodiscard]] std::string fish_completion(const CompletionModel& model);

/// `words` joined by `separator`.
[[nodiscard]] std::string join(const std::vector<std::string>& words, std::string_view separator);

/// `text` with each `@NAME@` of `values` (pairs of NAME and value) replaced.
[[nodiscard]] std::string fill_template(
    std::string text, const std::vector<std::pair<std::string, std::string>>& values);

/// `items` joined by `separator`, the first starting at `column`; where a line would pass 96
/// columns, `line_break` (ending in a newline and the next line's indent) instead.
[[nodiscard]] std::string wrap_list(const std::vector<std::string>& items,
                                    std::string_view separator, std::size_t column,
                                    std::string_view line_break);

/// The names of the options of `options` that take a value.
[[nodiscard]] std::vector<std::string> value_option_names(
    const std::vector<CompletionOption>& options);

/// The command of `model` named `name`; throws std::out_of_range when there is none.
[[nodiscard]] const CompletionCommand& command_named(const CompletionModel& model,
                                                     std::string_view name);

}  // namespace tasker::cli
