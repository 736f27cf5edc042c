#pragma once

// Run-level exit statuses, SPEC §3. A failing run exits with the failing task's own status
// number (core/task_status.hpp), so only the fixed values live here.

namespace tasker::cli {

// The run fired its callback and no failure was left unhandled.
inline constexpr int kExitSuccess = 0;
// The run fired its callback but a task's failure was left unhandled.
inline constexpr int kExitUnhandledFailure = 1;
// Bad flag, bad duration, no command: one line on stderr, nothing run.
inline constexpr int kExitUsage = 2;
// Interrupted by signal N: the status a shell reports for a death by N (130 SIGINT, 143 SIGTERM).
inline constexpr int kExitSignalBase = 128;

}  // namespace tasker::cli
