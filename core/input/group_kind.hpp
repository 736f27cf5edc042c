#pragma once
// The three combinators of a group (docs/behaviour.md "Commands"), and what to do with the
// members still running when one fires early.

#include <cstddef>

namespace tasker {

enum class ParallelKind { gather, list, any };

/// What to do with the tasks still running when the run fires early.
enum class OnFire { cancel, wait };

/// A group's knobs, from the command line (ParallelOptions) or a task file (spec::Body): the
/// DeferredList flags of `list` (gather reads only consume_errors, any none of them:
/// list_options() in core/run/group_verdict.hpp says which apply), --on-fire and -j.
struct GroupOptions {
  ParallelKind kind = ParallelKind::gather;
  bool fire_on_one_callback = false;
  bool fire_on_one_errback = false;
  bool consume_errors = false;
  OnFire on_fire = OnFire::cancel;
  /// At most this many members at once; 0 = no limit.
  std::size_t jobs = 0;
};

}  // namespace tasker
