#include "core/process/watchdog.hpp"

#include "core/process/process_launch.hpp"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstring>
#include <thread>

namespace tasker {
namespace {

// The signals that end a run: tasker handles them and cancels its tasks; the watchdog must
// stay until tasker is gone. SIGPIPE and the terminal's stop signals cannot matter to it
// (it writes nothing and reads a pipe) but must not stop or end it either.
constexpr std::array kIgnored{SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU};

// How long the watchdog sleeps between reads of the lines tasker wrote: short while they
// come, long while none do. It is woken at once only by the end of its input: a line
// written does not wake it, so a task costs tasker one write() and the watchdog nothing.
// Between reads the lines wait in the pipe, which holds some 8000 (130 000 once tasker has
// made it 1 MiB): at tasker's fastest, 2000 tasks a second, 100 ms leave room to spare.
constexpr int kBusyReadIntervalMs = 100;
constexpr int kIdleReadIntervalMs = 1000;

// Reads everything `input_fd` holds now into `list`; returns whether anything came, and
// sets `ended` at the end of the input (or an error no retry would fix).
bool read_available(int input_fd, WatchdogList& list, bool& ended) {
  std::array<char, 4096> buffer{};
  bool got = false;
  while (true) {
    const ssize_t n = ::read(input_fd, buffer.data(), buffer.size());
    if (n > 0) {
      list.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
      got = true;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      ended = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
      return got;
    }
  }
}

// Ids per run of the canceller: a command line of some 20 KB, far below the kernel's limit.
constexpr std::size_t kIdsPerCanceller = 500;

// How long the watchdog waits for its cancellers: scancel only asks slurmctld, which answers
// within its MessageTimeout (10 s by default), the remote group killer connects within 5 s; a
// hung one is killed then, so the watchdog always ends.
constexpr auto kCancellerWait = std::chrono::seconds(15);
constexpr auto kCancellerPoll = std::chrono::milliseconds(20);

// Starts the canceller (`scancel --quiet`, say) with the listed ids, and waits for it within
// the bound.
// For Slurm, without --signal: the step, or the job srun made, is cancelled as Slurm cancels it,
// SIGTERM then SIGKILL after the cluster's KillWait, and the job's allocation ends too; with
// --signal=KILL a job made by an srun that is gone would keep its allocation (measured). Slurm
// does the grace, so the watchdog neither waits it out nor needs tasker's --grace.
void cancel_remote_work(const std::vector<std::string>& canceller, const std::set<std::string>& ids,
                        int input_fd) {
  std::vector<pid_t> started;
  auto next = ids.begin();
  while (next != ids.end()) {
    std::vector<char*> argv;
    for (const std::string& word : canceller) argv.push_back(const_cast<char*>(word.c_str()));
    for (std::size_t n = 0; n < kIdsPerCanceller && next != ids.end(); ++n, ++next)
      argv.push_back(const_cast<char*>(next->c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (detail::spawn_helper(argv[0], argv.data(), input_fd, pid, true) == 0)
      started.push_back(pid);
  }
  const auto deadline = std::chrono::steady_clock::now() + kCancellerWait;
  while (!started.empty()) {
    std::erase_if(started, [](pid_t pid) {
      const pid_t reaped = ::waitpid(pid, nullptr, WNOHANG);
      return reaped == pid || (reaped < 0 && errno != EINTR);
    });
    if (started.empty())
      break;
    if (std::chrono::steady_clock::now() >= deadline) {
      for (const pid_t pid : started) {
        ::kill(pid, SIGKILL);
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
      }
      break;
    }
    std::this_thread::sleep_for(kCancellerPoll);
  }
}

}  // namespace

bool is_watchdog_invocation(int argc, const char* const* argv) {
  return argc >= 2 && std::strcmp(argv[0], kWatchdogName) == 0 &&
         std::strcmp(argv[1], kWatchdogFlag) == 0;
}

void WatchdogList::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::size_t newline = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, newline);
    if (kept_ + piece.size() > sizeof line_) {
      overlong_ = true;
    } else if (!overlong_) {
      std::memcpy(line_ + kept_, piece.data(), piece.size());
      kept_ += piece.size();
    }
    if (newline == std::string_view::npos)
      return;
    if (!overlong_)
      apply(std::string_view(line_, kept_));
    kept_ = 0;
    overlong_ = false;
    bytes.remove_prefix(newline + 1);
  }
}

void WatchdogList::apply(std::string_view line) {
  static_assert(sizeof line_ >= 2 + RemoteWorkList::kMaxIdSize, "a remote work line must fit");
  if (remote_work_.apply(line))
    return;
  if (line.size() < 2 || (line[0] != '+' && line[0] != '-'))
    return;
  pid_t pgid = 0;
  const char* end = line.data() + line.size();
  const auto [stop, error] = std::from_chars(line.data() + 1, end, pgid);
  if (error != std::errc() || stop != end || pgid <= 1)
    return;
  if (line[0] == '+')
    groups_.insert(pgid);
  else
    groups_.erase(pgid);
}

int run_watchdog(int input_fd, const std::vector<std::string>& canceller) {
  for (const int signo : kIgnored) ::signal(signo, SIG_IGN);
  // For ps and top; the name it was started under is that of /proc/self/exe: "exe".
  ::prctl(PR_SET_NAME, kWatchdogName);
  // Keeps no mount busy for as long as tasker runs.
  static_cast<void>(::chdir("/"));

  const int flags = ::fcntl(input_fd, F_GETFL);
  ::fcntl(input_fd, F_SETFL, flags | O_NONBLOCK);  // its own end: tasker's stays as it is

  WatchdogList list;
  bool ended = false;
  int interval_ms = kIdleReadIntervalMs;
  while (!ended) {
    // No event asked for: poll() returns on the end of the input (POLLHUP, always reported)
    // or after the interval, and a line written meanwhile does not wake it.
    pollfd input{input_fd, 0, 0};
    static_cast<void>(::poll(&input, 1, interval_ms));
    interval_ms = read_available(input_fd, list, ended) ? kBusyReadIntervalMs : kIdleReadIntervalMs;
  }
  // The end: tasker is gone, and every line it wrote has been read.
  const pid_t own_group = ::getpgrp();
  for (const pid_t pgid : list.groups()) {
    if (pgid != own_group)
      ::kill(-pgid, SIGKILL);
  }
  // After the groups, which die at once; srun and ssh among them, whose remote work lives on.
  if (!canceller.empty() && !list.remote_work().empty())
    cancel_remote_work(canceller, list.remote_work(), input_fd);
  return 0;
}

}  // namespace tasker
