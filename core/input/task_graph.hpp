#pragma once
// The checks of a task file that need every task read first (docs/behaviour.md "Bad task files"):
// each name referred to exists, and no task reaches itself through names.

#include "core/input/task_spec.hpp"

namespace tasker {

/// Throws InputError ("FILE:LINE:COLUMN: message", task_file_error()) at the first reference,
/// in file order, to a name no task in `file` has, with the nearest name suggested; else at the
/// reference that closes the first cycle of names found, the message naming the cycle in order
/// ("cycle of tasks: a -> b -> a"). References are followed through needs, group members and
/// chain levels, and through the inline tasks inside them.
void check_task_graph(const spec::TaskFile& file);

}  // namespace tasker
