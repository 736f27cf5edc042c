#include "cli/commands/command_task_source.hpp"

#include "cli/usage_error.hpp"
#include "core/input/command_lines.hpp"
#include "core/input/input_error.hpp"
#include "core/input/line_assembler.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

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

UniqueFd open_from(const std::string& path) {
  if (path == "-")
    return UniqueFd(::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3));
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw UsageError(fmt::format("cannot read --from file '{}': {}", path, std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode)) {
    throw UsageError(fmt::format("cannot read --from file '{}': it is a directory", path));
  }
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    throw UsageError(fmt::format("cannot read --from file '{}': {}", path, std::strerror(errno)));
  }
  return fd;
}

bool is_regular_file(int fd) {
  struct stat info {};
  return ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
}

// Reads a regular file from where it stands to its end, checking every line and counting the
// commands, then goes back: the tasks are read again as they are needed.
std::size_t count_commands(int fd, const std::string& label) {
  const off_t start = ::lseek(fd, 0, SEEK_CUR);
  std::size_t number = 0;
  std::size_t commands = 0;
  const auto on_line = [&](std::string_view line, bool cut) {
    if (command_of_line(line, cut, ++number, label))
      ++commands;
  };
  LineAssembler lines(kMaxCommandLine);
  std::array<char, 64 * 1024> buffer;  // NOLINT(cppcoreguidelines-pro-type-member-init)
  while (true) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      throw UsageError(fmt::format("cannot read {}: {}", label, std::strerror(errno)));
    if (n == 0)
      break;
    lines.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)), on_line);
  }
  lines.finish(on_line);
  if (::lseek(fd, start, SEEK_SET) < 0)
    throw UsageError(fmt::format("cannot read {} again: {}", label, std::strerror(errno)));
  return commands;
}

}  // namespace

CommandTaskSource::CommandTaskSource(const ParallelCommandOptions& options, bool stdin_inherited)
    : arguments_(options.commands) {
  for (std::size_t i = 0; i < arguments_.size(); ++i) {
    if (is_blank(arguments_[i]))
      throw UsageError(fmt::format("command {} is empty", i + 1));
  }
  known_count_ = arguments_.size();
  if (!options.from.empty()) {
    if (options.from == "-" && stdin_inherited) {
      throw UsageError(
          "--from - reads the commands from stdin: tasks cannot also inherit it "
          "(--stdin inherit)");
    }
    from_label_ =
        options.from == "-" ? std::string("stdin") : fmt::format("--from file '{}'", options.from);
    from_ = open_from(options.from);
    if (is_regular_file(from_.get())) {
      try {
        *known_count_ += count_commands(from_.get(), from_label_);
      } catch (const InputError& e) {
        throw UsageError(e.what());
      }
    } else {
      known_count_.reset();
    }
  }
  if (known_count_ == 0u) {
    throw UsageError("no command to run: give commands as arguments or with --from FILE");
  }
  if (!options.names.empty()) {
    names_ = split_names(options.names);
    if (!known_count_) {
      throw UsageError(fmt::format(
          "--names needs to know how many commands there are, and {} is a stream", from_label_));
    }
    if (names_.size() != *known_count_) {
      throw UsageError(
          fmt::format("--names gives {} names for {} commands", names_.size(), *known_count_));
    }
    std::set<std::string> seen;
    for (const std::string& name : names_) {
      if (is_blank(name))
        throw UsageError("--names has an empty name");
      if (!seen.insert(name).second)
        throw UsageError(fmt::format("--names repeats '{}'", name));
    }
  }
}

CommandTaskSource::~CommandTaskSource() = default;

void CommandTaskSource::attach(boost::asio::io_context& io) {
  if (from_)
    reader_ = std::make_unique<LineReader>(io, std::move(from_), kMaxCommandLine);
}

TaskSpec CommandTaskSource::named(std::string command) {
  const std::size_t index = read_++;
  return {names_.empty() ? fmt::format("#{}", index) : names_[index], std::move(command),
          index + 1};
}

void CommandTaskSource::next(Ready ready) {
  if (stopped_)
    return;
  if (arguments_read_ < arguments_.size()) {
    ready(named(std::move(arguments_[arguments_read_++])));
    return;
  }
  if (!reader_) {
    ready(std::nullopt);
    return;
  }
  next_line(std::move(ready));
}

// The next command of --from: blank lines and comments are passed over, a
// bad line ends the source.
void CommandTaskSource::next_line(Ready ready) {
  ready_ = std::move(ready);
  ask();
}

// Asks the reader for a line. A regular file answers at once, and a comment
// asks again: that is a loop here, not a call inside the answer, so a
// thousand comments in a row are no thousand nested calls.
void CommandTaskSource::ask() {
  if (asking_) {
    ask_again_ = true;
    return;
  }
  asking_ = true;
  do {
    ask_again_ = false;
    reader_->next([this](std::optional<ReadLine> line) { on_line(std::move(line)); });
  } while (ask_again_);
  asking_ = false;
}

void CommandTaskSource::on_line(std::optional<ReadLine> line) {
  if (!line) {
    if (!reader_->error().empty())
      error_ = fmt::format("cannot read {}: {}", from_label_, reader_->error());
    std::exchange(ready_, nullptr)(std::nullopt);
    return;
  }
  std::optional<std::string> command;
  try {
    command = command_of_line(line->text, line->cut, line->number, from_label_);
  } catch (const InputError& e) {
    error_ = e.what();
    reader_->stop();
    std::exchange(ready_, nullptr)(std::nullopt);
    return;
  }
  if (!command) {
    ask();
    return;
  }
  std::exchange(ready_, nullptr)(named(std::move(*command)));
}

void CommandTaskSource::stop() {
  stopped_ = true;
  ready_ = nullptr;
  // A stream stops here; a regular file is read at once, and unread() may still list the rest.
  if (reader_ && !known_count_)
    reader_->stop();
}

std::vector<TaskSpec> CommandTaskSource::unread() {
  std::vector<TaskSpec> rest;
  while (arguments_read_ < arguments_.size())
    rest.push_back(named(std::move(arguments_[arguments_read_++])));
  // The rest of a regular file is known without waiting for anyone; a stream's is not.
  if (reader_ && known_count_ && error_ == std::nullopt) {
    bool more = true;
    while (more && read_ < *known_count_) {
      more = false;
      reader_->next([&](std::optional<ReadLine> line) {
        if (!line)
          return;
        more = true;
        if (auto command = command_of_line(line->text, line->cut, line->number, from_label_))
          rest.push_back(named(std::move(*command)));
      });
    }
  }
  return rest;
}

}  // namespace tasker::cli
