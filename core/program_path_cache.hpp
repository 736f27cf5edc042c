#pragma once
// ProgramPathCache: where on PATH a program name was found, remembered, as a
// shell's `hash` does. A command run directly is then exec'd by its full path
// instead of trying every PATH directory in the child for every task (a
// failed execve per directory before the right one, 2000 times for 2000
// tasks).

#include <string>
#include <string_view>
#include <unordered_map>

namespace tasker {

class ProgramPathCache {
 public:
  /// `path_variable` is PATH's value: directories separated by ':', an empty
  /// one meaning the current directory, as for execvp.
  explicit ProgramPathCache(std::string path_variable);

  /// The full path of the first regular, executable file named `name` in a
  /// PATH directory, or null if there is none (the caller lets the search
  /// happen at exec time, which then reports the error as usual). A name
  /// holding '/' is not searched for: null. Valid until forget() or the end
  /// of this object.
  [[nodiscard]] const std::string* find(const std::string& name);

  /// Forgets `name`: its file moved or went, the next find() searches again.
  void forget(const std::string& name);

 private:
  std::string path_variable_;
  std::unordered_map<std::string, std::string> found_;
};

}  // namespace tasker
