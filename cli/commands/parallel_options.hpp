#pragma once
// Options shared by gather, list and any (docs/behaviour.md "Options of gather, list and any"). The
// tasks they describe come from CommandTaskSource (cli/commands/command_task_source.hpp), or
// from TemplateTaskSource (cli/commands/template_task_source.hpp) for a template with ::: or
// --args.

#include "core/input/duration.hpp"
#include "core/run/parallel_run.hpp"
#include "core/run/task_source.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
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
  std::vector<std::string> args;  // --args FILE, in order
  bool link = false;
  std::string grace = "2s";
  OnFire on_fire = OnFire::cancel;
  bool consume_errors = false;
  bool fire_on_one_callback = false;
  bool fire_on_one_errback = false;
  bool keep_order = false;
  /// Above 0: --progress; below: --no-progress; 0: neither (on a terminal only).
  int progress = 0;
  /// --joblog FILE: GNU parallel's job log; --resume / --resume-failed read it first.
  std::string joblog;
  bool resume = false;
  bool resume_failed = false;
  /// --rerun-failed REPORT.json: only the tasks that report lists as not succeeded run.
  std::string rerun_failed;
  /// --results DIR: DIR/<seq>/stdout, stderr, meta.json.
  std::string results;
};

/// Adds the shared options and the CMD... positionals to a subcommand.
void add_parallel_options(CLI::App& command, ParallelCommandOptions& options);

/// parse_duration for a value a duration_check() already accepted; empty gives nullopt.
[[nodiscard]] std::optional<Duration> optional_duration(const std::string& text);

}  // namespace tasker::cli
