#pragma once
// GroupedPrinter: the `grouped` output mode. A producer's output is held
// until it ends, then printed in one block under a header, so a CI log reads
// task by task (ninja's model).

#include "cli/output/input_order.hpp"
#include "cli/output/output_printer.hpp"
#include "cli/output/output_sink.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tasker::cli {

/// At end(id), if producer `id` wrote to stdout: the header `==> label <==`
/// (`==> label (failed) <==` when it failed; head and tail's format, plain
/// ASCII for any CI log) and its stdout on options.out. The same for stderr
/// on options.err. A producer that wrote nothing prints nothing. A block not
/// ending in '\n' gets one. With color the header is colored, never the output.
///
/// With options.github_groups, a block goes between `::group::label` and
/// `::endgroup::` lines instead (never colored: the runner would not see
/// them), so that a GitHub Actions log folds each producer's output away;
/// the title adds `(failed)` as the header does, and `(stderr)` for the
/// stderr block, which is a group of its own on its own stream.
///
/// Held output stays in memory up to PrinterOptions::group_memory per producer
/// and group_memory_total for all; past either, the producer's output goes to
/// temporary files ($TMPDIR, else /tmp) and is copied out at its end. When a
/// temporary file cannot be made or written (a full disk), the producer's
/// block is printed at once and the rest of its output as it comes, in whole
/// lines, so nothing is lost; tasker says so once on stderr.
///
/// With options.gitlab_sections (and not github_groups), a block goes between GitLab CI's
/// `section_start` and `section_end` markers instead (cli/output/gitlab_ci.hpp): one section
/// per block, its id unique by the producer's number, its header the label and the same marks,
/// collapsed unless the producer failed.
/// With options.keep_order a producer's blocks are printed once every producer before it
/// (cli/output/input_order.hpp) has printed its own; until then they stay held as above.
///
/// On GitHub Actions the task's output inside a block is fenced with
/// `::stop-commands::TOKEN` / `::TOKEN::` (a fresh token per block), so it
/// cannot forge workflow commands.
class GroupedPrinter final : public OutputPrinter {
 public:
  /// Preconditions: options.mode is `grouped`.
  explicit GroupedPrinter(const PrinterOptions& options);
  ~GroupedPrinter() override;

  void begin(std::size_t id, std::string label) override;
  void output(std::size_t id, OutputStream stream, std::string_view bytes) override;
  void end(std::size_t id, bool failed) override;
  void skip(std::size_t id) override;
  [[nodiscard]] bool broken() const override { return out_.failed(); }

  /// Bytes held in memory for all producers together (not counting files).
  [[nodiscard]] std::size_t memory_in_use() const { return memory_in_use_; }

 private:
  struct Producer;

  struct Block;

  Producer& producer(std::size_t id);
  void open_block(Producer& p, Block& block, bool failed, OutputStream stream);
  void close_block(Block& block, OutputStream stream);
  void print_block(Producer& p, bool failed, OutputStream stream);
  void print_producer(Producer& p, bool failed);
  void start_streaming(Producer& p, const std::string& why);
  void stream_bytes(Producer& p, OutputStream stream, std::string_view bytes);

  bool color_;
  bool github_groups_;
  bool gitlab_sections_;
  bool keep_order_;
  InputOrder order_;
  std::size_t group_memory_;
  std::size_t group_memory_total_;
  OutputSink out_;
  OutputSink err_;
  std::size_t memory_in_use_ = 0;
  bool told_streaming_ = false;
  std::unordered_map<std::size_t, std::unique_ptr<Producer>> producers_;
};

}  // namespace tasker::cli
