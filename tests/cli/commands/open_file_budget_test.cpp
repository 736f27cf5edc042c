// The open-file budget counts what a task really holds: measured here on a
// grouped printer whose producer spills both streams to temporary files.

#include "cli/commands/open_file_budget.hpp"

#include <gtest/gtest.h>

#include <stdio.h>

#include <filesystem>
#include <string>

namespace tasker::cli {
namespace {

std::size_t open_descriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    ++n;
  }
  return n;
}

TEST(OpenFileBudget, GroupedTaskBudgetCoversBothSpillFiles) {
  char* out_data = nullptr;
  std::size_t out_size = 0;
  char* err_data = nullptr;
  std::size_t err_size = 0;
  FILE* out = open_memstream(&out_data, &out_size);
  FILE* err = open_memstream(&err_data, &err_size);
  PrinterOptions options;
  options.mode = OutputMode::grouped;
  options.group_memory = 16;  // spill at once
  options.out = out;
  options.err = err;
  {
    auto printer = make_output_printer(options);
    const std::size_t before = open_descriptors();
    printer->begin(0, "t");
    const std::string chunk(1024, 'x');
    printer->output(0, OutputStream::stdout_stream, chunk);
    printer->output(0, OutputStream::stderr_stream, chunk);
    const std::size_t spill_fds = open_descriptors() - before;
    // The task's own pipes and pidfd come on top of what its printing holds.
    EXPECT_EQ(spill_fds, 2u);
    EXPECT_GE(fds_per_task(OutputMode::grouped), fds_per_task(OutputMode::prefixed) + spill_fds);
    printer->end(0, false);
  }
  fclose(out);
  fclose(err);
  free(out_data);
  free(err_data);
}

TEST(OpenFileBudget, JobsFitBesideTheReserveAndNeverDropBelowOne) {
  EXPECT_EQ(jobs_within(64, 3), (64 - kFdsReserved) / 3);
  EXPECT_EQ(jobs_within(64, 5), (64 - kFdsReserved) / 5);
  EXPECT_EQ(jobs_within(20, 5), 1u);
}

}  // namespace
}  // namespace tasker::cli
