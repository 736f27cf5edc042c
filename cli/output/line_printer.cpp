#include "cli/output/line_printer.hpp"

#include "cli/output/github_actions.hpp"
#include "cli/output/label_color.hpp"
#include "cli/output/label_fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <utility>

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
};

LinePrinter::LinePrinter(const PrinterOptions& options)
    : raw_(options.mode == OutputMode::raw),
      fence_(raw_ && options.github_groups),
      color_(options.color),
      max_line_(options.max_line),
      out_(options.out, options.out_writer),
      err_(options.err, options.err_writer) {
  assert(options.mode == OutputMode::prefixed || options.mode == OutputMode::raw);
}

LinePrinter::~LinePrinter() = default;

void LinePrinter::reserve_label_width(std::size_t width) {
  label_width_ = std::max(label_width_, width);
}

void LinePrinter::begin(std::size_t id, std::string label) {
  // A reused id starts afresh; what the old producer left unfinished is printed first.
  if (producers_.contains(id))
    end(id, false);
  auto p = std::make_unique<Producer>(*this, id, std::move(label));
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
  fenced(out_, [&] { p.out.finish(); });
  out_.flush();
  fenced(err_, [&] { p.err.finish(); });
  err_.flush();
  producers_.erase(it);
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

void LinePrinter::print_piece(const Producer& p, OutputSink& sink, std::string_view piece,
                              LineEnd end) {
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
