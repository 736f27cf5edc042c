#pragma once
// The three combinators of a group (docs/behaviour.md "Commands"), and what to do with the
// members still running when one fires early.

namespace tasker {

enum class ParallelKind { gather, list, any };

/// What to do with the tasks still running when the run fires early.
enum class OnFire { cancel, wait };

}  // namespace tasker
