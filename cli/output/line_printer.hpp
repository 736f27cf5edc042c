#pragma once
// LinePrinter: the `prefixed` and `raw` output modes. Each line is printed as
// soon as it is complete, whole, so lines of concurrent producers never mix.

#include "cli/output/line_splitter.hpp"
#include "cli/output/output_printer.hpp"
#include "cli/output/output_sink.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tasker::cli {

/// `prefixed`: every line as `label | line`, labels padded to the longest
/// label seen so far, optionally colored (the label and `|` only, never the
/// line). A piece of an over-long line and an unfinished last line are each
/// printed as a line of their own.
///
/// `raw`: the bytes exactly as written; only whole lines are held back. On
/// GitHub Actions (options.github_groups) what a chunk prints is fenced with
/// `::stop-commands::TOKEN` / `::TOKEN::`, so task output cannot forge
/// workflow commands (an unfinished last line then gets its newline, for the
/// fence's end is a line of its own); prefixed lines need no fence, as no
/// line starts with the task's own bytes.
class LinePrinter final : public OutputPrinter {
 public:
  /// Preconditions: options.mode is `prefixed` or `raw`; options.max_line > 0.
  explicit LinePrinter(const PrinterOptions& options);
  ~LinePrinter() override;

  void begin(std::size_t id, std::string label) override;
  void reserve_label_width(std::size_t width) override;
  void output(std::size_t id, OutputStream stream, std::string_view bytes) override;
  void end(std::size_t id, bool failed) override;
  [[nodiscard]] bool broken() const override { return out_.failed(); }

 private:
  struct Producer;

  Producer& producer(std::size_t id);
  void update_prefix(Producer& p) const;
  void feed_raw(LineSplitter& splitter, OutputSink& sink, std::string_view bytes);
  void print_piece(const Producer& p, OutputSink& sink, std::string_view piece, LineEnd end);
  /// Runs `print`, fenced when fence_ and only if it printed something.
  template <class Print>
  void fenced(OutputSink& sink, const Print& print);

  bool raw_;
  bool fence_;
  bool color_;
  std::size_t max_line_;
  OutputSink out_;
  OutputSink err_;
  /// Width of the longest label seen so far, in code points.
  std::size_t label_width_ = 0;
  std::unordered_map<std::size_t, std::unique_ptr<Producer>> producers_;
};

}  // namespace tasker::cli
