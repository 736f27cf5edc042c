// spawn_floor: the floor for per-task overhead. Spawns `N` copies of a
// command with at most `J` in flight and waits for them all, with nothing
// else: no pipes, no event loop, no process groups. Anything a task runner
// does per task costs on top of this.
//
//   spawn_floor N J [COMMAND [ARG...]]    (COMMAND defaults to `true`, found on PATH)
//   spawn_floor - J [COMMAND [ARG...]]    one copy per line of stdin, the line appended as
//                                         the last argument: the floor of one command
//                                         template over many inputs (`xargs -n1`'s job)
//
// Exits 0 if every child exited 0, 1 otherwise, 2 on bad usage.

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace {

// The next command line to start, or nullptr when there is none. With inputs, the last slot
// of `child_argv` is the line just read (newline cut); without, `child_argv` as it is.
char** next_command(long& left, bool from_stdin, char** child_argv, int input_slot) {
  if (!from_stdin) {
    if (left == 0)
      return nullptr;
    --left;
    return child_argv;
  }
  static char* line = nullptr;
  static size_t capacity = 0;
  const ssize_t length = ::getline(&line, &capacity, stdin);
  if (length < 0)
    return nullptr;
  if (length > 0 && line[length - 1] == '\n')
    line[length - 1] = '\0';
  child_argv[input_slot] = line;
  return child_argv;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: spawn_floor N|- J [COMMAND [ARG...]]\n");
    return 2;
  }
  const bool from_stdin = std::strcmp(argv[1], "-") == 0;
  long left = from_stdin ? 0 : std::strtol(argv[1], nullptr, 10);
  const long jobs = std::strtol(argv[2], nullptr, 10);
  if (left < 0 || jobs < 1) {
    std::fprintf(stderr, "spawn_floor: N must be >= 0 and J >= 1\n");
    return 2;
  }
  // No std::vector: the floor must not load libstdc++, whose loading alone is most of a small
  // process's start-up (see bench/README.md). Room for the command, an input and the null.
  static char true_name[] = "true";
  const int words = argc > 3 ? argc - 3 : 1;
  char** child_argv =
      static_cast<char**>(std::calloc(static_cast<size_t>(words) + 2, sizeof(char*)));
  if (child_argv == nullptr)
    return 1;
  for (int i = 0; i < words; ++i) child_argv[i] = argc > 3 ? argv[3 + i] : true_name;
  const int input_slot = words;

  long running = 0;
  bool all_ok = true;
  bool more = true;
  while (more || running > 0) {
    while (more && running < jobs) {
      char** command = next_command(left, from_stdin, child_argv, input_slot);
      if (command == nullptr) {
        more = false;
        break;
      }
      // posix_spawnp copies argv into the child before it returns: the line may be reused.
      pid_t pid = 0;
      const int err = ::posix_spawnp(&pid, command[0], nullptr, nullptr, command, environ);
      if (err != 0) {
        std::fprintf(stderr, "spawn_floor: %s: %s\n", command[0], std::strerror(err));
        return 1;
      }
      ++running;
    }
    if (running == 0)
      continue;
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      std::perror("spawn_floor: waitpid");
      return 1;
    }
    --running;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      all_ok = false;
  }
  return all_ok ? 0 : 1;
}
