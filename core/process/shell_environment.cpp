#include "core/process/shell_environment.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <string>

namespace tasker {
namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

bool is_shell_variable_entry(std::string_view entry) {
  const std::size_t eq = entry.find('=');
  if (eq == std::string_view::npos || eq == 0 || !is_name_start(entry.front()))
    return false;
  for (std::size_t i = 1; i < eq; ++i) {
    if (!is_name_char(entry[i]))
      return false;
  }
  return true;
}

namespace {

const char* text_of(const char* entry) {
  return entry;
}

const char* text_of(const std::string& entry) {
  return entry.c_str();
}

// Hands `keep` each entry of `env` a shell passes on, in order, leaving PWD out (the shell sets
// it itself); returns PWD's value, or null without one.
template <typename Entries, typename Keep>
const char* pass_shell_entries(const Entries& env, Keep keep) {
  const char* env_pwd = nullptr;
  for (const auto& entry : env) {
    const char* text = text_of(entry);
    if (std::strncmp(text, "PWD=", 4) == 0)
      env_pwd = text + 4;
    else if (is_shell_variable_entry(text))
      keep(entry);
  }
  return env_pwd;
}

}  // namespace

std::string shell_pwd(const char* env_pwd, const std::string& dir) {
  const char* const where = dir.empty() ? "." : dir.c_str();
  struct stat here {};
  struct stat named {};
  if (env_pwd != nullptr && env_pwd[0] == '/' && ::stat(where, &here) == 0 &&
      ::stat(env_pwd, &named) == 0 && same_file(here, named)) {
    return env_pwd;
  }
  // glibc allocates a buffer of the right size for a null buffer.
  const std::unique_ptr<char, decltype(&std::free)> real(
      dir.empty() ? ::getcwd(nullptr, 0) : ::realpath(where, nullptr), &std::free);
  return real ? std::string(real.get()) : std::string();
}

std::vector<std::string> shell_environment_in(const std::vector<std::string>& env,
                                              const std::string& dir) {
  std::vector<std::string> entries;
  const char* env_pwd =
      pass_shell_entries(env, [&entries](const std::string& entry) { entries.push_back(entry); });
  const std::string pwd = shell_pwd(env_pwd, dir);
  if (!pwd.empty())
    entries.push_back("PWD=" + pwd);
  return entries;
}

char* const* ShellEnvironment::build(char* const* env) {
  // The environment hardly ever changes while tasker runs: compare pointers, not strings.
  std::size_t n = 0;
  while (env != nullptr && env[n] != nullptr) ++n;
  if (pwd_known_ && std::equal(env, env + n, source_.begin(), source_.end()))
    return entries_.data();
  source_.assign(env, env + n);

  entries_.clear();
  // PWD is added below, once, as the shell would set it.
  const char* env_pwd = pass_shell_entries(std::span<char* const>(env, n),
                                           [this](char* entry) { entries_.push_back(entry); });
  if (!pwd_known_) {
    const std::string pwd = shell_pwd(env_pwd);
    if (!pwd.empty())
      pwd_entry_ = "PWD=" + pwd;
    pwd_known_ = true;
  }
  if (!pwd_entry_.empty())
    entries_.push_back(pwd_entry_.data());
  entries_.push_back(nullptr);
  return entries_.data();
}

}  // namespace tasker
