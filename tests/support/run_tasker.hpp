#pragma once
// Runs the built tasker binary for end-to-end tests: stdout and stderr go to
// files (no pipe to deadlock on), the run has a generous deadline after which
// its whole process group is killed, and every test gets a scratch directory.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace tasker::testing {

// True when this build runs under AddressSanitizer. The tasker binary the
// e2e tests run is built with the same flags, and ASan's shadow memory and
// quarantine make RSS figures meaningless, and it needs descriptors of its
// own before main(): memory and fd-limit tests skip themselves under it.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kUnderAddressSanitizer = true;
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif

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

struct TaskerResult {
  std::optional<int> exit_code;  ///< set when tasker exited
  std::optional<int> signal;     ///< set when tasker died of a signal
  std::string out;
  std::string err;
};

/// A tasker run in the background, in a process group of its own.
class TaskerProcess {
 public:
  TaskerProcess(const std::vector<std::string>& args, const ScratchDir& dir,
                const std::string& stdin_text = "", const std::vector<std::string>& extra_env = {})
      : out_path_(dir.file(".stdout")), err_path_(dir.file(".stderr")) {
    const std::string in_path = dir.file(".stdin");
    write_file(in_path, stdin_text);
    std::vector<std::string> argv_text{TASKER_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_text;
    for (char** e = environ; *e != nullptr; ++e) {
      // Tests that run on GitHub Actions must see tasker as it is elsewhere: its workflow
      // commands are only on when a test asks for them in extra_env.
      if (std::string_view(*e).rfind("GITHUB_ACTIONS=", 0) == 0)
        continue;
      env_text.emplace_back(*e);
    }
    env_text.insert(env_text.end(), extra_env.begin(), extra_env.end());
    std::vector<char*> envp;
    for (std::string& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addchdir_np(&actions, dir.path().c_str());
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    const int error = ::posix_spawn(&pid_, argv[0], &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (error != 0)
      throw std::runtime_error("cannot start " + std::string(TASKER_BINARY));
  }

  ~TaskerProcess() {
    if (pid_ > 0) {
      ::kill(-pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  TaskerProcess(const TaskerProcess&) = delete;
  TaskerProcess& operator=(const TaskerProcess&) = delete;

  void signal(int signo) const { ::kill(pid_, signo); }

  /// Waits for tasker to end; after `deadline` its group is killed and the
  /// test fails on the result (signal 9).
  TaskerResult wait(std::chrono::seconds deadline = std::chrono::seconds(60)) {
    TaskerResult result;
    int status = 0;
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (true) {
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_)
        break;
      if (std::chrono::steady_clock::now() > until) {
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    if (WIFEXITED(status))
      result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status))
      result.signal = WTERMSIG(status);
    result.out = read_file(out_path_);
    result.err = read_file(err_path_);
    return result;
  }

 private:
  std::string out_path_;
  std::string err_path_;
  pid_t pid_ = -1;
};

/// Runs tasker to the end.
inline TaskerResult run_tasker(const std::vector<std::string>& args, const ScratchDir& dir,
                               const std::string& stdin_text = "",
                               const std::vector<std::string>& extra_env = {}) {
  TaskerProcess process(args, dir, stdin_text, extra_env);
  return process.wait();
}

/// Waits (polling, up to `deadline`) until `path` exists.
inline bool wait_for_file(const std::string& path,
                          std::chrono::seconds deadline = std::chrono::seconds(30)) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && info.st_size > 0)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

/// True while a process with this pid runs. A zombie does not count: it
/// is dead, waiting for whichever init adopted it to reap it.
inline bool process_alive(pid_t pid) {
  if (::kill(pid, 0) != 0)
    return false;
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size())
    return false;  // gone meanwhile
  return stat[paren + 2] != 'Z';
}

/// The pids written one per line into `path` by tasks (`echo $$ >> pids`).
inline std::vector<pid_t> read_pids(const std::string& path) {
  std::vector<pid_t> pids;
  std::istringstream in(read_file(path));
  pid_t pid = 0;
  while (in >> pid) pids.push_back(pid);
  return pids;
}

}  // namespace tasker::testing
