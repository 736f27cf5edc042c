#pragma once
// ProcessGuard: remembers every process group a test started and SIGKILLs
// whatever is left of them when the test ends, so a failing process test
// never leaves processes behind: no test may leave a process behind.
// Use it as a fixture member and call kill_leftovers() from TearDown().

#include <dirent.h>
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>

namespace tasker {

class ProcessGuard {
 public:
  ProcessGuard() = default;
  ProcessGuard(const ProcessGuard&) = delete;
  ProcessGuard& operator=(const ProcessGuard&) = delete;
  ~ProcessGuard() { kill_leftovers(); }

  /// Remembers a process group the test started.
  void track(int pgid) { groups_.insert(pgid); }

  /// SIGKILLs every tracked group that still has a running member.
  /// Postconditions: nothing tracked any more.
  void kill_leftovers() {
    for (int pgid : groups_) {
      if (running_members(pgid) > 0)
        ::kill(-pgid, SIGKILL);
    }
    groups_.clear();
  }

  /// How many processes of group `pgid` are running, zombies not counted (an
  /// orphan stays a zombie until init reaps it, which may take a while).
  static int running_members(int pgid) {
    int count = 0;
    DIR* proc = ::opendir("/proc");
    if (proc == nullptr)
      return 0;
    while (const dirent* entry = ::readdir(proc)) {
      const std::string name = entry->d_name;
      if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos)
        continue;
      std::ifstream stat("/proc/" + name + "/stat");
      std::string line;
      if (!std::getline(stat, line))
        continue;
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const auto close = line.rfind(')');
      if (close == std::string::npos)
        continue;
      char state = 0;
      int ppid = 0;
      int pgrp = 0;
      if (std::sscanf(line.c_str() + close + 1, " %c %d %d", &state, &ppid, &pgrp) != 3)
        continue;
      if (pgrp == pgid && state != 'Z' && state != 'X')
        ++count;
    }
    ::closedir(proc);
    return count;
  }

  /// The state letter of process `pid` in /proc (`S` sleeping, `R` running, `T` stopped, `Z` a
  /// zombie), or 0 once it is gone.
  static char state_of(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line))
      return 0;
    const auto close = line.rfind(')');  // comm may hold spaces and parentheses
    if (close == std::string::npos || close + 2 >= line.size())
      return 0;
    return line[close + 2];
  }

 private:
  std::set<int> groups_;
};

}  // namespace tasker
