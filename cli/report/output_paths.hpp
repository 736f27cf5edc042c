#pragma once
// Two outputs on one file: `--report x --junit x` (or --html x) would leave whichever was
// written last, and a report over the --from file would truncate the
// commands before they are read. Both are usage errors, found before
// anything is opened for writing (docs/behaviour.md "Bad input"). Paths are compared by what they
// name, not by how they are spelt: `./x` and `x`, a symlink and its target,
// two hard links.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tasker::cli {

/// An output file and the option that named it (`--report`), for the messages.
struct OutputPath {
  std::string option;
  std::string path;
};

/// Throws UsageError when two of `outputs` name the same file, or when one
/// names the file `from` reads (`-`: stdin), which messages call `from_name`. An empty path is no
/// output (or no input). Files that are not regular files (`/dev/null`, a
/// terminal) may be named twice: writing one twice loses nothing.
void check_output_paths(const std::vector<OutputPath>& outputs, const std::string& from,
                        std::string_view from_name = "--from");

/// An output named `option` (`--joblog`) at `path` (empty: none): throws UsageError when it is
/// the same file as one of `others` (option, path) or as the file `from` reads.
void check_output_path(const std::string& option, const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& others,
                       const std::string& from);

}  // namespace tasker::cli
