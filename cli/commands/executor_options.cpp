#include "cli/commands/executor_options.hpp"

#include "cli/usage_error.hpp"
#include "core/input/shell_words.hpp"
#include "core/process/host_list.hpp"

#include <fmt/format.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace tasker::cli {
namespace {

// The hosts file's entries; throws InputError naming the file.
std::vector<HostEntry> read_hosts_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  if (file)
    contents << file.rdbuf();
  if (!file || file.bad())
    throw InputError(fmt::format("cannot read '{}': {}", path, ::strerror(errno)));
  try {
    return parse_hosts_file(contents.str());
  } catch (const InputError& e) {
    throw InputError(fmt::format("'{}': {}", path, e.what()));
  }
}

// True when `program` is an executable file in a folder of PATH.
bool on_path(const std::string& program) {
  const char* path = ::getenv("PATH");
  std::string_view folders = path != nullptr ? path : "/usr/bin:/bin";
  while (true) {
    const std::size_t colon = folders.find(':');
    std::string folder(folders.substr(0, colon));
    if (folder.empty())
      folder = ".";
    if (::access((folder + "/" + program).c_str(), X_OK) == 0)
      return true;
    if (colon == std::string_view::npos)
      return false;
    folders.remove_prefix(colon + 1);
  }
}

std::vector<std::string> ssh_words(const std::string& text) {
  std::vector<std::string> words = split_shell_words(text);
  if (words.empty())
    throw InputError("no ssh command given");
  return words;
}

// A CLI11 check that runs `parse` and gives its InputError's message.
template <class Parse>
CLI::Validator input_check(Parse parse) {
  return CLI::Validator(
      [parse](std::string& text) -> std::string {
        try {
          static_cast<void>(parse(text));
          return {};
        } catch (const InputError& e) {
          return e.what();
        }
      },
      "");
}

}  // namespace

void add_executor_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("-S,--hosts", options.hosts,
                 "Run the tasks on these SSH hosts, N at once on each (`:` is this machine)")
      ->option_text("[N/]HOST,...")
      ->check(input_check([](const std::string& text) { return parse_host_list(text); }))
      ->each([&options](const std::string&) { options.hosts_given = true; });
  app.add_option("--hosts-file", options.hosts_file,
                 "Read more hosts from FILE, one [N/]HOST per line")
      ->option_text("FILE")
      ->check(input_check([](const std::string& path) { return read_hosts_file(path); }));
  app.add_option("--ssh", options.ssh, "The ssh client and its options (default: ssh)")
      ->option_text("CMD")
      ->check(input_check([](const std::string& text) { return ssh_words(text); }));
  app.add_option("--executor", options.executor,
                 "Run the tasks here (local, the default) or as Slurm job steps (slurm: srun)")
      ->option_text("local|slurm")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            if (value == "local")
              return {};
            if (value != "slurm")
              return fmt::format("'{}' is not one of local, slurm", value);
            if (!on_path("srun"))
              return "slurm needs srun, which is not installed (not found on PATH)";
            return {};
          },
          ""));
  app.add_option("--slurm-args", options.slurm_args,
                 "With --executor slurm: more srun options, split as a shell splits words")
      ->option_text("ARGS")
      ->check(input_check([](const std::string& text) { return split_shell_words(text); }));
}

void check_executor_options(const GlobalOptions& options) {
  if (options.executor == "slurm" && (options.hosts_given || !options.hosts_file.empty()))
    throw CLI::ValidationError("--executor", "slurm and --hosts cannot go together");
}

ExecutorChoice executor_choice(const GlobalOptions& options, std::size_t jobs) {
  ExecutorChoice choice;
  const bool hosts_named = options.hosts_given || !options.hosts_file.empty();
  if (options.executor == "slurm") {
    if (hosts_named)
      throw UsageError("--executor slurm and --hosts cannot go together");
    try {
      SlurmOptions slurm;
      slurm.args = split_shell_words(options.slurm_args);
      choice.slurm = std::move(slurm);
    } catch (const InputError& e) {
      throw UsageError(fmt::format("--slurm-args: {}", e.what()));
    }
    return choice;
  }
  if (!hosts_named)
    return choice;
  try {
    std::vector<HostEntry> entries;
    if (options.hosts_given)
      entries = parse_host_list(options.hosts);
    if (!options.hosts_file.empty()) {
      for (HostEntry& entry : read_hosts_file(options.hosts_file))
        entries.push_back(std::move(entry));
    }
    HostsOptions hosts;
    hosts.ssh = ssh_words(options.ssh);
    for (const HostEntry& entry : entries)
      hosts.hosts.push_back({entry.name, entry.slots.value_or(jobs == 0 ? 1 : jobs)});
    choice.hosts = std::move(hosts);
  } catch (const InputError& e) {
    throw UsageError(e.what());
  }
  return choice;
}

std::size_t executor_jobs(const ExecutorChoice& executor, std::size_t jobs) {
  if (!executor.hosts)
    return jobs;
  std::size_t slots = 0;
  for (const HostsOptions::Host& host : executor.hosts->hosts) slots += host.slots;
  return slots;
}

}  // namespace tasker::cli
