#pragma once
// GroupNode: gather, list or any over member nodes (`gather`, `list`,
// `any` and the gather of a task's `needs` in docs/behaviour.md "Task files"): one DeferredList
// over the members' outcomes with the flags of the kind (docs/rules.md D, E), at most `jobs`
// members at once, and tasker's on-fire policy. Its outcome comes once every member it started has
// ended: a StepValue when the list called back, StepFailed with the failing member's status when it
// errbacked.

#include "core/deferred/deferred_list.hpp"
#include "core/input/group_kind.hpp"
#include "core/run/group_verdict.hpp"
#include "core/run/node.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace tasker {

/// Makes a node afresh for one run of it: `index` is its place among its
/// siblings, `parent_path` the path of the node that runs it.
using NodeMaker =
    std::function<std::unique_ptr<Node>(std::size_t index, const std::string& parent_path)>;

class GroupNode final : public Node {
 public:
  /// A member as the report shows it: null node when it never started.
  struct Member {
    std::unique_ptr<Node> node;
    bool cancelled_by_tasker = false;
    bool unhandled = false;
    bool settled = false;
  };

  GroupNode(NodeKind kind, std::string name, std::string path, GroupOptions spec,
            std::vector<NodeMaker> members);
  ~GroupNode() override;

  [[nodiscard]] const GroupOptions& spec() const { return spec_; }
  [[nodiscard]] const std::vector<Member>& members() const { return members_; }
  [[nodiscard]] const GroupVerdict& verdict() const { return verdict_; }

 private:
  Deferred<StepValue> run(RunContext& context, const StepInput& input) override;
  void stop() override;

  void start_more();
  void launch(std::size_t index);
  void on_list_callback(const DeferredListResult<StepValue>& result);
  void on_list_errback(const Failure& failure);
  void cancel_running();
  void settle(std::size_t index, const Outcome<StepValue>& outcome);
  void release_if_done(std::size_t index);
  void finish_if_done();

  GroupOptions spec_;
  std::vector<NodeMaker> makers_;
  std::vector<Member> members_;
  std::vector<std::optional<Deferred<StepValue>>> outcomes_;  // of members still running
  DeferredList<StepValue> list_;
  GroupVerdict verdict_;
  std::optional<FailureFacts> first_error_facts_;   // the FirstError's member's
  std::optional<FailureFacts> last_failure_facts_;  // the last member that failed
  std::size_t next_ = 0;
  std::size_t running_ = 0;
  bool stopped_ = false;
  bool closed_ = false;
  bool starting_ = false;
  bool finished_ = false;
  Deferred<StepValue> outcome_;
};

}  // namespace tasker
