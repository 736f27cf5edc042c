#include "cli/commands/open_file_budget.hpp"

#include <sys/resource.h>

#include <limits>

namespace tasker::cli {
namespace {

// Two pipes and a pidfd.
constexpr std::size_t kFdsPerProcess = 3;
// grouped: a temporary file each for stdout and stderr, once they spill.
constexpr std::size_t kFdsPerGroupedSpill = 2;

}  // namespace

std::size_t fds_per_task(OutputMode mode) {
  return kFdsPerProcess + (mode == OutputMode::grouped ? kFdsPerGroupedSpill : 0);
}

std::size_t jobs_within(std::size_t fd_limit, std::size_t fds_each) {
  return fd_limit < kFdsReserved + 2 * fds_each ? 1 : (fd_limit - kFdsReserved) / fds_each;
}

std::size_t jobs_within_open_file_limit(std::size_t fds_each) {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return std::numeric_limits<std::size_t>::max();
  return jobs_within(static_cast<std::size_t>(limit.rlim_cur), fds_each);
}

}  // namespace tasker::cli
