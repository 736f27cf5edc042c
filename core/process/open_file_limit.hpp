#pragma once
// The open-file limit (RLIMIT_NOFILE): tasker raises its soft limit to the hard one, since
// each running task holds a few descriptors, but the processes it starts get the caller's
// soft limit back: a task run under `ulimit -S -n 1024` must see 1024, as it would have
// without tasker.
//
// posix_spawn cannot set a limit in the child, and a prlimit() on the child once it has
// started comes after its exec: the program could already have read the raised limit, or
// opened more files than the caller allowed. Instead the soft limit is lowered in tasker for
// the length of the posix_spawn call (ScopedCallerOpenFileLimit): the child copies tasker's
// limits when it is created, so it never has any other. tasker is one thread, and opens no
// descriptor meanwhile; descriptors it already holds above the caller's limit stay valid.

#include <sys/resource.h>

namespace tasker {

/// Raises the soft open-file limit to the hard one, and remembers the caller's soft limit
/// for the processes started from now on (ScopedCallerOpenFileLimit). Does nothing if the
/// soft limit is already the hard one, or if it cannot be read or set.
void raise_open_file_limit();

/// While it lives, the process's soft open-file limit is the one it had before
/// raise_open_file_limit() (nothing changes if it was not raised): a process spawned
/// meanwhile inherits the caller's limit. Two system calls when there is something to
/// restore, none otherwise.
class ScopedCallerOpenFileLimit {
 public:
  ScopedCallerOpenFileLimit();
  ~ScopedCallerOpenFileLimit();
  ScopedCallerOpenFileLimit(const ScopedCallerOpenFileLimit&) = delete;
  ScopedCallerOpenFileLimit& operator=(const ScopedCallerOpenFileLimit&) = delete;

 private:
  bool lowered_ = false;
};

}  // namespace tasker
