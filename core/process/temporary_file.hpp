#pragma once
// Temporary files for what tasker holds on disk instead of in memory
// (grouped output past its memory, a chain step's stdout for the next step):
// made in $TMPDIR, else /tmp, and unlinked at once, so they vanish with
// tasker however it ends, SIGKILL included.

#include "core/process/unique_fd.hpp"

#include <string>

namespace tasker {

/// The folder temporary files go to: $TMPDIR if set and not empty, else /tmp.
[[nodiscard]] std::string temporary_folder();

/// A new, empty, unlinked file in temporary_folder(), open for reading and
/// writing; or an invalid UniqueFd and `error` saying why ("cannot make a
/// temporary file in /tmp: No space left on device").
[[nodiscard]] UniqueFd make_temporary_file(std::string& error);

}  // namespace tasker
