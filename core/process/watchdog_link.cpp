#include "core/process/watchdog_link.hpp"

#include "core/process/process_launch.hpp"
#include "core/process/watchdog.hpp"

#include <fmt/format.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace tasker::detail {
namespace {

// How long a new watchdog may take to read the list of live groups, should it not fit in
// the pipe at once (thousands of groups).
constexpr int kFirstReadTimeoutMs = 2000;

// The pipe's capacity asked for: 1 MiB, what Linux gives a user by default
// (/proc/sys/fs/pipe-max-size), some 130 000 lines.
constexpr int kPipeSize = 1024 * 1024;

// A write to a watchdog that is gone must fail with EPIPE, not kill tasker with SIGPIPE.
// tasker ignores SIGPIPE anyway (cli/app.cpp); this makes sure of it for any other program
// that uses a PosixSpawner with a watchdog. Processes it starts get default actions back.
void ignore_sigpipe() {
  struct sigaction current {};
  if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
    ::signal(SIGPIPE, SIG_IGN);
  }
}

}  // namespace

WatchdogLink::WatchdogLink(std::string program) : program_(std::move(program)) {
  ignore_sigpipe();
}

WatchdogLink::~WatchdogLink() {
  stop();
}

void WatchdogLink::watch(pid_t pgid) {
  groups_.insert(pgid);
  tell_or_restart(fmt::format("+{}\n", pgid));
}

void WatchdogLink::release(pid_t pgid) {
  groups_.erase(pgid);
  if (pid_ >= 0 && !send(fmt::format("-{}\n", pgid), 0)) {
    // It may not have read the line: it must not live on with `pgid` listed.
    stop();
    start();
  }
}

void WatchdogLink::watch_remote(const std::string& id) {
  remote_work_.insert(id);
  tell_or_restart(fmt::format("+R{}\n", id));
}

// A new entry, already in the lists: a watchdog that did not take its line is replaced by one
// told every entry, and the first entry starts one.
void WatchdogLink::tell_or_restart(std::string_view line) {
  if (pid_ < 0) {
    start();
  } else if (!send(line, 0)) {
    stop();
    start();
  }
}

void WatchdogLink::release_remote(const std::string& id) {
  if (remote_work_.erase(id) == 0)
    return;
  // A watchdog that missed this line would only cancel work that ended: harmless.
  if (pid_ >= 0)
    static_cast<void>(send(fmt::format("-R{}\n", id), 0));
}

// Starts a watchdog and tells it every live group and remote work.
void WatchdogLink::start() {
  if (cannot_run_ || (groups_.empty() && remote_work_.empty()))
    return;
  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0)
    return;
  UniqueFd read_end(fds[0]);
  pipe_.reset(fds[1]);
  // Only tasker's end: the event loop must never wait for the watchdog.
  ::fcntl(pipe_.get(), F_SETFL, O_NONBLOCK);
  // Room for the lines written between two of the watchdog's reads (core/process/watchdog.cpp);
  // the default 64 KiB does too, with less to spare.
  ::fcntl(pipe_.get(), F_SETPIPE_SZ, kPipeSize);
  // posix_spawn does not modify argv; its signature predates const.
  std::vector<char*> argv{const_cast<char*>(kWatchdogName), const_cast<char*>(kWatchdogFlag)};
  for (const std::string& word : canceller_) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  const int err = spawn_helper(program_.c_str(), argv.data(), read_end.get(), pid_);
  if (err != 0) {
    pid_ = -1;
    pipe_.reset();
    // Not there, not executable: no later try would do better. Out of processes or memory:
    // the next group tries again.
    cannot_run_ = !short_of_resources(err);
    return;
  }
  std::string lines;
  for (const pid_t pgid : groups_) lines += fmt::format("+{}\n", pgid);
  for (const std::string& id : remote_work_) lines += fmt::format("+R{}\n", id);
  if (!send(lines, kFirstReadTimeoutMs))
    stop();
}

// Writes all of `lines`, waiting up to `wait_ms` for room in the pipe, or says the watchdog
// is gone or stuck. One line is one write below PIPE_BUF: all of it goes, or none. Only the
// first list waits: a watchdog that lets its pipe fill later is stopped.
bool WatchdogLink::send(std::string_view lines, int wait_ms) {
  while (!lines.empty()) {
    const ssize_t written = ::write(pipe_.get(), lines.data(), lines.size());
    if (written > 0) {
      lines.remove_prefix(static_cast<std::size_t>(written));
      continue;
    }
    if (written < 0 && errno == EINTR)
      continue;
    if (written < 0 && errno == EAGAIN) {
      pollfd ready{pipe_.get(), POLLOUT, 0};
      if (wait_ms > 0 && ::poll(&ready, 1, wait_ms) == 1 && (ready.revents & POLLOUT) != 0)
        continue;
    }
    return false;  // EPIPE: it is gone; EAGAIN past the wait: it is stopped
  }
  return true;
}

void WatchdogLink::stop() {
  pipe_.reset();
  if (pid_ < 0)
    return;
  // Killed, not left to read to the end: one being replaced may have missed a '-'
  // line, and at the end of a run nothing is left for it to do.
  ::kill(pid_, SIGKILL);
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

}  // namespace tasker::detail
