#pragma once
// OutputPrinter: how task output reaches the terminal or the CI log
// (docs/behaviour.md "Output modes"). The commands tell it about each producer of output — a task
// of gather/list/any, a run of every — by an id; it never sees a Task, so every command shares it.

#include "cli/output/fd_writer.hpp"
#include "core/process/spawner.hpp"

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace tasker::cli {

enum class OutputMode { prefixed, grouped, raw, quiet };

struct PrinterOptions {
  OutputMode mode = OutputMode::prefixed;
  bool color = false;
  /// Longest line held whole; a longer one is passed on in pieces.
  std::size_t max_line = 64 * 1024;
  /// grouped: bytes one producer may hold in memory; past it, its output
  /// waits in temporary files. Small: a growing string briefly needs twice
  /// its size, and docs/behaviour.md "Bounded memory" allows 16 MiB for any amount of output.
  std::size_t group_memory = 1024 * 1024;
  /// grouped: the same for all producers together (thousands of tasks at once).
  std::size_t group_memory_total = 8 * 1024 * 1024;
  /// grouped: wrap each block in GitHub Actions `::group::` / `::endgroup::` lines instead of
  /// the `==> label <==` header (cli/output/github_actions.hpp).
  bool github_groups = false;
  /// grouped: wrap each block in GitLab CI `section_start` / `section_end` markers instead
  /// (cli/output/gitlab_ci.hpp); github_groups wins when both are set.
  bool gitlab_sections = false;
  /// -k, --keep-order: producers are numbered in input order from 0, and each one's output is
  /// printed in that order (cli/output/input_order.hpp); what waits is held like grouped output,
  /// within group_memory and group_memory_total, then in temporary files.
  bool keep_order = false;
  std::FILE* out = stdout;
  std::FILE* err = stderr;
  /// When set, `out` and `err` are written from these writers' threads, so
  /// a reader that stops reading never stops the printer's caller.
  FdWriter* out_writer = nullptr;
  FdWriter* err_writer = nullptr;
};

class OutputPrinter {
 public:
  OutputPrinter() = default;
  OutputPrinter(const OutputPrinter&) = delete;
  OutputPrinter& operator=(const OutputPrinter&) = delete;
  virtual ~OutputPrinter() = default;

  /// Producer `id` starts; its lines are labelled `label` ("lint", "#0", "#3").
  virtual void begin(std::size_t id, std::string label) = 0;
  /// Labels of up to `width` columns are coming: prefixes are padded to it from the start, so
  /// that the first lines line up with the later ones.
  virtual void reserve_label_width(std::size_t width) { static_cast<void>(width); }
  /// Bytes producer `id` wrote to `stream`, in order per stream.
  virtual void output(std::size_t id, OutputStream stream, std::string_view bytes) = 0;
  /// Producer `id` is done: an unfinished last line is printed, grouped
  /// output is printed whole. `failed` lets a printer mark it (CI annotations).
  virtual void end(std::size_t id, bool failed) = 0;
  /// Producer `id` will never begin (a task that never started): with keep_order, the ones after
  /// it need not wait for it.
  virtual void skip(std::size_t id) { static_cast<void>(id); }
  /// True once writing to stdout failed (a closed pipe: `tasker ... | head -1`).
  [[nodiscard]] virtual bool broken() const = 0;
};

/// The printer for options.mode: LinePrinter (prefixed, raw), GroupedPrinter
/// or one that prints nothing (quiet). Each flushes options.out and
/// options.err at the end of every output() and end() call, never per line.
[[nodiscard]] std::unique_ptr<OutputPrinter> make_output_printer(const PrinterOptions& options);

}  // namespace tasker::cli
