#pragma once
// Signals a program was started with ignored. SIG_IGN survives exec, and
// callers use it to say "not this one": `nohup` ignores SIGHUP, and a shell
// without job control starts a background command (`cmd &`) with SIGINT and
// SIGQUIT ignored. A well-behaved program leaves such a signal alone, and a
// shell passes it on, still ignored, to the commands it runs.

#include <signal.h>

namespace tasker {

/// A set of signal numbers: a sigset_t as a value.
class SignalSet {
 public:
  SignalSet() { ::sigemptyset(&set_); }

  void add(int signo) { ::sigaddset(&set_, signo); }
  [[nodiscard]] bool contains(int signo) const { return ::sigismember(&set_, signo) == 1; }
  [[nodiscard]] const sigset_t& native() const { return set_; }

 private:
  sigset_t set_;
};

/// The signals whose action is SIG_IGN now. Called first thing in main(),
/// before the program ignores any itself, it tells which ones its caller ignored.
[[nodiscard]] SignalSet ignored_signals();

}  // namespace tasker
