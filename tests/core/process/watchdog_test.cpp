// The watchdog (core/process/watchdog.hpp): its protocol on bytes, the process that kills the
// listed groups when its input ends, and tasker's end of it (WatchdogLink) with the real
// binary. Groups here are `sleep 300` in a process group of their own; every one is killed
// and reaped by the test, whatever happens.

#include "core/process/watchdog.hpp"

#include "core/process/watchdog_link.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace tasker {
namespace {

using namespace std::chrono_literals;

// ---- the protocol --------------------------------------------------------------------------

TEST(WatchdogListTest, ListsAddedGroupsAndForgetsRemovedOnes) {
  WatchdogList list;
  list.feed("+12\n+13\n-12\n+14\n");
  EXPECT_EQ(list.groups(), (std::set<pid_t>{13, 14}));
}

TEST(WatchdogListTest, ReadsLinesSplitAcrossReads) {
  WatchdogList list;
  list.feed("+1");
  list.feed("23\n-");
  list.feed("123\n+7");
  EXPECT_TRUE(list.groups().empty());  // "+7" has no newline yet
  list.feed("\n");
  EXPECT_EQ(list.groups(), std::set<pid_t>{7});
}

TEST(WatchdogListTest, IgnoresEveryOtherLineAndNeverListsInitOrEveryone) {
  WatchdogList list;
  // The watchdog kills group N with kill(-N): N = 1 would be every process, 0 its own group,
  // -1 init. 2^32 + 1 would wrap to 1 in a parser that did not check the range.
  list.feed(
      "+1\n+0\n+-1\n+-5\n+00\n+0x10\n-\n+\n+12a\n 12\n+ 12\n12\n+4294967297\n"
      "+99999999999999999999\nhello\n+" +
      std::string(100, '9') + "\n+42\n");
  EXPECT_EQ(list.groups(), std::set<pid_t>{42});
}

TEST(WatchdogListTest, ListsSlurmStepsApartFromGroups) {
  WatchdogList list;
  list.feed("+12\n+R1");
  list.feed("2.0\n+R13\n-R13\n+R14;x\n+R" + std::string(200, '1') + "\n+R15\n");
  EXPECT_EQ(list.groups(), std::set<pid_t>{12});
  EXPECT_EQ(list.remote_work(), (std::set<std::string>{"12.0", "15"}));
}

// ---- the watchdog process ------------------------------------------------------------------

// `sleep 300` in a process group of its own; returns its pid, the group's id.
pid_t start_group() {
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::array<char*, 3> argv{const_cast<char*>("sleep"), const_cast<char*>("300"), nullptr};
  pid_t pid = -1;
  const int err = ::posix_spawnp(&pid, "sleep", nullptr, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  return err == 0 ? pid : -1;
}

// Waits up to 20 s for `pid`, a child, to end; returns its wait status, or -1 if it did not
// end (it is killed and reaped then).
int wait_for(pid_t pid) {
  const auto until = std::chrono::steady_clock::now() + 20s;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > until) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      return -1;
    }
    std::this_thread::sleep_for(5ms);
  }
  return status;
}

bool killed_by_sigkill(int status) {
  return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// Groups started by a test; each is killed and reaped at the end, whatever happened.
class Groups {
 public:
  ~Groups() {
    for (const pid_t pid : pids_) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  pid_t start() {
    const pid_t pid = start_group();
    if (pid > 0)
      pids_.push_back(pid);
    return pid;
  }
  // Waits for the end of `pid`, which is then no longer to be killed.
  int wait(pid_t pid) {
    std::erase(pids_, pid);
    return wait_for(pid);
  }

 private:
  std::vector<pid_t> pids_;
};

// A watchdog run in a child of the test: run_watchdog() on the read end of a pipe.
class WatchdogProcess {
 public:
  explicit WatchdogProcess(std::vector<std::string> scancel = {}) {
    std::array<int, 2> fds{};
    if (::pipe(fds.data()) != 0)
      return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(fds[1]);  // else its own copy would keep the input from ever ending
      ::_exit(run_watchdog(fds[0], scancel));
    }
    ::close(fds[0]);
    input_ = fds[1];
  }
  ~WatchdogProcess() {
    close_input();
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  void send(const std::string& lines) const {
    ASSERT_EQ(::write(input_, lines.data(), lines.size()), static_cast<ssize_t>(lines.size()));
  }
  // What tasker's death does.
  void close_input() {
    if (input_ >= 0)
      ::close(input_);
    input_ = -1;
  }
  int wait() { return wait_for(std::exchange(pid_, -1)); }
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int input_ = -1;
};

std::string line(char sign, pid_t pgid) {
  return sign + std::to_string(pgid) + "\n";
}

TEST(WatchdogTest, KillsTheGroupsStillListedWhenItsInputEnds) {
  Groups groups;
  const pid_t listed = groups.start();
  const pid_t unlisted = groups.start();
  ASSERT_GT(listed, 0);
  ASSERT_GT(unlisted, 0);
  WatchdogProcess watchdog;
  watchdog.send(line('+', listed) + line('+', unlisted) + line('-', unlisted));
  watchdog.close_input();
  const int status = watchdog.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_TRUE(killed_by_sigkill(groups.wait(listed)));
  EXPECT_EQ(::kill(unlisted, 0), 0) << "an unlisted group was killed";
}

// A stand-in for scancel: writes its arguments, one a line, to `file`.
std::vector<std::string> recording_scancel(const std::string& file) {
  return {"/bin/sh", "-c", "printf '%s\\n' \"$@\" >" + file, "sh"};
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class ScratchFile {
 public:
  ScratchFile()
      : path_(testing::TempDir() + "scancel-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter_++)) {
    std::remove(path_.c_str());
  }
  ~ScratchFile() { std::remove(path_.c_str()); }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

TEST(WatchdogTest, CancelsTheSlurmStepsStillListedWithScancelWhenItsInputEnds) {
  ScratchFile record;
  WatchdogProcess watchdog(recording_scancel(record.path()));
  watchdog.send("+R12.0\n+R13\n-R12.0\n+R14\n+R--signal=KILL\n");
  watchdog.close_input();
  const int status = watchdog.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  // Waited for: the record is complete when the watchdog is gone.
  EXPECT_EQ(read_file(record.path()), "13\n14\n");
}

TEST(WatchdogTest, RunsNoScancelWithoutSteps) {
  ScratchFile record;
  WatchdogProcess watchdog(recording_scancel(record.path()));
  watchdog.send("+R12.0\n-R12.0\n");
  watchdog.close_input();
  const int status = watchdog.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_NE(::access(record.path().c_str(), F_OK), 0) << read_file(record.path());
}

// The signals bit mask of `field` ("SigIgn") in /proc/PID/status.
unsigned long long signal_mask(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string text;
  while (std::getline(status, text)) {
    if (text.rfind(field + ":", 0) == 0)
      return std::stoull(text.substr(field.size() + 1), nullptr, 16);
  }
  return 0;
}

// Ctrl-C, `kill`, `pkill tasker`: what ends a run must not end the watchdog first.
TEST(WatchdogTest, OutlivesTheSignalsThatEndARun) {
  Groups groups;
  const pid_t listed = groups.start();
  ASSERT_GT(listed, 0);
  WatchdogProcess watchdog;
  const unsigned long long wanted = (1ULL << (SIGINT - 1)) | (1ULL << (SIGTERM - 1)) |
                                    (1ULL << (SIGHUP - 1)) | (1ULL << (SIGQUIT - 1));
  const auto until = std::chrono::steady_clock::now() + 20s;
  while ((signal_mask(watchdog.pid(), "SigIgn") & wanted) != wanted &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(5ms);
  }
  for (const int signo : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::kill(watchdog.pid(), signo);
  watchdog.send(line('+', listed));
  watchdog.close_input();
  const int status = watchdog.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_TRUE(killed_by_sigkill(groups.wait(listed)));
}

// The number after `field` ("voluntary_ctxt_switches") in /proc/PID/status.
unsigned long long status_number(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string text;
  while (std::getline(status, text)) {
    if (text.rfind(field + ":", 0) == 0)
      return std::stoull(text.substr(field.size() + 1));
  }
  return 0;
}

// What a task costs the watchdog: nothing, until it reads every 100 ms to 1 s. Were each line
// to wake it, the 200 below, written a millisecond apart as tasks end, would take 200 context
// switches.
TEST(WatchdogTest, LinesDoNotWakeIt) {
  Groups groups;
  const pid_t group = groups.start();
  ASSERT_GT(group, 0);
  WatchdogProcess watchdog;
  watchdog.send(line('+', group) + line('-', group));
  std::this_thread::sleep_for(200ms);  // it has started, and read that
  const unsigned long long before = status_number(watchdog.pid(), "voluntary_ctxt_switches");
  for (int i = 0; i < 200; ++i) {
    watchdog.send(line('+', group) + line('-', group));
    std::this_thread::sleep_for(1ms);
  }
  const unsigned long long after = status_number(watchdog.pid(), "voluntary_ctxt_switches");
  EXPECT_LT(after - before, 20u);
  watchdog.close_input();
  const int status = watchdog.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(::kill(group, 0), 0) << "a group listed then unlisted was killed";
}

// ---- tasker's end: WatchdogLink, with tasker's binary ----------------------------------------

std::string comm_of(pid_t pid) {
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

TEST(WatchdogLinkTest, StartsOneWatchdogInAGroupOfItsOwnAndKillsItWhenDone) {
  Groups groups;
  const pid_t first = groups.start();
  const pid_t second = groups.start();
  pid_t watchdog = -1;
  {
    detail::WatchdogLink link(TASKER_BINARY);
    EXPECT_EQ(link.pid(), -1);  // lazily, at the first group
    link.watch(first);
    watchdog = link.pid();
    ASSERT_GT(watchdog, 0);
    link.watch(second);
    EXPECT_EQ(link.pid(), watchdog);  // once per run, not per task
    EXPECT_EQ(::getpgid(watchdog), watchdog);
    const auto until = std::chrono::steady_clock::now() + 20s;
    while (comm_of(watchdog) != "tasker-watchdog" && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(5ms);
    }
    EXPECT_EQ(comm_of(watchdog), "tasker-watchdog");
    link.release(first);
    link.release(second);
  }
  errno = 0;
  EXPECT_EQ(::waitpid(watchdog, nullptr, WNOHANG), -1);  // reaped already
  EXPECT_EQ(errno, ECHILD);
  EXPECT_EQ(::kill(first, 0), 0);  // released groups live on
  EXPECT_EQ(::kill(second, 0), 0);
}

bool is_zombie(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const std::size_t paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] == 'Z';
}

// A watchdog killed on its own is replaced at the next group, and the new one is told every
// live group: when "tasker" (here a child of the test) then dies, both groups die with it.
TEST(WatchdogLinkTest, AWatchdogKilledOnItsOwnIsReplacedAndToldEveryLiveGroup) {
  Groups groups;
  const pid_t first = groups.start();
  const pid_t second = groups.start();
  const pid_t tasker = ::fork();
  if (tasker == 0) {
    detail::WatchdogLink link(TASKER_BINARY);
    link.watch(first);
    const pid_t killed = link.pid();
    ::kill(killed, SIGKILL);
    while (!is_zombie(killed)) std::this_thread::sleep_for(5ms);
    link.watch(second);
    ::_exit(link.pid() > 0 && link.pid() != killed ? 0 : 1);  // dies without a word to it
  }
  const int status = wait_for(tasker);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_TRUE(killed_by_sigkill(groups.wait(first)));
  EXPECT_TRUE(killed_by_sigkill(groups.wait(second)));
}

// The real binary as the watchdog, started with the scancel command: when "tasker" dies, the
// steps it still listed are cancelled, the ones it released are not, and its group is killed.
TEST(WatchdogLinkTest, TheWatchdogCancelsTheStepsOfADeadTasker) {
  Groups groups;
  const pid_t srun = groups.start();
  ScratchFile record;
  const pid_t tasker = ::fork();
  if (tasker == 0) {
    detail::WatchdogLink link(TASKER_BINARY);
    link.set_remote_canceller(recording_scancel(record.path()));
    link.watch(srun);
    link.watch_remote("41.0");
    link.watch_remote("42");
    link.release_remote("41.0");
    ::_exit(link.pid() > 0 ? 0 : 1);  // dies without a word to it
  }
  const int status = wait_for(tasker);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_TRUE(killed_by_sigkill(groups.wait(srun)));
  // The watchdog is not the test's child: wait for its record.
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (read_file(record.path()) != "42\n" && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(read_file(record.path()), "42\n");
}

}  // namespace
}  // namespace tasker
