#pragma once
// Runs the built tasker binary for end-to-end tests: a SpawnedProcess with
// stdin, stdout and stderr in files of the test's scratch directory and the
// environment tasker sees elsewhere; and what those tests look at meanwhile.

#include "tests/support/spawned_process.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

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

/// What a tasker run ended with.
using TaskerResult = ProcessResult;

/// A tasker run in the background, in a process group of its own, reading
/// `stdin_text` and writing stdout and stderr to files.
class TaskerProcess : public SpawnedProcess {
 public:
  TaskerProcess(const std::vector<std::string>& args, const ScratchDir& dir,
                const std::string& stdin_text = "", const std::vector<std::string>& extra_env = {})
      : SpawnedProcess(argv(args), dir, Options{Stdout::file, stdin_text, env(extra_env)}) {}

 private:
  static std::vector<std::string> argv(const std::vector<std::string>& args) {
    std::vector<std::string> argv_text{TASKER_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    return argv_text;
  }

  static std::vector<std::string> env(const std::vector<std::string>& extra_env) {
    std::vector<std::string> env_text;
    for (char** e = environ; *e != nullptr; ++e) {
      // Tests that run on GitHub Actions or GitLab CI must see tasker as it is elsewhere: its
      // workflow commands, sections and job summary are only on when a test asks for them in
      // extra_env.
      if (std::string_view(*e).rfind("GITHUB_ACTIONS=", 0) == 0 ||
          std::string_view(*e).rfind("GITLAB_CI=", 0) == 0 ||
          std::string_view(*e).rfind("GITHUB_STEP_SUMMARY=", 0) == 0)
        continue;
      env_text.emplace_back(*e);
    }
    env_text.insert(env_text.end(), extra_env.begin(), extra_env.end());
    return env_text;
  }
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
