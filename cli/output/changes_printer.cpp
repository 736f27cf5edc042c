#include "cli/output/changes_printer.hpp"

#include <utility>

namespace tasker::cli {
namespace {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

// FNV-1a over a byte stream: the same bytes give the same hash however the
// pipe happened to split them into chunks.
void hash_into(std::uint64_t& hash, std::string_view bytes) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnvPrime;
  }
}

}  // namespace

ChangesPrinter::ChangesPrinter(std::unique_ptr<OutputPrinter> inner, std::size_t memory_cap)
    : inner_(std::move(inner)), memory_cap_(memory_cap) {}

void ChangesPrinter::begin(std::size_t id, std::string label) {
  id_ = id;
  label_ = std::move(label);
  held_out_.clear();
  held_err_.clear();
  passing_through_ = false;
  hash_out_ = kFnvOffset;
  hash_err_ = kFnvOffset;
}

void ChangesPrinter::output(std::size_t id, OutputStream stream, std::string_view bytes) {
  const bool out = stream == OutputStream::stdout_stream;
  hash_into(out ? hash_out_ : hash_err_, bytes);
  if (passing_through_) {
    inner_->output(id, stream, bytes);
    return;
  }
  (out ? held_out_ : held_err_).append(bytes);
  if (held_out_.size() + held_err_.size() > memory_cap_) {
    passing_through_ = true;
    replay();
  }
}

void ChangesPrinter::end(std::size_t id, bool failed) {
  const std::pair<std::uint64_t, std::uint64_t> hashes{hash_out_, hash_err_};
  if (passing_through_) {
    inner_->end(id, failed);
    previous_.reset();  // too large to hold: the next run is shown too
    return;
  }
  if (previous_ != hashes) {
    replay();
    inner_->end(id, failed);
  }
  previous_ = hashes;
  held_out_ = std::string();  // give the memory back between runs
  held_err_ = std::string();
}

void ChangesPrinter::replay() {
  inner_->begin(id_, label_);
  if (!held_out_.empty())
    inner_->output(id_, OutputStream::stdout_stream, held_out_);
  if (!held_err_.empty())
    inner_->output(id_, OutputStream::stderr_stream, held_err_);
  held_out_.clear();
  held_err_.clear();
}

}  // namespace tasker::cli
