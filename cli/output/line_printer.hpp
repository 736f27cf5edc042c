#pragma once
// LinePrinter: the `prefixed` and `raw` output modes. Each line is printed as
// soon as it is complete, whole, so lines of concurrent producers never mix.

#include "cli/output/input_order.hpp"
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
///
/// With options.keep_order only the head producer (cli/output/input_order.hpp) prints as it
/// comes; the others' lines are formatted as they come and held, in memory within
/// options.group_memory per producer and group_memory_total for all, then in temporary files
/// ($TMPDIR, else /tmp), and printed whole once every producer before them is done. When a
/// temporary file cannot be made or written, the producer prints as it comes from then on, in
/// whole lines, so nothing is lost; tasker says so once on stderr.
class LinePrinter final : public OutputPrinter {
 public:
  /// Preconditions: options.mode is `prefixed` or `raw`; options.max_line > 0.
  explicit LinePrinter(const PrinterOptions& options);
  ~LinePrinter() override;

  void begin(std::size_t id, std::string label) override;
  void reserve_label_width(std::size_t width) override;
  void output(std::size_t id, OutputStream stream, std::string_view bytes) override;
  void end(std::size_t id, bool failed) override;
  void skip(std::size_t id) override;
  [[nodiscard]] bool broken() const override { return out_.failed(); }

  /// Bytes held in memory for keep_order, for all producers together (not counting files).
  [[nodiscard]] std::size_t memory_in_use() const { return memory_in_use_; }

 private:
  struct Producer;

  Producer& producer(std::size_t id);
  void update_prefix(Producer& p) const;
  void feed_raw(LineSplitter& splitter, OutputSink& sink, std::string_view bytes);
  void print_piece(Producer& p, OutputSink& sink, std::string_view piece, LineEnd end);
  void finish_lines(Producer& p);
  void hold(Producer& p, bool to_out, std::string_view bytes);
  void limit_held_memory(Producer& p, std::size_t held_before);
  void store_held_lines(Producer& p);
  void release(Producer& p);
  void print_done_up_to(std::size_t old_head, std::size_t new_head);
  /// Runs `print`, fenced when fence_ and only if it printed something.
  template <class Print>
  void fenced(OutputSink& sink, const Print& print);

  bool raw_;
  bool fence_;
  bool color_;
  bool keep_order_;
  std::size_t max_line_;
  std::size_t held_memory_;
  std::size_t held_memory_total_;
  std::size_t memory_in_use_ = 0;
  bool told_unheld_ = false;
  std::string held_out_lines_;  // a held producer's lines from one chunk, on their way to it
  std::string held_err_lines_;
  InputOrder order_;
  OutputSink out_;
  OutputSink err_;
  /// Width of the longest label seen so far, in code points.
  std::size_t label_width_ = 0;
  std::unordered_map<std::size_t, std::unique_ptr<Producer>> producers_;
};

}  // namespace tasker::cli
