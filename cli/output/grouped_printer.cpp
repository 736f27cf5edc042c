#include "cli/output/grouped_printer.hpp"

#include "cli/output/github_actions.hpp"
#include "cli/output/label_color.hpp"
#include "cli/output/spill_buffer.hpp"

#include <fmt/format.h>

#include <cassert>
#include <iterator>
#include <utility>

namespace tasker::cli {

struct GroupedPrinter::Producer {
  std::size_t id = 0;
  std::string label;
  SpillBuffer out;
  SpillBuffer err;
  bool spilled = false;

  [[nodiscard]] std::size_t memory() const { return out.memory() + err.memory(); }
};

GroupedPrinter::GroupedPrinter(const PrinterOptions& options)
    : color_(options.color),
      github_groups_(options.github_groups),
      group_memory_(options.group_memory),
      group_memory_total_(options.group_memory_total),
      out_(options.out),
      err_(options.err) {
  assert(options.mode == OutputMode::grouped);
}

GroupedPrinter::~GroupedPrinter() = default;

void GroupedPrinter::begin(std::size_t id, std::string label) {
  // A reused id starts afresh; what the old producer held is printed first.
  if (producers_.contains(id))
    end(id, false);
  auto p = std::make_unique<Producer>();
  p->id = id;
  p->label = std::move(label);
  producers_.emplace(id, std::move(p));
}

GroupedPrinter::Producer& GroupedPrinter::producer(std::size_t id) {
  auto it = producers_.find(id);
  if (it == producers_.end()) {
    // Output without begin(): print it under a default label rather than lose it.
    begin(id, fmt::format("#{}", id));
    it = producers_.find(id);
  }
  return *it->second;
}

void GroupedPrinter::output(std::size_t id, OutputStream stream, std::string_view bytes) {
  const bool to_out = stream == OutputStream::stdout_stream;
  // Nobody reads stdout any more: there is no point keeping what would go there.
  if (to_out && out_.failed())
    return;
  Producer& p = producer(id);
  SpillBuffer& buffer = to_out ? p.out : p.err;
  const std::size_t held = p.memory();
  if (!p.spilled && (held + bytes.size() > group_memory_ ||
                     memory_in_use_ + bytes.size() > group_memory_total_)) {
    // The producer that grows is the one that goes to disk: the rest stay cheap to print.
    p.spilled = true;
    p.out.spill();
    p.err.spill();
    memory_in_use_ = memory_in_use_ - held + p.memory();
  }
  const std::size_t before = buffer.memory();
  buffer.append(bytes);
  memory_in_use_ = memory_in_use_ - before + buffer.memory();
}

void GroupedPrinter::end(std::size_t id, bool failed) {
  auto node = producers_.extract(id);
  if (node.empty())
    return;
  Producer& p = *node.mapped();
  memory_in_use_ -= p.memory();
  print_block(p, failed, OutputStream::stdout_stream);
  print_block(p, failed, OutputStream::stderr_stream);
}

void GroupedPrinter::print_block(Producer& p, bool failed, OutputStream stream) {
  const bool to_out = stream == OutputStream::stdout_stream;
  SpillBuffer& buffer = to_out ? p.out : p.err;
  OutputSink& sink = to_out ? out_ : err_;
  if (buffer.size() == 0 || sink.failed())
    return;

  const bool ends_line = buffer.ends_line();
  if (github_groups_) {
    std::string_view marks = "";
    if (failed)
      marks = to_out ? " (failed)" : " (failed, stderr)";
    else if (!to_out)
      marks = " (stderr)";
    sink.write(group_command(p.label + std::string(marks)));
  } else {
    fmt::memory_buffer header;
    if (color_)
      header.append(label_color(p.id));
    fmt::format_to(std::back_inserter(header), "==> {}{} <==", p.label, failed ? " (failed)" : "");
    if (color_)
      header.append(kColorReset);
    header.push_back('\n');
    sink.write(std::string_view(header.data(), header.size()));
  }

  const bool intact = buffer.copy_to(sink);
  if (!ends_line)
    sink.put('\n');
  if (github_groups_)
    sink.write(kEndGroupCommand);
  sink.flush();
  if (!intact) {
    // Say so rather than print a gap silently (SPEC §5 "Nothing lost").
    err_.write(fmt::format("tasker: {}: part of its {} was lost: a temporary file failed\n",
                           p.label, to_out ? "stdout" : "stderr"));
    err_.flush();
  }
}

}  // namespace tasker::cli
