#include "cli/reraise.hpp"

#include <signal.h>

#include <cstdio>

namespace tasker::cli {

void die_of(int signo) {
  std::fflush(nullptr);
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  ::sigemptyset(&action.sa_mask);
  ::sigaction(signo, &action, nullptr);
  sigset_t only;
  ::sigemptyset(&only);
  ::sigaddset(&only, signo);
  ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
  ::raise(signo);
}

}  // namespace tasker::cli
