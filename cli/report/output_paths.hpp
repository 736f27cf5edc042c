#pragma once
// Two outputs on one file: `--report x --junit x` (or --html, --joblog) would leave whichever
// was written last, and an output over an input (--from, --args) would truncate what is still
// to be read. Both are usage errors, found before
// anything is opened for writing (docs/behaviour.md "Bad input"). Paths are compared by what they
// name, not by how they are spelt: `./x` and `x`, a symlink and its target,
// two hard links.

#include <string>
#include <vector>

namespace tasker::cli {

/// A file and the option that named it (`--report`, `--from`), for the messages.
struct OptionPath {
  std::string option;
  std::string path;
};

/// Throws UsageError when two of `outputs` name the same file, or when one names a file one of
/// `inputs` reads (`-`: stdin). An empty path is no file. Files that are not regular files
/// (`/dev/null`, a terminal) may be named twice: writing one twice loses nothing.
void check_output_paths(const std::vector<OptionPath>& outputs,
                        const std::vector<OptionPath>& inputs = {});

}  // namespace tasker::cli
