#pragma once
// ShellEnvironment: the environment `/bin/sh -c` hands to the program it
// runs, for the commands tasker runs directly (core/process/simple_command.hpp), so a
// program sees the same variables either way. dash, Debian's /bin/sh, passes
// on only the entries whose names are shell variable names, and always
// exports a PWD that names the current directory.

#include <string>
#include <string_view>
#include <vector>

namespace tasker {

/// True for a `NAME=value` entry whose NAME a shell would take as a
/// variable: a letter or `_`, then letters, digits and `_`.
[[nodiscard]] bool is_shell_variable_entry(std::string_view entry);

/// What a shell started in `dir` (empty: the current directory) sets PWD to:
/// `env_pwd` when it is an absolute path naming that directory (symlinks kept,
/// as the user typed them), else the directory's real path; empty if even that
/// cannot be found. `env_pwd` may be null (PWD unset).
[[nodiscard]] std::string shell_pwd(const char* env_pwd, const std::string& dir = {});

/// The entries of `env` that a shell started in `dir` (empty: the current
/// directory) passes on, in order, with PWD replaced (or added) as
/// shell_pwd() says for `dir`. For a process whose environment or folder is
/// not tasker's; ShellEnvironment keeps the common case cheap.
[[nodiscard]] std::vector<std::string> shell_environment_in(const std::vector<std::string>& env,
                                                            const std::string& dir);

class ShellEnvironment {
 public:
  /// The entries of `env` that a shell passes on, in order, with PWD
  /// replaced (or added) as shell_pwd() says; null-terminated, pointing into
  /// `env`'s strings and this object's own. Valid until the next call or
  /// the end of this object, and while `env` is unchanged.
  /// PWD is worked out on the first call only: tasker never changes directory.
  /// An `env` holding the same pointers as last time gives the last result
  /// back without looking at the strings again.
  [[nodiscard]] char* const* build(char* const* env);

 private:
  std::vector<char*> source_;   // the entries of the last `env`
  std::vector<char*> entries_;  // the result built from them
  std::string pwd_entry_;       // "PWD=..."
  bool pwd_known_ = false;
};

}  // namespace tasker
