#include "cli/output/grouped_printer.hpp"

#include "cli/output/github_actions.hpp"
#include "cli/output/gitlab_ci.hpp"
#include "cli/output/label_color.hpp"
#include "cli/output/spill_buffer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <ctime>
#include <iterator>
#include <utility>
#include <vector>

namespace tasker::cli {
namespace {

// A streaming producer's unfinished line is held back so another block never
// starts in its middle; past this it goes out anyway, to keep memory bounded.
constexpr std::size_t kMaxHeldLine = 64 * 1024;

}  // namespace

// One stream's block as it is printed: open from its header to its end.
struct GroupedPrinter::Block {
  bool open = false;
  bool ends_line = true;
  std::string token;    // GitHub Actions: the fence's token, while open
  std::string section;  // GitLab CI: the section's id, while open
  std::string pending;  // streaming: the unfinished last line
};

struct GroupedPrinter::Producer {
  std::size_t id = 0;
  std::string label;
  SpillBuffer out;
  SpillBuffer err;
  bool spilled = false;
  bool streaming = false;  // a temporary file failed: printed as it comes
  bool ended = false;      // keep_order: done, waiting for the producers before it
  bool failed = false;
  Block out_block;
  Block err_block;

  [[nodiscard]] std::size_t memory() const { return out.memory() + err.memory(); }
};

GroupedPrinter::GroupedPrinter(const PrinterOptions& options)
    : color_(options.color),
      github_groups_(options.github_groups),
      gitlab_sections_(options.gitlab_sections && !options.github_groups),
      keep_order_(options.keep_order),
      group_memory_(options.group_memory),
      group_memory_total_(options.group_memory_total),
      out_(options.out, options.out_writer),
      err_(options.err, options.err_writer) {
  assert(options.mode == OutputMode::grouped);
}

GroupedPrinter::~GroupedPrinter() {
  // keep_order: blocks still waiting when the run is over are printed in input order, not lost.
  std::vector<std::size_t> ended;
  for (const auto& [id, p] : producers_) {
    if (p->ended)
      ended.push_back(id);
  }
  std::sort(ended.begin(), ended.end());
  for (const std::size_t id : ended) print_producer(*producers_.at(id), producers_.at(id)->failed);
}

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
  if (p.streaming) {
    stream_bytes(p, stream, bytes);
    return;
  }
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
  if (p.out.failed() || p.err.failed())
    start_streaming(p, p.out.failed() ? p.out.failure() : p.err.failure());
}

void GroupedPrinter::end(std::size_t id, bool failed) {
  const auto it = producers_.find(id);
  if (it == producers_.end())
    return;
  if (keep_order_ && order_.holds(id) && !it->second->streaming) {
    it->second->ended = true;  // printed when the producers before it are
    it->second->failed = failed;
    order_.done(id);
    return;
  }
  auto node = producers_.extract(it);
  print_producer(*node.mapped(), failed);
  skip(id);
}

void GroupedPrinter::skip(std::size_t id) {
  if (!keep_order_)
    return;
  const std::size_t old_head = order_.head();
  const std::size_t new_head = order_.done(id);
  for (std::size_t done = old_head; done < new_head; ++done) {
    const auto it = producers_.find(done);
    if (it == producers_.end() || !it->second->ended)
      continue;
    auto node = producers_.extract(it);
    print_producer(*node.mapped(), node.mapped()->failed);
  }
}

void GroupedPrinter::print_producer(Producer& p, bool failed) {
  if (p.streaming) {
    for (const OutputStream stream : {OutputStream::stdout_stream, OutputStream::stderr_stream}) {
      Block& block = stream == OutputStream::stdout_stream ? p.out_block : p.err_block;
      OutputSink& sink = stream == OutputStream::stdout_stream ? out_ : err_;
      if (!block.open)
        continue;
      sink.write(block.pending);
      block.ends_line = block.pending.empty() || block.pending.back() == '\n';
      close_block(block, stream);
    }
    return;
  }
  memory_in_use_ -= p.memory();
  print_block(p, failed, OutputStream::stdout_stream);
  print_block(p, failed, OutputStream::stderr_stream);
}

void GroupedPrinter::open_block(Producer& p, Block& block, bool failed, OutputStream stream) {
  const bool to_out = stream == OutputStream::stdout_stream;
  OutputSink& sink = to_out ? out_ : err_;
  if (github_groups_) {
    std::string_view marks = "";
    if (failed)
      marks = to_out ? " (failed)" : " (failed, stderr)";
    else if (!to_out)
      marks = " (stderr)";
    sink.write(group_command(p.label + std::string(marks)));
    block.token = fresh_stop_token();
    sink.write(stop_commands(block.token));
  } else if (gitlab_sections_) {
    // A failed task's section stays open when the log loads: its output is what one looks for.
    block.section = section_id(p.id, p.label, to_out ? "" : "_stderr");
    std::string header = p.label;
    if (failed)
      header += to_out ? " (failed)" : " (failed, stderr)";
    else if (!to_out)
      header += " (stderr)";
    sink.write(section_start(block.section, header, !failed, std::time(nullptr)));
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
  block.open = true;
}

void GroupedPrinter::close_block(Block& block, OutputStream stream) {
  OutputSink& sink = stream == OutputStream::stdout_stream ? out_ : err_;
  if (!block.ends_line)
    sink.put('\n');
  if (github_groups_) {
    sink.write(resume_commands(block.token));
    sink.write(kEndGroupCommand);
  } else if (gitlab_sections_) {
    sink.write(section_end(block.section, std::time(nullptr)));
  }
  sink.flush();
  block = Block();
}

void GroupedPrinter::print_block(Producer& p, bool failed, OutputStream stream) {
  const bool to_out = stream == OutputStream::stdout_stream;
  SpillBuffer& buffer = to_out ? p.out : p.err;
  OutputSink& sink = to_out ? out_ : err_;
  if (buffer.size() == 0 || sink.failed())
    return;
  Block block;
  block.ends_line = buffer.ends_line();
  open_block(p, block, failed, stream);
  buffer.copy_to(sink);
  close_block(block, stream);
}

// A temporary file failed: what is held is printed now, the rest as it comes.
void GroupedPrinter::start_streaming(Producer& p, const std::string& why) {
  if (!told_streaming_) {
    told_streaming_ = true;
    err_.write(fmt::format("tasker: {}: grouped output is printed as it comes from now on\n", why));
    err_.flush();
  }
  p.streaming = true;
  memory_in_use_ -= p.memory();
  for (const OutputStream stream : {OutputStream::stdout_stream, OutputStream::stderr_stream}) {
    const bool to_out = stream == OutputStream::stdout_stream;
    SpillBuffer& buffer = to_out ? p.out : p.err;
    if (buffer.size() == 0)
      continue;
    Block& block = to_out ? p.out_block : p.err_block;
    OutputSink& sink = to_out ? out_ : err_;
    block.ends_line = buffer.ends_line();
    open_block(p, block, false, stream);
    buffer.copy_to(sink);  // an unfinished last line goes on with the bytes to come
    sink.flush();
  }
}

void GroupedPrinter::stream_bytes(Producer& p, OutputStream stream, std::string_view bytes) {
  const bool to_out = stream == OutputStream::stdout_stream;
  Block& block = to_out ? p.out_block : p.err_block;
  OutputSink& sink = to_out ? out_ : err_;
  if (!block.open)
    open_block(p, block, false, stream);
  block.pending.append(bytes);
  const std::size_t last_newline = block.pending.rfind('\n');
  std::size_t cut = last_newline == std::string::npos ? 0 : last_newline + 1;
  if (cut == 0 && block.pending.size() > kMaxHeldLine)
    cut = block.pending.size();
  if (cut == 0)
    return;
  sink.write(std::string_view(block.pending).substr(0, cut));
  block.pending.erase(0, cut);
  sink.flush();
}

}  // namespace tasker::cli
