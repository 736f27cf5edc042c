#pragma once
// SpawnedProcess: any program for an end-to-end test (tasker itself, or
// `sh -c 'ulimit ...; exec tasker ...'`), in a process group of its own and
// in the test's scratch directory, with stdout on a pipe the test may read
// and close (`tasker ... | head -1`) or to a file, stderr to a file (no pipe
// to deadlock on), and a wait with a deadline that can watch the process
// while it runs and reports its peak memory. The destructor kills the group,
// so a failing test leaves nothing running.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace tasker::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

/// A directory of its own for one test, removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tasker-e2e-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// How a process ended, and what it wrote.
struct ProcessResult {
  std::optional<int> exit_code;  ///< set when the process exited
  std::optional<int> signal;     ///< set when the process died of a signal
  std::string out;               ///< stdout, when it went to a file
  std::string err;
};

class SpawnedProcess {
 public:
  /// Where stdout goes: a pipe the test reads (and must drain if much is
  /// written), or a file read into ProcessResult::out at the end.
  enum class Stdout { pipe, file };

  struct Options {
    Stdout stdout_to = Stdout::pipe;
    /// What the process reads, from a file; /dev/null when unset.
    std::optional<std::string> stdin_text;
    /// The environment, "NAME=value" each; this process's own when unset.
    std::optional<std::vector<std::string>> env;
  };

  SpawnedProcess(std::vector<std::string> argv_text, const ScratchDir& dir,
                 Stdout stdout_to = Stdout::pipe)
      : SpawnedProcess(std::move(argv_text), dir, Options{stdout_to, {}, {}}) {}

  SpawnedProcess(std::vector<std::string> argv_text, const ScratchDir& dir, const Options& options)
      : out_path_(options.stdout_to == Stdout::file ? dir.file(".stdout") : ""),
        err_path_(dir.file(".stderr")) {
    std::string in_path = "/dev/null";
    if (options.stdin_text) {
      in_path = dir.file(".stdin");
      write_file(in_path, *options.stdin_text);
    }
    int pipe_fds[2] = {-1, -1};
    if (out_path_.empty() && ::pipe2(pipe_fds, O_CLOEXEC) != 0)
      throw std::runtime_error("pipe2 failed");
    read_end_ = pipe_fds[0];

    std::vector<char*> argv;
    argv.reserve(argv_text.size() + 1);
    for (std::string& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_text;
    std::vector<char*> envp;
    if (options.env) {
      env_text = *options.env;
      for (std::string& e : env_text) envp.push_back(e.data());
      envp.push_back(nullptr);
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
    if (out_path_.empty()) {
      posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
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
    const int error = ::posix_spawn(&pid_, argv[0], &actions, &attr, argv.data(),
                                    options.env ? envp.data() : environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (pipe_fds[1] >= 0)
      ::close(pipe_fds[1]);
    if (error != 0) {
      close_stdout();
      throw std::runtime_error("cannot start " + argv_text[0]);
    }
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

  /// Sends `signo` to the process (not its group: as a terminal's kill would).
  void signal(int signo) const { ::kill(pid_, signo); }

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
  /// past `deadline` the group is killed and the test fails on the result
  /// (signal 9). `peak_rss_kb`, if given, gets the process's peak resident
  /// memory (its VmHWM).
  ProcessResult wait(std::chrono::seconds deadline = std::chrono::seconds(60),
                     const std::function<void()>& watch = {}, long* peak_rss_kb = nullptr) {
    ProcessResult result;
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

/// The peak resident memory of the running process `pid` (VmHWM), in kB; 0 once it is gone.
/// Read while it runs: the peak wait4() reports for a child started by posix_spawn counts the
/// memory of the test process too, which it shared until its exec.
inline long peak_rss_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0)
      return std::stol(line.substr(6));
  }
  return 0;
}

}  // namespace tasker::testing
