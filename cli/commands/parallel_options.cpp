#include "cli/commands/parallel_options.hpp"

#include "cli/commands/global_options.hpp"
#include "cli/usage_error.hpp"

#include <fmt/format.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

namespace tasker::cli {
namespace {

bool is_blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n\v\f") == std::string::npos;
}

std::vector<std::string> split_names(const std::string& names) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = names.find(',', start);
    parts.push_back(
        names.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos)
      return parts;
    start = comma + 1;
  }
}

// std::getline, except that it stops reading a line past kMaxCommandLength
// + 2 bytes (the longest command, a CRLF line's '\r' and one more): enough
// for read_command_lines to see the line is too long, while a 10 GB line
// without a newline never fills memory.
bool read_line(std::istream& in, std::string& line) {
  line.clear();
  std::streambuf* buffer = in.rdbuf();
  bool any = false;
  while (true) {
    const int c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return any;
    }
    any = true;
    if (c == '\n')
      return true;
    line += static_cast<char>(c);
    if (line.size() > kMaxCommandLength + 1)
      return true;
  }
}

std::vector<std::string> read_from_file(const std::string& path) {
  if (path == "-")
    return read_command_lines(std::cin, "stdin");
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw UsageError(fmt::format("cannot read --from file '{}': {}", path, std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode)) {
    throw UsageError(fmt::format("cannot read --from file '{}': it is a directory", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw UsageError(fmt::format("cannot read --from file '{}': {}", path, std::strerror(errno)));
  }
  return read_command_lines(in, fmt::format("--from file '{}'", path));
}

}  // namespace

std::optional<Duration> optional_duration(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  return parse_duration(text);
}

void add_parallel_options(CLI::App& command, ParallelCommandOptions& options) {
  command.add_option("commands", options.commands, "Shell commands, one per argument")
      ->option_text("CMD...");
  command.add_option("-j,--jobs", options.jobs, "Run at most N tasks at once; 0 = no limit")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000}))
      ->option_text("N");
  command.add_option("--timeout", options.timeout, "Stop a task running longer (status 124)")
      ->check(duration_check());
  command.add_option("--retries", options.retries, "Run a failing task again up to N times")
      ->check(CLI::Range(0U, 1'000'000U))
      ->option_text("N");
  command
      .add_option("--retry-delay", options.retry_delay,
                  "Wait before the first retry, doubled each time")
      ->check(duration_check());
  command.add_option("--names", options.names, "Names for the tasks, comma-separated")
      ->option_text("a,b,c");
  command
      .add_option("--from", options.from, "Read more commands from FILE, one per line (- = stdin)")
      ->option_text("FILE");
  command.add_option("--grace", options.grace, "Time between SIGTERM and SIGKILL on cancel")
      ->check(duration_check());
  const std::map<std::string, OnFire> on_fire{{"cancel", OnFire::cancel}, {"wait", OnFire::wait}};
  command
      .add_option("--on-fire", options.on_fire,
                  "When the run fires early: cancel the other tasks, or wait for them")
      ->transform(CLI::CheckedTransformer(on_fire))
      ->option_text("cancel|wait");
}

std::vector<std::string> read_command_lines(std::istream& in, const std::string& source) {
  std::vector<std::string> commands;
  std::string line;
  std::size_t number = 0;
  while (read_line(in, line)) {
    ++number;
    if (line.find('\0') != std::string::npos) {
      throw UsageError(
          fmt::format("{} line {}: a command cannot contain a NUL byte", source, number));
    }
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (line.size() > kMaxCommandLength) {
      throw UsageError(fmt::format("{} line {}: longer than {} bytes, the most a command can be",
                                   source, number, kMaxCommandLength));
    }
    if (is_blank(line))
      continue;
    if (line.find_first_not_of(" \t") != std::string::npos &&
        line[line.find_first_not_of(" \t")] == '#') {
      continue;
    }
    commands.push_back(line);
  }
  if (in.bad())
    throw UsageError(fmt::format("cannot read {}", source));
  return commands;
}

std::vector<TaskSpec> resolve_tasks(const ParallelCommandOptions& options) {
  std::vector<std::string> commands = options.commands;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    if (is_blank(commands[i]))
      throw UsageError(fmt::format("command {} is empty", i + 1));
  }
  if (!options.from.empty()) {
    for (std::string& command : read_from_file(options.from))
      commands.push_back(std::move(command));
  }
  if (commands.empty()) {
    throw UsageError("no command to run: give commands as arguments or with --from FILE");
  }
  std::vector<std::string> names;
  if (!options.names.empty()) {
    names = split_names(options.names);
    if (names.size() != commands.size()) {
      throw UsageError(
          fmt::format("--names gives {} names for {} commands", names.size(), commands.size()));
    }
    std::set<std::string> seen;
    for (const std::string& name : names) {
      if (is_blank(name))
        throw UsageError("--names has an empty name");
      if (!seen.insert(name).second)
        throw UsageError(fmt::format("--names repeats '{}'", name));
    }
  }
  std::vector<TaskSpec> tasks;
  tasks.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    tasks.push_back({names.empty() ? fmt::format("#{}", i) : names[i], std::move(commands[i])});
  }
  return tasks;
}

}  // namespace tasker::cli
