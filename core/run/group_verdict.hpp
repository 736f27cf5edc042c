#pragma once
// GroupVerdict: how a group of gather, list or any decides what it gives
// from its DeferredList and its members (docs/behaviour.md "Commands", "Exit statuses"): which
// member fired it, which one's status a failure exits with, how many failures are left unhandled.
// Shared by ParallelRun (the commands) and GroupNode (a task file's groups), so both decide alike.

#include "core/deferred/deferred_list.hpp"
#include "core/input/group_kind.hpp"
#include "core/run/run_result.hpp"

#include <cstddef>
#include <optional>

namespace tasker {

/// The DeferredList flags a group runs with: gather is gatherResults (fire_on_one_errback), any
/// is fire_on_one_callback with consume_errors, list takes the three as given.
[[nodiscard]] inline DeferredListOptions list_options(const GroupOptions& options) {
  switch (options.kind) {
    case ParallelKind::gather:
      return {.fire_on_one_errback = true, .consume_errors = options.consume_errors};
    case ParallelKind::any:
      return {.fire_on_one_callback = true, .consume_errors = true};
    case ParallelKind::list:
      break;
  }
  return {.fire_on_one_callback = options.fire_on_one_callback,
          .fire_on_one_errback = options.fire_on_one_errback,
          .consume_errors = options.consume_errors};
}

class GroupVerdict {
 public:
  explicit GroupVerdict(ParallelKind kind) : kind_(kind) {}

  /// The list called back, with the index of its first success under
  /// fire_on_one_callback, or with every outcome. `any` with no success is
  /// its failure (docs/behaviour.md "Commands"), with the status of the last failure.
  void list_called_back(std::optional<std::size_t> first_success) {
    if (first_success) {
      fired_ = Fired::callback;
      fire_index_ = first_success;
    } else {
      fired_ = kind_ == ParallelKind::any ? Fired::errback : Fired::callback;
    }
  }

  /// The list errbacked with FirstError: member `index` failed first, with `status`.
  void list_errbacked(std::size_t index, std::optional<int> status) {
    fired_ = Fired::errback;
    fire_index_ = index;
    failed_ = index;
    failure_status_ = status;
  }

  /// Member `index` is done with: whether it failed on its own (not a
  /// cancel), its status, and whether its failure is left unhandled.
  void member_settled(std::size_t index, bool failed, std::optional<int> status, bool unhandled) {
    if (unhandled)
      ++unhandled_;
    if (failed) {
      last_failure_ = index;
      last_failure_status_ = status;
    }
  }

  [[nodiscard]] Fired fired() const { return fired_; }
  [[nodiscard]] const std::optional<std::size_t>& fire_index() const { return fire_index_; }
  [[nodiscard]] std::size_t unhandled() const { return unhandled_; }

  /// The member whose status a failed group gives, and that status: the
  /// FirstError's member, or the last failure in time.
  [[nodiscard]] std::optional<std::size_t> failed_member() const {
    return failed_ ? failed_ : last_failure_;
  }
  [[nodiscard]] std::optional<int> failure_status() const {
    return failed_ ? failure_status_ : last_failure_status_;
  }

  /// Copies the verdict into `result`.
  void fill(RunResult& result) const {
    result.fired = fired_;
    result.fire_index = fire_index_;
    if (fired_ == Fired::errback) {
      result.failed_task = failed_member();
      result.failure_status = failure_status();
    }
    result.unhandled = unhandled_;
  }

 private:
  ParallelKind kind_;
  Fired fired_ = Fired::none;
  std::optional<std::size_t> fire_index_;
  std::optional<std::size_t> failed_;
  std::optional<int> failure_status_;
  std::optional<std::size_t> last_failure_;
  std::optional<int> last_failure_status_;
  std::size_t unhandled_ = 0;
};

}  // namespace tasker
