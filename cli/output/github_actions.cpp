#include "cli/output/github_actions.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <random>
#include <string_view>

namespace tasker::cli {

bool on_github_actions() {
  const char* value = std::getenv("GITHUB_ACTIONS");
  return value != nullptr && std::string_view(value) == "true";
}

std::string escape_workflow_message(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string group_command(std::string_view title) {
  return fmt::format("::group::{}\n", escape_workflow_message(title));
}

std::string fresh_stop_token() {
  // Straight from the kernel's randomness (getrandom): a token no task can predict.
  std::random_device random;
  return fmt::format("{:08x}{:08x}{:08x}{:08x}", random(), random(), random(), random());
}

std::string stop_commands(std::string_view token) {
  return fmt::format("::stop-commands::{}\n", token);
}

std::string resume_commands(std::string_view token) {
  return fmt::format("::{}::\n", token);
}

std::string task_error_command(std::string_view name, bool timed_out, int status,
                               std::string_view command) {
  const std::string what = timed_out ? fmt::format("{} timed out (status {})", name, status)
                                     : fmt::format("{} failed with status {}", name, status);
  return fmt::format("::error title=tasker::{}: {}\n", escape_workflow_message(what),
                     escape_workflow_message(command));
}

}  // namespace tasker::cli
