#include "cli/output/output_printer.hpp"

#include "cli/output/grouped_printer.hpp"
#include "cli/output/line_printer.hpp"

namespace tasker::cli {
namespace {

// --output quiet: the bytes are still read from the pipes (a task must never
// block on a full one), then dropped here.
class QuietPrinter final : public OutputPrinter {
 public:
  void begin(std::size_t /*id*/, std::string /*label*/) override {}
  void output(std::size_t /*id*/, OutputStream /*stream*/, std::string_view /*bytes*/) override {}
  void end(std::size_t /*id*/, bool /*failed*/) override {}
  [[nodiscard]] bool broken() const override { return false; }
};

}  // namespace

std::unique_ptr<OutputPrinter> make_output_printer(const PrinterOptions& options) {
  switch (options.mode) {
    case OutputMode::prefixed:
    case OutputMode::raw:
      return std::make_unique<LinePrinter>(options);
    case OutputMode::grouped:
      return std::make_unique<GroupedPrinter>(options);
    case OutputMode::quiet:
      break;
  }
  return std::make_unique<QuietPrinter>();
}

}  // namespace tasker::cli
