// tasker run [-f FILE] [NAME...]: the tasks of a task file (docs/behaviour.md "Task files"). Every
// word after `run` and its options is a task name, even one spelled like a
// subcommand (`tasker run list`): separate_command_words() puts a `--`
// before the first one.

#include "cli/commands/commands.hpp"
#include "cli/commands/task_tree_text.hpp"
#include "cli/commands/tree_run.hpp"
#include "cli/report/report_outputs.hpp"
#include "cli/usage_error.hpp"
#include "core/input/input_error.hpp"
#include "core/input/task_file_parser.hpp"
#include "core/run/node_builder.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tasker::cli {
namespace {

struct RunCommandOptions {
  std::string file = "tasker.toml";
  std::vector<std::string> names;
  bool list = false;
  bool dry_run = false;
};

spec::TaskFile read_task_file(const std::string& path) {
  try {
    return parse_task_file(path);
  } catch (const InputError& e) {
    throw UsageError(e.what());
  }
}

// The tasks asked for, checked: `default` when none is named.
std::vector<std::string> targets(const spec::TaskFile& file, std::vector<std::string> names) {
  if (names.empty()) {
    if (!file.find("default")) {
      throw UsageError(fmt::format(
          "{}: no task named 'default': name the tasks to run (tasker run --list shows them)",
          file.path));
    }
    names.emplace_back("default");
  }
  for (const std::string& name : names) {
    if (!file.find(name)) {
      throw UsageError(
          fmt::format("{}: no task named '{}' (tasker run --list shows them)", file.path, name));
    }
  }
  return names;
}

CommandExit list_tasks(const spec::TaskFile& file) {
  std::size_t width = 0;
  for (const auto& task : file.tasks) width = std::max(width, task->name->size());
  std::string text;
  for (const auto& task : file.tasks) {
    const std::string& description = task->extras().description;
    text += description.empty() ? fmt::format("{}\n", *task->name)
                                : fmt::format("{:<{}}  {}\n", *task->name, width, description);
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return {};
}

CommandExit run_tasks(const GlobalOptions& global, const RunCommandOptions& options) {
  const spec::TaskFile parsed = read_task_file(options.file);
  if (options.list)
    return list_tasks(parsed);
  const std::vector<std::string> names = targets(parsed, options.names);
  auto file = std::make_shared<const spec::TaskFile>(parsed);
  if (options.dry_run) {
    const std::string text = task_tree_text(*file, names);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return {};
  }
  // A report may not overwrite the task file it runs.
  ReportOutputs outputs(global, {{"the task file", options.file}});
  const std::string folder = std::filesystem::path(options.file).parent_path().string();
  const auto builder = std::make_shared<const NodeBuilder>(file, folder);
  const auto scope = std::make_shared<Scope>();
  NodeMaker root;
  if (names.size() == 1) {
    root = builder->task(file->find(names[0]), names[0], NodeBuilder::Inherited{}, scope);
  } else {
    // Several targets are a gather of them (docs/behaviour.md "Task files").
    std::vector<NodeMaker> members;
    for (const std::string& name : names) {
      members.push_back(
          builder->member(spec::Ref{name, {}}, name, NodeBuilder::Inherited{}, scope));
    }
    root = [members](std::size_t, const std::string&) {
      return std::make_unique<GroupNode>(NodeKind::gather, "run", "", GroupOptions{}, members);
    };
  }
  return run_tree(global, CommandKind::run, root, outputs, {}, [&](RunReport& report) {
    report.task_file = options.file;
    report.targets = names;
  });
}

}  // namespace

void add_run_command(CLI::App& app, const GlobalOptions& global, Action& action,
                     CommandParts parts) {
  auto options = std::make_shared<RunCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "run", "Run tasks of a task file (tasker.toml): chains, groups and loops that nest");
  if (parts == CommandParts::listed_only)
    return;
  command->add_option("-f,--file", options->file, "The task file")
      ->option_text("FILE")
      ->capture_default_str();
  command->add_flag("--list", options->list, "Print each task's name and desc, run nothing");
  command->add_flag("--dry-run", options->dry_run,
                    "Print the tree that would run and what each part waits for, run nothing");
  command
      ->add_option("names", options->names,
                   "Tasks to run, together as a gather (default: the task named `default`)")
      ->option_text("NAME...");
  command->callback([&global, &action, options] {
    action = [&global, options] { return run_tasks(global, *options); };
  });
}

}  // namespace tasker::cli
