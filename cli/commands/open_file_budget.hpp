#pragma once
// How many tasks the open-file limit (ulimit -n) lets run at once. Past it
// pipe() fails with EMFILE, and tasks would fail with 127 instead of waiting
// their turn, so -j is lowered to fit.

#include "cli/output/output_printer.hpp"

#include <cstddef>

namespace tasker::cli {

/// Descriptors a running task may hold in `mode`: its two output pipes and
/// its pidfd, and in grouped mode the two temporary files its output may
/// spill to.
[[nodiscard]] std::size_t fds_per_task(OutputMode mode);

/// Descriptors kept for tasker itself: stdio, the event loop, signals, reports, the
/// watchdog's pipe.
inline constexpr std::size_t kFdsReserved = 32;

/// How many tasks of `fds_each` descriptors fit in `fd_limit` beside tasker's
/// own (at least one).
[[nodiscard]] std::size_t jobs_within(std::size_t fd_limit, std::size_t fds_each);

/// jobs_within() the process's soft open-file limit; unlimited gives SIZE_MAX.
[[nodiscard]] std::size_t jobs_within_open_file_limit(std::size_t fds_each);

}  // namespace tasker::cli
