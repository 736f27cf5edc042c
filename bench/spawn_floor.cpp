// spawn_floor: the floor for per-task overhead. Spawns `N` copies of a
// command with at most `J` in flight and waits for them all, with nothing
// else: no pipes, no event loop, no process groups. Anything a task runner
// does per task costs on top of this.
//
//   spawn_floor N J [COMMAND [ARG...]]    (COMMAND defaults to `true`, found on PATH)
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

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: spawn_floor N J [COMMAND [ARG...]]\n");
    return 2;
  }
  const long total = std::strtol(argv[1], nullptr, 10);
  const long jobs = std::strtol(argv[2], nullptr, 10);
  if (total < 0 || jobs < 1) {
    std::fprintf(stderr, "spawn_floor: N must be >= 0 and J >= 1\n");
    return 2;
  }
  // argv is null-terminated already. No std::vector: the floor must not load libstdc++,
  // whose loading alone is most of a small process's start-up (see bench/README.md).
  static char true_name[] = "true";
  static char* default_argv[] = {true_name, nullptr};
  char** child_argv = argc > 3 ? argv + 3 : default_argv;

  long started = 0;
  long running = 0;
  bool all_ok = true;
  while (started < total || running > 0) {
    while (started < total && running < jobs) {
      pid_t pid = 0;
      const int err = ::posix_spawnp(&pid, child_argv[0], nullptr, nullptr, child_argv, environ);
      if (err != 0) {
        std::fprintf(stderr, "spawn_floor: %s: %s\n", child_argv[0], std::strerror(err));
        return 1;
      }
      ++started;
      ++running;
    }
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
