#include "cli/output/line_printer.hpp"

#include "cli/output/github_actions.hpp"
#include "cli/output/label_color.hpp"
#include "cli/output/label_fit.hpp"
#include "cli/output/spill_buffer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <utility>
#include <vector>

namespace tasker::cli {

struct LinePrinter::Producer {
  Producer(LinePrinter& printer, std::size_t producer_id, std::string producer_label)
      : id(producer_id),
        label(std::move(producer_label)),
        label_width(cli::label_width(label)),
        out(printer.max_line_,
            [&printer, this](std::string_view piece, LineEnd end) {
              printer.print_piece(*this, printer.out_, piece, end);
            }),
        err(printer.max_line_, [&printer, this](std::string_view piece, LineEnd end) {
          printer.print_piece(*this, printer.err_, piece, end);
        }) {}
  // The splitters' callbacks hold `this`.
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;
  ~Producer() = default;

  std::size_t id;
  std::string label;
  std::size_t label_width;
  /// `label | ` padded to `prefix_width`, with its color; built once per width.
  std::string prefix;
  std::size_t prefix_width = std::string::npos;
  LineSplitter out;
  LineSplitter err;
  /// keep_order: an earlier producer is not done yet, so lines go to held_out and held_err.
  bool held = false;
  bool ended = false;  // held, and done: printed once the producers before it are
  bool spilled = false;
  SpillBuffer held_out;
  SpillBuffer held_err;

  [[nodiscard]] std::size_t held_memory() const { return held_out.memory() + held_err.memory(); }
};

LinePrinter::LinePrinter(const PrinterOptions& options)
    : raw_(options.mode == OutputMode::raw),
      fence_(raw_ && options.github_groups),
      color_(options.color),
      keep_order_(options.keep_order),
      max_line_(options.max_line),
      held_memory_(options.group_memory),
      held_memory_total_(options.group_memory_total),
      out_(options.out, options.out_writer),
      err_(options.err, options.err_writer) {
  assert(options.mode == OutputMode::prefixed || options.mode == OutputMode::raw);
}

LinePrinter::~LinePrinter() {
  // Producers still held when the run is over (it never said that the ones before them were
  // done): what they hold is printed, in input order, rather than lost.
  std::vector<std::size_t> held;
  for (const auto& [id, p] : producers_) {
    if (p->held)
      held.push_back(id);
  }
  std::sort(held.begin(), held.end());
  for (const std::size_t id : held) release(*producers_.at(id));
}

void LinePrinter::reserve_label_width(std::size_t width) {
  label_width_ = std::max(label_width_, width);
}

void LinePrinter::begin(std::size_t id, std::string label) {
  // A reused id starts afresh; what the old producer left unfinished is printed first.
  if (producers_.contains(id))
    end(id, false);
  auto p = std::make_unique<Producer>(*this, id, std::move(label));
  p->held = keep_order_ && order_.holds(id);
  label_width_ = std::max(label_width_, p->label_width);
  producers_.emplace(id, std::move(p));
}

LinePrinter::Producer& LinePrinter::producer(std::size_t id) {
  auto it = producers_.find(id);
  if (it == producers_.end()) {
    // Output without begin(): print it under a default label rather than lose it.
    begin(id, fmt::format("#{}", id));
    it = producers_.find(id);
  }
  return *it->second;
}

void LinePrinter::output(std::size_t id, OutputStream stream, std::string_view bytes) {
  const bool to_out = stream == OutputStream::stdout_stream;
  // Nobody reads stdout any more (`tasker ... | head -1`): skip the work too.
  if (to_out && out_.failed())
    return;
  Producer& p = producer(id);
  update_prefix(p);
  if (p.held) {
    hold(p, to_out, bytes);
    return;
  }
  LineSplitter& splitter = to_out ? p.out : p.err;
  OutputSink& sink = to_out ? out_ : err_;
  if (raw_) {
    fenced(sink, [&] { feed_raw(splitter, sink, bytes); });
  } else {
    splitter.feed(bytes);
  }
  sink.flush();
}

template <class Print>
void LinePrinter::fenced(OutputSink& sink, const Print& print) {
  if (!fence_) {
    print();
    return;
  }
  const OutputSink::Position before = sink.position();
  const std::string token = fresh_stop_token();
  sink.write(stop_commands(token));
  const OutputSink::Position opened = sink.position();
  print();
  if (sink.position() == opened) {
    sink.rewind(before);  // nothing printed: no fence either
    return;
  }
  if (!sink.ends_line())
    sink.put('\n');  // the fence's end is a line of its own
  sink.write(resume_commands(token));
}

void LinePrinter::feed_raw(LineSplitter& splitter, OutputSink& sink, std::string_view bytes) {
  // The splitter only has to finish the line an earlier chunk began and hold the
  // one this chunk leaves unfinished: the whole lines between are copied out in
  // one piece, which keeps raw output near the speed of `cat`.
  const void* first = std::memchr(bytes.data(), '\n', bytes.size());
  if (first == nullptr) {
    splitter.feed(bytes);
    return;
  }
  const std::size_t head =
      static_cast<std::size_t>(static_cast<const char*>(first) - bytes.data()) + 1;
  const std::size_t tail = bytes.rfind('\n') + 1;
  splitter.feed(bytes.substr(0, head));
  sink.write(bytes.substr(head, tail - head));
  splitter.feed(bytes.substr(tail));
}

void LinePrinter::end(std::size_t id, bool failed) {
  static_cast<void>(failed);  // the summary reports it; lines stay as they were printed
  const auto it = producers_.find(id);
  if (it == producers_.end())
    return;
  Producer& p = *it->second;
  update_prefix(p);
  if (p.held) {
    const std::size_t before = p.held_memory();
    p.out.finish();  // the unfinished last lines join what is held
    p.err.finish();
    store_held_lines(p);
    p.ended = true;
    limit_held_memory(p, before);
    if (p.held) {
      order_.done(id);  // not the head: it waits for the ones before it
      return;
    }
  }
  finish_lines(p);
  producers_.erase(it);
  skip(id);
}

void LinePrinter::skip(std::size_t id) {
  if (!keep_order_)
    return;
  const std::size_t old_head = order_.head();
  print_done_up_to(old_head, order_.done(id));
}

void LinePrinter::finish_lines(Producer& p) {
  fenced(out_, [&] { p.out.finish(); });
  out_.flush();
  fenced(err_, [&] { p.err.finish(); });
  err_.flush();
}

// The head moved from `old_head` to `new_head`: the producers between are done and print what
// they held; the new head prints what it held so far, then as it comes.
void LinePrinter::print_done_up_to(std::size_t old_head, std::size_t new_head) {
  for (std::size_t id = old_head; id <= new_head; ++id) {
    const auto it = producers_.find(id);
    if (it == producers_.end() || !it->second->held)
      continue;
    release(*it->second);
    if (it->second->ended)
      producers_.erase(it);
  }
}

void LinePrinter::hold(Producer& p, bool to_out, std::string_view bytes) {
  const std::size_t before = p.held_memory();
  if (raw_) {
    (to_out ? p.held_out : p.held_err).append(bytes);  // the bytes as they are
  } else {
    (to_out ? p.out : p.err).feed(bytes);  // print_piece gathers its lines
    store_held_lines(p);
  }
  limit_held_memory(p, before);
}

// Past the memory allowed, the producer that grows goes to temporary files; when they fail, it
// prints from now on, so that memory stays bounded and nothing is lost.
void LinePrinter::limit_held_memory(Producer& p, std::size_t held_before) {
  memory_in_use_ = memory_in_use_ - held_before + p.held_memory();
  if (!p.spilled && (p.held_memory() > held_memory_ || memory_in_use_ > held_memory_total_)) {
    p.spilled = true;
    const std::size_t in_memory = p.held_memory();
    p.held_out.spill();
    p.held_err.spill();
    memory_in_use_ = memory_in_use_ - in_memory + p.held_memory();
  }
  if (!p.held_out.failed() && !p.held_err.failed())
    return;
  if (!told_unheld_) {
    told_unheld_ = true;
    err_.write(fmt::format("tasker: {}: --keep-order output is printed as it comes from now on\n",
                           p.held_out.failed() ? p.held_out.failure() : p.held_err.failure()));
    err_.flush();
  }
  release(p);
}

// Lines are gathered per chunk and kept with one append: one write to a spill file, not one a line.
void LinePrinter::store_held_lines(Producer& p) {
  p.held_out.append(held_out_lines_);
  held_out_lines_.clear();
  p.held_err.append(held_err_lines_);
  held_err_lines_.clear();
}

void LinePrinter::release(Producer& p) {
  memory_in_use_ -= p.held_memory();
  p.held = false;
  for (const bool to_out : {true, false}) {
    SpillBuffer& buffer = to_out ? p.held_out : p.held_err;
    OutputSink& sink = to_out ? out_ : err_;
    if (buffer.size() == 0)
      continue;
    fenced(sink, [&] { buffer.copy_to(sink); });
    sink.flush();
  }
}

void LinePrinter::update_prefix(Producer& p) const {
  if (raw_ || p.prefix_width == label_width_)
    return;
  p.prefix.clear();
  if (color_)
    p.prefix += label_color(p.id);
  p.prefix += p.label;
  p.prefix.append(label_width_ - p.label_width, ' ');
  p.prefix += " |";
  if (color_)
    p.prefix += kColorReset;
  p.prefix += ' ';
  p.prefix_width = label_width_;
}

void LinePrinter::print_piece(Producer& p, OutputSink& sink, std::string_view piece, LineEnd end) {
  if (p.held) {
    std::string& lines = &sink == &out_ ? held_out_lines_ : held_err_lines_;
    if (!raw_)
      lines += std::string_view(p.prefix).substr(0, p.prefix.size() - (piece.empty() ? 1 : 0));
    lines += piece;
    if (!raw_ || end == LineEnd::newline)
      lines.push_back('\n');
    return;
  }
  if (raw_) {
    sink.write(piece);
    if (end == LineEnd::newline)
      sink.put('\n');
    return;
  }
  // The prefix ends with a space; an empty line does without it (no trailing blank).
  const std::string_view prefix = p.prefix;
  // A cut piece and an unfinished last line become lines too: prefixed output is for people.
  sink.write_line(piece.empty() ? prefix.substr(0, prefix.size() - 1) : prefix, piece);
}

}  // namespace tasker::cli
