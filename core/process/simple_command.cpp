#include "core/process/simple_command.hpp"

#include <algorithm>
#include <array>

namespace tasker {
namespace {

// Bytes with a meaning to a POSIX shell (or to bash, which is /bin/sh on some systems).
// Some only matter in certain places (`#` at a word's start, `~` before a `/`), but a
// command using them is rare enough to send to the shell whole.
constexpr std::string_view kShellBytes = "'\"$`\\|&;<>(){}*?[]~#!";

// First words only a shell can run: keywords, and builtins that change the shell itself or
// whose programs (if any) act differently (`pwd` follows symlinks, `kill %1`, `echo -e`).
// POSIX special and regular builtins, plus dash's and bash's own.
constexpr auto kShellWords = std::to_array<std::string_view>(
    {// keywords
     "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in",
     "select", "then", "time", "until", "while",
     // builtins
     ".", ":", "alias", "bg", "bind", "break", "builtin", "caller", "cd", "chdir", "command",
     "compgen", "complete", "compopt", "continue", "declare", "dirs", "disown", "echo", "enable",
     "eval", "exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "help", "history",
     "jobs", "kill", "let", "local", "login", "logout", "mapfile", "newgrp", "popd", "printf",
     "pushd", "pwd", "read", "readarray", "readonly", "return", "set", "shift", "shopt", "source",
     "suspend", "test", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias",
     "unset", "wait"});

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool needs_shell(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20U)
    return !is_blank(c);  // newline, carriage return, NUL, ...
  return byte == 0x7FU || kShellBytes.find(c) != std::string_view::npos;
}

// The builtins kept above that have a program doing exactly the same, in these forms.
bool same_as_program(const std::vector<std::string>& words) {
  const std::string& name = words.front();
  if (name == "true" || name == "false")
    return words.size() == 1;  // `true --help` prints help as a program
  if (name == "echo") {
    return std::none_of(words.begin() + 1, words.end(),
                        [](const std::string& w) { return w.front() == '-'; });
  }
  return false;
}

bool is_shell_word(std::string_view word) {
  return std::find(kShellWords.begin(), kShellWords.end(), word) != kShellWords.end();
}

}  // namespace

std::optional<std::vector<std::string>> split_simple_command(std::string_view command) {
  if (std::any_of(command.begin(), command.end(), needs_shell))
    return std::nullopt;

  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < command.size()) {
    while (i < command.size() && is_blank(command[i])) ++i;
    const std::size_t start = i;
    while (i < command.size() && !is_blank(command[i])) ++i;
    if (i > start)
      words.emplace_back(command.substr(start, i - start));
  }
  if (words.empty())
    return std::nullopt;
  if (words.front().find('=') != std::string::npos)
    return std::nullopt;
  if (is_shell_word(words.front()) && !same_as_program(words))
    return std::nullopt;
  return words;
}

}  // namespace tasker
