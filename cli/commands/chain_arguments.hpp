#pragma once
// The words of `tasker chain` (docs/behaviour.md "Chain grammar"), from CMD on, as the TaskSpec
// tree they ask for:
//
//   CMD [OPTS] STEP [OPTS]...
//
// - CMD is exactly one word (quote a command of several words) and cannot start with '-'.
// - A STEP is `--then CMD`, `--catch CMD`, `--both CMD`, `--finally CMD` or `--callbacks CB EB`
//   (two words, one level); the steps become the chain's levels in the order written.
// - OPTS after CMD or after a step apply to that one, up to the next step: `--timeout
//   DURATION`, `--retries N` (decimal digits, 0 to 1000000), `--retry-delay DURATION`, `--name
//   NAME` (the label of its output and report entry; names are unique in a chain), and
//   `--trap LIST` (after a `--catch` only). Each at most once per step; on a `--callbacks`
//   level they apply to both CB and EB.
// - Every flag also takes its value as `--flag=value`. A value in the next word may not start
//   with '-': `--then --catch` is a mistake, not a command named `--catch`; write
//   `--then=--catch` for that. A command may not be empty or blank.
// - Global options (output modes, --json, --grace, ...) come before CMD only: CLI11 reads them,
//   and these words start at CMD.

#include "core/input/duration.hpp"
#include "core/input/task_spec.hpp"

#include <optional>
#include <span>
#include <string>

namespace tasker::cli {

/// Reads `words` (CMD first) into one task: its body runs CMD with CMD's options, and its
/// levels are the steps, each running a task of its own (an anonymous task whose body runs the
/// step's command with the step's options; a `--callbacks` level has one for CB and one for
/// EB). `grace`, the global --grace when given, goes on every one of those tasks. Names given
/// with --name go into the tasks' `label`; positions are left empty (the words are not a file).
/// Throws UsageError, one line starting "chain: ", for anything malformed.
[[nodiscard]] spec::Task parse_chain_arguments(std::span<const std::string> words,
                                               std::optional<Duration> grace);

}  // namespace tasker::cli
