#pragma once
// ChangesPrinter: `every --changes` — a run's output is shown only when it
// differs from the previous run's, as `watch --differences` users expect
// from a health check. It wraps the printer of --output: a run's output is
// held and hashed per stream, and replayed to the inner printer when the
// hashes differ from the previous run's. Past a memory cap a run is not
// held any more: it is shown as it comes (counted as changed), so nothing is
// lost and memory stays bounded.

#include "cli/output/output_printer.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace tasker::cli {

class ChangesPrinter final : public OutputPrinter {
 public:
  explicit ChangesPrinter(std::unique_ptr<OutputPrinter> inner, std::size_t memory_cap = 8 << 20);

  void begin(std::size_t id, std::string label) override;
  void reserve_label_width(std::size_t width) override { inner_->reserve_label_width(width); }
  void output(std::size_t id, OutputStream stream, std::string_view bytes) override;
  void end(std::size_t id, bool failed) override;
  [[nodiscard]] bool broken() const override { return inner_->broken(); }

 private:
  void replay();

  std::unique_ptr<OutputPrinter> inner_;
  std::size_t memory_cap_;
  std::size_t id_ = 0;
  std::string label_;
  std::string held_out_;
  std::string held_err_;
  bool passing_through_ = false;
  std::uint64_t hash_out_ = 0;
  std::uint64_t hash_err_ = 0;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> previous_;
};

}  // namespace tasker::cli
