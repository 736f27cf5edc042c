#pragma once
// Options shared by gather, list and any (SPEC §2), and the task list they
// describe once --from and --names are resolved.

#include "core/input/duration.hpp"
#include "core/run/parallel_run.hpp"
#include "core/run/task_source.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {

struct ParallelCommandOptions {
  std::vector<std::string> commands;
  std::size_t jobs = 0;
  std::string timeout;
  unsigned retries = 0;
  std::string retry_delay = "0s";
  std::string names;
  std::string from;
  std::string grace = "2s";
  OnFire on_fire = OnFire::cancel;
  bool consume_errors = false;
  bool fire_on_one_callback = false;
  bool fire_on_one_errback = false;
};

/// Adds the shared options and the CMD... positionals to a subcommand.
void add_parallel_options(CLI::App& command, ParallelCommandOptions& options);

/// The commands on the command line, then those of --from, named by --names
/// or "#0", "#1", ... Throws UsageError for an unreadable --from, an empty
/// or blank command, no command at all, or --names of the wrong length.
[[nodiscard]] std::vector<TaskSpec> resolve_tasks(const ParallelCommandOptions& options);

/// The longest command a --from line may hold: Linux passes no longer
/// argument to the shell (MAX_ARG_STRLEN, 128 KiB with its NUL).
inline constexpr std::size_t kMaxCommandLength = 128 * 1024 - 1;

/// The non-blank lines of `in` that do not start with '#', as commands.
/// Throws UsageError naming `source` for a line with a NUL byte or longer
/// than kMaxCommandLength; memory stays bounded: a longer line is not read
/// further.
[[nodiscard]] std::vector<std::string> read_command_lines(std::istream& in,
                                                          const std::string& source);

/// parse_duration for a value a duration_check() already accepted; empty gives nullopt.
[[nodiscard]] std::optional<Duration> optional_duration(const std::string& text);

}  // namespace tasker::cli
