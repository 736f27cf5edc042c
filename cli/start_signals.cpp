#include "cli/start_signals.hpp"

#include <signal.h>

#include <initializer_list>

namespace tasker::cli {

const SignalSet& signals_ignored_at_start() {
  static const SignalSet at_start = ignored_signals();
  return at_start;
}

void unblock_signals_tasker_needs() {
  sigset_t needed;
  ::sigemptyset(&needed);
  for (const int signo : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGCHLD})
    ::sigaddset(&needed, signo);
  ::sigprocmask(SIG_UNBLOCK, &needed, nullptr);
}

}  // namespace tasker::cli
