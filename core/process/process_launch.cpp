#include "core/process/process_launch.hpp"

#include "core/process/open_file_limit.hpp"
#include "core/process/simple_command.hpp"

#include <fmt/format.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

namespace tasker::detail {
namespace {

// Moves `fd` above 2, so that duping the pipes onto the child's 0, 1 and 2 cannot clobber
// one with another (if tasker itself runs with stdout or stderr closed).
bool move_above_stdio(UniqueFd& fd) {
  if (fd.get() > STDERR_FILENO)
    return true;
  const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  if (moved < 0)
    return false;
  fd.reset(moved);
  return true;
}

// A pipe whose ends are close-on-exec (the child gets its end through dup2, which clears
// the flag on the copy). The read end is made non-blocking later, through Asio (Pipe), so
// that Asio knows and does not make its own ioctl for it. Returns 0, or the error number.
int make_pipe(UniqueFd& read_end, UniqueFd& write_end) {
  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0)
    return errno;
  read_end.reset(fds[0]);
  write_end.reset(fds[1]);
  if (!move_above_stdio(read_end) || !move_above_stdio(write_end))
    return errno;
  return 0;
}

// glibc keeps the signals from 32 up to SIGRTMIN for itself (thread cancellation, setuid in
// every thread): its sigfillset and sigaddset leave them out, and its posix_spawn then sets
// every signal not in the default set that is one of them to SIG_IGN in the child, which exec
// keeps. A task would start with them ignored, where a shell's commands have them at their
// default: their bits are set by hand.
void add_signals_glibc_keeps(sigset_t& set) {
  constexpr int kBitsPerWord = 8 * sizeof(set.__val[0]);
  for (int signo = 32; signo < SIGRTMIN; ++signo) {
    set.__val[(signo - 1) / kBitsPerWord] |= 1UL << ((signo - 1) % kBitsPerWord);
  }
}

// Owns a posix_spawn_file_actions_t: destroyed on every path.
class SpawnFileActions {
 public:
  SpawnFileActions() : init_error_(::posix_spawn_file_actions_init(&actions_)) {}
  ~SpawnFileActions() {
    if (init_error_ == 0)
      ::posix_spawn_file_actions_destroy(&actions_);
  }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;

  [[nodiscard]] int init_error() const { return init_error_; }
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_{};
  int init_error_;
};

// Owns a posix_spawnattr_t: destroyed on every path.
class SpawnAttributes {
 public:
  SpawnAttributes() : init_error_(::posix_spawnattr_init(&attr_)) {}
  ~SpawnAttributes() {
    if (init_error_ == 0)
      ::posix_spawnattr_destroy(&attr_);
  }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;

  [[nodiscard]] int init_error() const { return init_error_; }
  posix_spawnattr_t* get() { return &attr_; }

 private:
  posix_spawnattr_t attr_{};
  int init_error_;
};

// The words to run `command` as directly, or nullopt for `shell -c command` (ShellUse): the
// given argv, else the command's own words when it needs no shell.
std::optional<std::vector<std::string>> direct_words(const std::string& command,
                                                     const ProcessOptions& options) {
  if (!options.argv.empty())
    return options.argv;
  if (options.shell_use == ShellUse::always || !options.env.empty() || !options.cwd.empty())
    return std::nullopt;
  // With PATH unset a shell searches its own default, which is not posix_spawnp's.
  if (::getenv("PATH") == nullptr)
    return std::nullopt;
  return split_simple_command(command);
}

// tasker's environment with `changes` set or replacing what it had.
std::vector<std::string> environment_with(
    const std::vector<std::pair<std::string, std::string>>& changes) {
  std::vector<std::string> entries;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const std::string_view name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& change : changes) replaced = replaced || change.first == name;
    if (!replaced)
      entries.emplace_back(entry);
  }
  for (const auto& [name, value] : changes) entries.push_back(name + "=" + value);
  return entries;
}

// The program a start runs first: the command's own, or the shell.
const std::string& program_of(const std::optional<std::vector<std::string>>& words,
                              const ProcessOptions& options) {
  return words ? words->front() : options.shell;
}

// Starts the command with the given output pipes: directly when `words` are given and that
// works, else as `shell -c command`. Returns nothing and sets `pid`, or says why it could not
// start.
std::optional<LaunchError> start_process(const std::string& command, const ProcessOptions& options,
                                         const std::optional<std::vector<std::string>>& words,
                                         ShellEnvironment& shell_env, int stdout_fd, int stderr_fd,
                                         pid_t& pid) {
  const auto failed = [&](const char* call, int err) {
    return LaunchError{
        fmt::format("cannot run {}: {}: {}", program_of(words, options), call, errno_message(err)),
        err};
  };

  SpawnFileActions actions;
  if (actions.init_error() != 0) {
    return failed("posix_spawn_file_actions_init", actions.init_error());
  }
  if (!options.stdin_path.empty()) {
    if (const int err = ::posix_spawn_file_actions_addopen(
            actions.get(), STDIN_FILENO, options.stdin_path.c_str(), O_RDONLY, 0)) {
      return failed("posix_spawn_file_actions_addopen", err);
    }
  } else if (!options.inherit_stdin) {
    if (const int err = ::posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null",
                                                           O_RDONLY, 0)) {
      return failed("posix_spawn_file_actions_addopen", err);
    }
  }
  if (const int err = ::posix_spawn_file_actions_adddup2(actions.get(), stdout_fd, STDOUT_FILENO)) {
    return failed("posix_spawn_file_actions_adddup2", err);
  }
  if (const int err = ::posix_spawn_file_actions_adddup2(actions.get(), stderr_fd, STDERR_FILENO)) {
    return failed("posix_spawn_file_actions_adddup2", err);
  }

  if (!options.cwd.empty()) {
    if (const int err =
            ::posix_spawn_file_actions_addchdir_np(actions.get(), options.cwd.c_str())) {
      return failed("posix_spawn_file_actions_addchdir_np", err);
    }
  }

  SpawnAttributes attr;
  if (attr.init_error() != 0)
    return failed("posix_spawnattr_init", attr.init_error());
  // Own group (id = its pid): Ctrl-C at the terminal reaches tasker only, and a cancel can
  // signal the task with everything it started.
  if (const int err = ::posix_spawnattr_setpgroup(attr.get(), 0)) {
    return failed("posix_spawnattr_setpgroup", err);
  }
  // An empty mask, and default actions for every signal but those the caller wants kept
  // ignored: one tasker ignores for itself (SIGPIPE) would otherwise survive exec.
  sigset_t signals;
  ::sigemptyset(&signals);
  if (const int err = ::posix_spawnattr_setsigmask(attr.get(), &signals)) {
    return failed("posix_spawnattr_setsigmask", err);
  }
  ::sigfillset(&signals);
  add_signals_glibc_keeps(signals);
  for (int signo = 1; signo < NSIG; ++signo) {
    if (options.keep_ignored.contains(signo))
      ::sigdelset(&signals, signo);
  }
  if (const int err = ::posix_spawnattr_setsigdefault(attr.get(), &signals)) {
    return failed("posix_spawnattr_setsigdefault", err);
  }
  if (const int err = ::posix_spawnattr_setflags(
          attr.get(), POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)) {
    return failed("posix_spawnattr_setflags", err);
  }

  if (words) {
    // posix_spawn does not modify argv; its signature predates const.
    std::vector<char*> argv;
    argv.reserve(words->size() + 1);
    for (const std::string& word : *words) argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    // Searches PATH as the shell would. On failure (not found, not executable, ENOEXEC for a
    // script without `#!`) glibc has reaped the child that tried, and the shell below gets
    // the command: it prints its usual message and exits 127 or 126, or runs the script.
    // Only an argv run has its own environment or folder (direct_words): the shell's
    // environment is then worked out for it alone.
    std::vector<std::string> own_entries;
    std::vector<char*> own_envp;
    char* const* envp = nullptr;
    if (options.env.empty() && options.cwd.empty()) {
      envp = shell_env.build(environ);
    } else {
      own_entries = shell_environment_in(environment_with(options.env), options.cwd);
      for (std::string& entry : own_entries) own_envp.push_back(entry.data());
      own_envp.push_back(nullptr);
      envp = own_envp.data();
    }
    const ScopedCallerOpenFileLimit caller_limit;
    const int err = ::posix_spawnp(&pid, argv[0], actions.get(), attr.get(), argv.data(), envp);
    if (err == 0)
      return {};
    // The shell could not do better than tasker when tasker itself is short of resources, and
    // an argv run has no shell to go to. Any other failure of a direct start (not found, not
    // executable, a script without `#!`) goes to the shell.
    if (short_of_resources(err) || !options.argv.empty())
      return LaunchError{fmt::format("cannot run {}: {}", argv[0], errno_message(err)), err};
  }

  // posix_spawn does not modify argv; its signature predates const.
  char dash_c[] = "-c";
  std::array<char*, 4> argv{const_cast<char*>(options.shell.c_str()), dash_c,
                            const_cast<char*>(command.c_str()), nullptr};
  std::vector<std::string> env_entries;
  std::vector<char*> envp;
  char* const* env = environ;
  if (!options.env.empty()) {
    env_entries = environment_with(options.env);
    for (std::string& entry : env_entries) envp.push_back(entry.data());
    envp.push_back(nullptr);
    env = envp.data();
  }
  const ScopedCallerOpenFileLimit caller_limit;
  if (const int err =
          ::posix_spawn(&pid, options.shell.c_str(), actions.get(), attr.get(), argv.data(), env)) {
    // glibc reports a failed exec here, and has reaped the child that tried.
    return LaunchError{fmt::format("cannot run {}: {}", options.shell, errno_message(err)), err};
  }
  return {};
}

}  // namespace

bool short_of_resources(int err) {
  return err == EAGAIN || err == ENOMEM || err == EMFILE || err == ENFILE;
}

std::string errno_message(int err) {
  return std::system_category().message(err);
}

std::variant<LaunchedProcess, LaunchError> launch_process(const std::string& command,
                                                          const ProcessOptions& options,
                                                          ShellEnvironment& shell_env) {
  const std::optional<std::vector<std::string>> words = direct_words(command, options);
  LaunchedProcess launched;
  UniqueFd stdout_write;
  UniqueFd stderr_write;
  int err = make_pipe(launched.stdout_read, stdout_write);
  if (err == 0)
    err = make_pipe(launched.stderr_read, stderr_write);
  if (err != 0) {
    return LaunchError{
        fmt::format("cannot run {}: pipe: {}", program_of(words, options), errno_message(err)),
        err};
  }
  std::optional<LaunchError> error = start_process(
      command, options, words, shell_env, stdout_write.get(), stderr_write.get(), launched.pid);
  if (error)
    return std::move(*error);
  return launched;
}

int spawn_helper(const char* program, char* const* argv, int stdin_fd, pid_t& pid,
                 bool search_path) {
  SpawnFileActions actions;
  SpawnAttributes attr;
  if (actions.init_error() != 0)
    return actions.init_error();
  if (attr.init_error() != 0)
    return attr.init_error();
  sigset_t no_signals;
  ::sigemptyset(&no_signals);
  sigset_t all_signals;
  ::sigfillset(&all_signals);
  for (const int err : {
           ::posix_spawn_file_actions_adddup2(actions.get(), stdin_fd, STDIN_FILENO),
           ::posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, "/dev/null", O_WRONLY,
                                              0),
           ::posix_spawn_file_actions_addopen(actions.get(), STDERR_FILENO, "/dev/null", O_WRONLY,
                                              0),
           ::posix_spawnattr_setpgroup(attr.get(), 0),
           ::posix_spawnattr_setsigmask(attr.get(), &no_signals),
           ::posix_spawnattr_setsigdefault(attr.get(), &all_signals),
           ::posix_spawnattr_setflags(
               attr.get(), POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF),
       }) {
    if (err != 0)
      return err;
  }
  const ScopedCallerOpenFileLimit caller_limit;
  return search_path ? ::posix_spawnp(&pid, program, actions.get(), attr.get(), argv, environ)
                     : ::posix_spawn(&pid, program, actions.get(), attr.get(), argv, environ);
}

int open_pidfd(pid_t pid) {
  // Through syscall(): glibc 2.36's <sys/pidfd.h> cannot be used from C++.
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

void signal_group(pid_t pgid, int signo) {
  ::kill(-pgid, signo);
}

}  // namespace tasker::detail
