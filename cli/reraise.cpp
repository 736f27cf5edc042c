#include "cli/reraise.hpp"

#include <signal.h>

#include <cstdio>

namespace tasker::cli {
namespace {

std::optional<int>& remembered() {
  static std::optional<int> signo;
  return signo;
}

}  // namespace

void remember_interrupt(int signo) {
  remembered() = signo;
}

std::optional<int> take_interrupt() {
  std::optional<int> signo = remembered();
  remembered().reset();
  return signo;
}

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
