#include "core/process/ignored_signals.hpp"

namespace tasker {

SignalSet ignored_signals() {
  SignalSet ignored;
  for (int signo = 1; signo < NSIG; ++signo) {
    struct sigaction action {};
    // Fails for numbers that are no signal (glibc keeps 32 and 33 for itself): none is ignored.
    if (::sigaction(signo, nullptr, &action) == 0 && action.sa_handler == SIG_IGN)
      ignored.add(signo);
  }
  return ignored;
}

}  // namespace tasker
