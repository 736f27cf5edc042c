#pragma once
// docs/behaviour.md "Exit statuses": a run interrupted by SIGINT/SIGTERM (or SIGHUP/SIGQUIT) ends,
// after its summary and reports, by dying of that same signal, so a calling
// shell sees the signal (and stops its own loop) rather than a plain exit
// status. A run stopped because its stdout was closed ends the same way, by
// SIGPIPE (as `yes`).

namespace tasker::cli {

/// Flushes stdio, restores the default action of `signo` and raises it.
/// Returns only if the signal did not end the process.
void die_of(int signo);

}  // namespace tasker::cli
