#pragma once
// Options every command takes (docs/behaviour.md "Options of every command").

#include "cli/output/output_printer.hpp"
#include "cli/output/terminal.hpp"
#include "core/process/spawner.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace tasker::cli {

struct GlobalOptions {
  OutputMode output = OutputMode::prefixed;
  ColorChoice color = ColorChoice::automatic;
  bool json = false;
  std::string report_path;
  std::string junit_path;
  /// --html: the timeline page of the run (cli/report/html_report.hpp).
  std::string html_path;
  /// --no-step-summary: on GitHub Actions, do not append the Markdown summary to the job's.
  bool no_step_summary = false;
  bool quiet = false;
  bool verbose = false;
  std::string shell = "/bin/sh";
  /// `--shell` given (a path, or `always` for /bin/sh): every command goes
  /// through that shell. Without it, commands with no shell syntax run directly.
  ShellUse shell_use = ShellUse::when_needed;
  bool inherit_stdin = false;
  std::size_t capture_limit = 64 * 1024;
  /// Where tasks run (cli/commands/executor_options.hpp): -S/--hosts entries, in order, and
  /// --hosts-file's; --ssh's words; --executor and --slurm-args.
  std::string hosts;
  bool hosts_given = false;
  std::string hosts_file;
  std::string ssh = "ssh";
  std::string executor = "local";
  std::string slurm_args;
};

/// Whether tasks' output is captured for a report: --json carries it, and --junit puts the
/// tail of each task's in its testcase (the output is shown live all the same).
[[nodiscard]] inline bool captures_output(const GlobalOptions& options) {
  return options.json || !options.junit_path.empty();
}

/// The bytes of each stream kept per task for the reports, 0 when nothing is captured.
[[nodiscard]] inline std::size_t report_capture_limit(const GlobalOptions& options) {
  return captures_output(options) ? options.capture_limit : 0;
}

/// The name of one_of_words()'s check, whose description is its words: what the completions
/// offer (cli/help/completion_model.hpp).
inline constexpr const char* kWordsCheckName = "words";

/// A CLI11 transform that takes one of `words` and nothing else, and names them all when the
/// value is not one (CLI11's CheckedTransformer also took the values' numbers: `--output 1`).
template <class T>
[[nodiscard]] CLI::Validator one_of_words(std::vector<std::pair<std::string, T>> words) {
  std::string names;
  std::string list;
  for (const auto& word : words) {
    names += (names.empty() ? "" : ", ") + word.first;
    list += (list.empty() ? "" : " ") + word.first;
  }
  return CLI::Validator(
      [words = std::move(words), names](std::string& value) -> std::string {
        for (const auto& [word, meaning] : words) {
          if (word == value) {
            value = std::to_string(static_cast<long long>(meaning));  // as CLI11 reads T
            return {};
          }
        }
        return fmt::format("'{}' is not one of {}", value, names);
      },
      list, kWordsCheckName);
}

/// Adds the options to `app`, where every subcommand finds them too.
void add_global_options(CLI::App& app, GlobalOptions& options);

/// How to run each task's process, from the global flags, with `grace`.
[[nodiscard]] ProcessOptions process_options(const GlobalOptions& options, Duration grace);

/// A CLI11 check that accepts what parse_duration accepts; its message names the input.
[[nodiscard]] CLI::Validator duration_check();

/// duration_check(), and more than zero: a --timeout of 0 would time every task out at once.
[[nodiscard]] CLI::Validator timeout_check();

/// A CLI11 transform for every numeric option, added before its range check: the value must
/// be ASCII digits only, read as decimal ("010" is ten, "08" is eight). CLI11 reads numbers
/// with strtoull's base 0, where "010" is eight and "0x10" sixteen, and lets through a sign
/// and leading blanks. Its message says a decimal number is expected and quotes the value.
[[nodiscard]] CLI::Validator decimal_number();

}  // namespace tasker::cli
