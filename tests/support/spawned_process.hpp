#pragma once
// SpawnedProcess: any program for an end-to-end test (tasker itself, or
// `sh -c 'ulimit ...; exec tasker ...'`), in a process group of its own, with
// stdout on a pipe the test may read and close (`tasker ... | head -1`) or
// to a file, stderr to a file, and a wait with a deadline that can watch the process
// while it runs and reports its peak memory. The destructor kills the group,
// so a failing test leaves nothing running.

#include "tests/support/run_tasker.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace tasker::testing {

class SpawnedProcess {
 public:
  /// Where stdout goes: a pipe the test reads (and must drain if much is
  /// written), or a file read into TaskerResult::out at the end.
  enum class Stdout { pipe, file };

  SpawnedProcess(std::vector<std::string> argv_text, const ScratchDir& dir,
                 Stdout stdout_to = Stdout::pipe)
      : out_path_(stdout_to == Stdout::file ? dir.file(".spawned-stdout") : ""),
        err_path_(dir.file(".spawned-stderr")) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw std::runtime_error("pipe2 failed");
    read_end_ = fds[0];
    std::vector<char*> argv;
    for (std::string& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (out_path_.empty()) {
      posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                       0644);
    }
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addchdir_np(&actions, dir.path().c_str());
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    const int error = ::posix_spawn(&pid_, argv[0], &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(fds[1]);
    if (error != 0)
      throw std::runtime_error("cannot start " + argv_text[0]);
  }
  ~SpawnedProcess() {
    close_stdout();
    if (pid_ > 0) {
      ::kill(-pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  SpawnedProcess(const SpawnedProcess&) = delete;
  SpawnedProcess& operator=(const SpawnedProcess&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }

  /// Reads stdout up to and including the first newline ("" at EOF).
  std::string read_line() {
    std::string line;
    char c = 0;
    while (::read(read_end_, &c, 1) == 1) {
      line += c;
      if (c == '\n')
        break;
    }
    return line;
  }

  /// Reads stdout to its end (EOF) and returns all of it.
  std::string read_to_end() {
    std::string all;
    std::array<char, 64 * 1024> chunk{};
    ssize_t n = 0;
    while (read_end_ >= 0 && (n = ::read(read_end_, chunk.data(), chunk.size())) > 0) {
      all.append(chunk.data(), static_cast<std::size_t>(n));
    }
    return all;
  }

  /// The reader goes away, as `head -1` does after its line.
  void close_stdout() {
    if (read_end_ >= 0)
      ::close(read_end_);
    read_end_ = -1;
  }

  /// Waits for the end, calling `watch` every few milliseconds meanwhile;
  /// past `deadline` the group is killed (signal 9). `peak_rss_kb`, if
  /// given, gets the process's peak resident memory (its VmHWM).
  TaskerResult wait(std::chrono::seconds deadline = std::chrono::seconds(60),
                    const std::function<void()>& watch = {}, long* peak_rss_kb = nullptr) {
    TaskerResult result;
    int status = 0;
    struct rusage usage {};
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (::wait4(pid_, &status, WNOHANG, &usage) != pid_) {
      if (std::chrono::steady_clock::now() > until) {
        ::kill(-pid_, SIGKILL);
        ::wait4(pid_, &status, 0, &usage);
        break;
      }
      if (watch)
        watch();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    if (peak_rss_kb != nullptr)
      *peak_rss_kb = usage.ru_maxrss;
    if (WIFEXITED(status))
      result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status))
      result.signal = WTERMSIG(status);
    if (!out_path_.empty())
      result.out = read_file(out_path_);
    result.err = read_file(err_path_);
    return result;
  }

 private:
  std::string out_path_;
  std::string err_path_;
  int read_end_ = -1;
  pid_t pid_ = -1;
};

/// How many file descriptors process `pid` has open; 0 once it is gone.
inline std::size_t open_fds(pid_t pid) {
  std::error_code error;
  std::size_t n = 0;
  for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", error), end;
       !error && it != end; it.increment(error)) {
    ++n;
  }
  return n;
}

}  // namespace tasker::testing
