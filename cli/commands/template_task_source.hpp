#pragma once
// TemplateTaskSource: the tasks of `gather 'gzip -9 {}' ::: a b` and `--args FILE|-`: one task
// per input, or per combination of inputs when there are several sources (docs/behaviour.md
// "Many inputs"). The combinations are made as slots free up, never all at start:
//
// - Cross product (the last source varies fastest): the first source is read one line at a
//   time, as tasks are asked for, and every other source is read whole at start (each of its
//   values is used once per value of the first). `--args -` is best given first.
// - `--link`: every source is read one line at a time, in step. Regular files are counted at
//   start, so sources of different lengths are a usage error before anything runs; a pipe's
//   length is known only at its end, which then ends the run with that error.
//
// A regular file is read through once at start, keeping nothing, to check its lines and count
// them; then it is read again as tasks are asked for.

#include "cli/commands/parallel_options.hpp"
#include "core/input/command_template.hpp"
#include "core/input/line_reader.hpp"
#include "core/run/task_source.hpp"

#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tasker::cli {

/// One source of inputs as the command line gives it: `::: a b c` or `--args FILE`.
struct InputSourceArgument {
  std::vector<std::string> values;  // the words of a `:::` list
  std::optional<std::string> file;  // the FILE of --args ("-" = stdin)
};

/// The template and its sources, from the CMD... words and the --args options (whose files come
/// before the `:::` lists, in command-line order; an --args among the `:::` lists stands where
/// it is). Nullopt when there is neither `:::` nor --args: the words are whole commands.
/// Throws UsageError: a `:::` with no value, more than one template, no template.
struct TemplateArguments {
  std::string command;
  std::vector<InputSourceArgument> sources;
};
[[nodiscard]] std::optional<TemplateArguments> template_arguments(
    const std::vector<std::string>& words, const std::vector<std::string>& args_files);

class TemplateTaskSource final : public TaskSource {
 public:
  /// Opens and checks what can be known before anything runs, and throws UsageError: a file
  /// that cannot be read or has a bad line, stdin given twice or with --stdin inherit, a
  /// placeholder naming a source that is not there, --link sources of different known lengths,
  /// --names of the wrong length or with a stream, --from beside a template.
  TemplateTaskSource(TemplateArguments arguments, const ParallelCommandOptions& options,
                     bool stdin_inherited);
  ~TemplateTaskSource() override;

  /// How many tasks there are, when that is known before reading them (no source is a pipe).
  [[nodiscard]] std::optional<std::size_t> known_count() const { return known_count_; }

  /// Starts reading the streamed sources through `io`. Preconditions: called once, before
  /// next().
  void attach(boost::asio::io_context& io);

  /// Bad input found once tasks had started: a bad line of a pipe, --link sources of different
  /// lengths. It ended the source early.
  [[nodiscard]] const std::optional<std::string>& error() const { return error_; }

  void next_slot(std::size_t slot) override { slot_ = slot; }
  void next(Ready ready) override;
  void stop() override;
  void unread(const Each& each) override;

 private:
  struct Source {
    std::string label;                   // "stdin", "--args file 'x'", "::: list 2"
    std::vector<std::string> values;     // held whole: a `:::` list, a file read at start
    UniqueFd fd;                         // streamed: opened, read once attach() is called
    std::unique_ptr<LineReader> reader;  // streamed: the lines as they are asked for
    std::optional<std::size_t> length;   // known before reading: held, or a regular file
    bool regular_file = false;
    bool streamed = false;
    std::size_t lines = 0;  // lines read from the stream so far
  };

  void read_stream(std::size_t source, std::function<void(std::optional<std::string>)> done);
  void next_cross(Ready ready);
  void next_linked(Ready ready, std::size_t source);
  void emit(Ready ready);
  void end(Ready ready, std::optional<std::string> error = std::nullopt);
  [[nodiscard]] bool answers_at_once() const;

  CommandTemplate template_;
  std::vector<Source> sources_;
  bool link_ = false;
  std::vector<std::string> names_;
  std::optional<std::size_t> known_count_;
  std::optional<std::string> error_;
  // The inputs of the task being made, one per source.
  std::vector<std::string> current_;
  // Cross product: where each held source stands; the first source's value is current_[0].
  std::vector<std::size_t> positions_;
  // --link: which sources had no input left for the task being made.
  std::vector<bool> linked_ended_;
  bool need_head_ = true;
  std::size_t made_ = 0;
  std::size_t slot_ = 1;
  bool stopped_ = false;
  bool done_ = false;
};

}  // namespace tasker::cli
