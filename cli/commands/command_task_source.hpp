#pragma once
// CommandTaskSource: the tasks of gather, list and any — the commands given
// as arguments, then the lines of --from, read only as slots free up, named
// by --names or "#0", "#1", ... (docs/behaviour.md "--from files"). A --from that is a regular file
// is read through once at start, keeping nothing, to check every line and count them; a pipe or
// stdin is read as it comes, so its first command starts at once and an endless producer never
// grows tasker's memory.

#include "cli/commands/parallel_options.hpp"
#include "core/input/line_reader.hpp"
#include "core/run/task_source.hpp"

#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {

class CommandTaskSource final : public TaskSource {
 public:
  /// Checks what can be known before anything runs, and throws UsageError:
  /// a blank command, a --from file that cannot be read or has a bad line,
  /// --from - with --stdin inherit, --names of the wrong length or with a
  /// --from stream (whose length nobody knows), no command at all.
  CommandTaskSource(const ParallelCommandOptions& options, bool stdin_inherited);
  ~CommandTaskSource() override;

  /// How many tasks there are, when that is known before reading them (no
  /// --from, or a --from that is a regular file).
  [[nodiscard]] std::optional<std::size_t> known_count() const { return known_count_; }

  /// Starts reading a --from stream through `io`. Preconditions: called
  /// once, before next().
  void attach(boost::asio::io_context& io);

  /// A bad line found in a --from stream after tasks started: it ended the
  /// source early ("stdin line 7: a command cannot contain a NUL byte").
  [[nodiscard]] const std::optional<std::string>& error() const { return error_; }

  void next(Ready ready) override;
  void stop() override;
  void unread(const Each& each) override;

 private:
  void next_line(Ready ready);
  void ask();
  void on_line(std::optional<ReadLine> line);
  TaskSpec named(std::string command);

  std::vector<std::string> arguments_;
  std::size_t arguments_read_ = 0;
  std::vector<std::string> names_;
  std::size_t read_ = 0;
  std::string from_label_;  // "stdin", "--from file 'x'"
  UniqueFd from_;
  std::unique_ptr<LineReader> reader_;
  std::optional<std::size_t> known_count_;
  std::optional<std::string> error_;
  Ready ready_;  // the request next_line() is answering
  bool asking_ = false;
  bool ask_again_ = false;
  bool stopped_ = false;
};

}  // namespace tasker::cli
