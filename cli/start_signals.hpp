#pragma once
// The signals tasker was started with. A signal its caller ignored stays
// ignored, as well-behaved daemons and POSIX shells leave it: tasker does not
// catch it, and its tasks start with it ignored too. So `nohup tasker ... &`
// outlives the terminal's SIGHUP, and `tasker ... &` in a script (where the
// shell ignores SIGINT and SIGQUIT for background commands) is not stopped
// by a Ctrl-C meant for the script's foreground. A signal tasker relies on
// is unblocked, so a SIGTERM blocked in the caller's mask is still handled.

#include "core/process/ignored_signals.hpp"

namespace tasker::cli {

/// The signals that were ignored when tasker started. The first call reads
/// them: main() makes it before tasker ignores SIGPIPE for itself.
[[nodiscard]] const SignalSet& signals_ignored_at_start();

/// Unblocks the signals tasker acts on: SIGINT, SIGTERM, SIGHUP, SIGQUIT,
/// SIGTSTP, SIGCONT and SIGCHLD. A blocked signal is never delivered, and the
/// mask is inherited across exec.
void unblock_signals_tasker_needs();

}  // namespace tasker::cli
