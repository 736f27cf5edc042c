#include "cli/commands/command_task_source.hpp"

#include "cli/commands/input_files.hpp"
#include "cli/usage_error.hpp"
#include "core/input/command_lines.hpp"
#include "core/input/input_error.hpp"

#include <fmt/format.h>

#include <string_view>
#include <utility>

namespace tasker::cli {
namespace {

// Checks every line of a regular --from file from where it stands to its end and counts the
// commands; the file is read again as tasks are asked for.
std::size_t count_commands(int fd, const std::string& label) {
  std::size_t number = 0;
  std::size_t commands = 0;
  read_lines_at_start(fd, label, /*rewind=*/true, [&](std::string_view line, bool cut) {
    if (command_of_line(line, cut, ++number, label))
      ++commands;
  });
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
    from_ = open_input_file(options.from, "--from");
    if (is_regular_file(from_.get())) {
      *known_count_ += count_commands(from_.get(), from_label_);
    } else {
      known_count_.reset();
    }
  }
  if (known_count_ == 0u) {
    throw UsageError("no command to run: give commands as arguments or with --from FILE");
  }
  if (!options.names.empty())
    names_ = task_names(options.names, known_count_, "commands", from_label_);
}

CommandTaskSource::~CommandTaskSource() = default;

void CommandTaskSource::attach(boost::asio::io_context& io) {
  if (from_)
    reader_ = std::make_unique<LineReader>(io, std::move(from_), kMaxCommandLine);
}

TaskSpec CommandTaskSource::named(std::string command) {
  const std::size_t index = read_++;
  return {names_.empty() ? fmt::format("#{}", index) : names_[index], std::move(command)};
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

void CommandTaskSource::unread(const Each& each) {
  while (arguments_read_ < arguments_.size()) each(named(std::move(arguments_[arguments_read_++])));
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
          each(named(std::move(*command)));
      });
    }
  }
}

}  // namespace tasker::cli
