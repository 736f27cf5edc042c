#include "cli/output/log_line.hpp"

#include "cli/output/fd_writer.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <utility>

namespace tasker::cli {
namespace {

FdWriter*& log_writer() {
  static FdWriter* writer = nullptr;
  return writer;
}

}  // namespace

void log_line(std::string_view line) {
  std::string text = fmt::format("tasker: {}\n", line);
  if (FdWriter* writer = log_writer()) {
    writer->push(std::move(text));
    return;
  }
  std::fflush(stdout);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

ScopedLogWriter::ScopedLogWriter(FdWriter& writer)
    : previous_(std::exchange(log_writer(), &writer)) {}

ScopedLogWriter::~ScopedLogWriter() {
  log_writer() = previous_;
}

}  // namespace tasker::cli
