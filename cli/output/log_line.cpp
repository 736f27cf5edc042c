#include "cli/output/log_line.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace tasker::cli {

void log_line(std::string_view line) {
  std::fflush(stdout);
  const std::string text = fmt::format("tasker: {}\n", line);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace tasker::cli
