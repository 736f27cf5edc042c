#include "core/process/process_exit.hpp"

#include "core/status_numbers.hpp"

#include <fmt/format.h>

#include <string.h>
#include <sys/wait.h>

#include <utility>

namespace tasker {

ProcessExit ProcessExit::exited(int code) {
  ProcessExit e;
  e.exit_code = code;
  return e;
}

ProcessExit ProcessExit::killed(int signo, bool core_dumped) {
  ProcessExit e;
  e.signal = signo;
  e.core_dumped = core_dumped;
  return e;
}

ProcessExit ProcessExit::not_started(std::string why) {
  ProcessExit e;
  e.start_error = std::move(why);
  return e;
}

ProcessExit ProcessExit::not_started_at_process_limit(std::string why) {
  ProcessExit e = not_started(std::move(why));
  e.process_limit_reached = true;
  return e;
}

ProcessExit ProcessExit::from_wait_status(int status) {
  if (WIFSIGNALED(status))
    return killed(WTERMSIG(status), WCOREDUMP(status));
  return exited(WEXITSTATUS(status));
}

ProcessExit ProcessExit::from_siginfo(const siginfo_t& info) {
  if (info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED)
    return killed(info.si_status, info.si_code == CLD_DUMPED);
  return exited(info.si_status);
}

int ProcessExit::status() const {
  if (!start_error.empty())
    return status::kCannotStart;
  if (signal)
    return status::of_signal(*signal);
  if (exit_code)
    return *exit_code;
  return -1;
}

std::string ProcessExit::describe() const {
  if (!start_error.empty())
    return start_error;
  if (signal) {
    const char* abbrev = ::sigabbrev_np(*signal);
    const std::string name = abbrev == nullptr ? std::string() : fmt::format(" (SIG{})", abbrev);
    return fmt::format("killed by signal {}{}{}", *signal, name,
                       core_dumped ? " (core dumped)" : "");
  }
  if (exit_code)
    return fmt::format("exited with {}", *exit_code);
  return "unknown";
}

}  // namespace tasker
