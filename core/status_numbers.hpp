#pragma once
// Every number tasker exits with or gives a task, in one place
// (docs/behaviour.md "Status numbers", "Exit statuses").
// A task's status number is its exit code, or one of the values below; a run
// that fails exits with the status number of the task that failed it.

namespace tasker::status {

/// A task, or tasker itself, that ended well.
inline constexpr int kSuccess = 0;
/// The run fired its callback, but a task's failure was left unhandled. Also what an internal
/// error (an exception that should never reach main) exits with.
inline constexpr int kUnhandledFailure = 1;
/// A usage error: a bad flag, duration, file or command line; nothing ran.
inline constexpr int kUsage = 2;
/// The run succeeded but a report (--report, --junit) could not be written:
/// sysexits.h's EX_IOERR, so a script can tell it from a task's failure.
inline constexpr int kReportNotWritten = 74;
/// A task tasker stopped because it ran over its --timeout.
inline constexpr int kTimedOut = 124;
/// A task that could not be started, as shells report a command not found.
inline constexpr int kCannotStart = 127;
/// A death by signal N is 128 + N, as shells report it (130 SIGINT, 143 SIGTERM).
inline constexpr int kSignalBase = 128;

/// The status number of a death by signal `signo`.
[[nodiscard]] constexpr int of_signal(int signo) {
  return kSignalBase + signo;
}

}  // namespace tasker::status
