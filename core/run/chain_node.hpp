#pragma once
// ChainNode: a Deferred callback chain of nodes (docs/behaviour.md "Chains";
// docs/rules.md A, I4, I5). Its needs run first (a gather that fails fast and consumes their
// errors), then its body, then its levels in order, each on the core
// Deferred chain: `then` is add_callback, `catch` add_errback (its trap is
// Failure.trap over status numbers), `both` add_both, `finally` add_both
// that keeps the result it received unless its own step fails, `callbacks`
// add_callbacks (one level: its errback never sees its callback's failure).
// Every level's step is a node started afresh, and the chain pauses on it
// (A8); its outcome becomes the current result.
//
// Interrupts (I5): once the run is interrupted, or the chain cancelled, the
// running step is cancelled unless it is a cleanup step (`finally`, `both`),
// the current result becomes a failure `interrupted` with the signal's
// status, and only the cleanup levels still run.

#include "core/input/status_trap.hpp"
#include "core/run/group_node.hpp"
#include "core/run/node.hpp"
#include "core/run/run_result.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tasker {

enum class LevelKind { then, catch_, both, finally, callbacks };
[[nodiscard]] std::string_view to_string(LevelKind kind);

/// The name of an unnamed level's step: `then#1`, `catch#2`, ... by level number from 1.
[[nodiscard]] std::string level_step_name(LevelKind kind, std::size_t index);

struct LevelSpec {
  LevelKind kind = LevelKind::then;
  NodeMaker step;                  ///< the callback for `callbacks`
  NodeMaker errback;               ///< `callbacks` only
  std::optional<StatusTrap> trap;  ///< `catch` only
};

class ChainNode final : public Node {
 public:
  /// What a level did, for the summary and the report.
  struct LevelRecord {
    LevelKind kind = LevelKind::then;
    std::optional<StatusTrap> trap;
    /// Which of its functions ran: none, the callback, or the errback.
    Fired ran = Fired::none;
    std::unique_ptr<Node> node;  ///< the step it ran, if it ran
    /// The track the chain was on after it
    /// (`track_after`, docs/behaviour.md "Chain output and report").
    Fired track_after = Fired::none;
  };

  /// `needs` and `body` may be empty (a task of needs only, or no needs).
  ChainNode(std::string name, std::string path, NodeMaker needs, NodeMaker body,
            std::vector<LevelSpec> levels);
  ~ChainNode() override;

  [[nodiscard]] const Node* needs() const { return needs_.get(); }
  [[nodiscard]] const Node* body() const { return body_.get(); }
  [[nodiscard]] const std::vector<LevelRecord>& levels() const { return records_; }
  /// When the chain ended on a failure: the step that produced it (TASKER_FROM's).
  [[nodiscard]] const std::string& failed_from() const { return failed_from_; }

 private:
  Deferred<StepValue> run(RunContext& context, const StepInput& input) override;
  void stop() override;

  Deferred<StepValue> start_body(const StepInput& input);
  Deferred<StepValue> run_step(std::unique_ptr<Node>& slot, const NodeMaker& make,
                               std::size_t index, const std::string& prefix,
                               Outcome<StepValue> current, bool cleanup);
  Deferred<StepValue> watch(std::unique_ptr<Node>& slot, Deferred<StepValue> outcome, bool cleanup);
  void add_level(std::size_t index);
  [[nodiscard]] bool stopping() const;
  void child_ended();
  void end_if_done();

  NodeMaker make_needs_;
  NodeMaker make_body_;
  std::vector<LevelSpec> specs_;
  std::vector<LevelRecord> records_;
  std::unique_ptr<Node> needs_;
  std::unique_ptr<Node> body_;
  Deferred<StepValue> chain_;  // needs, body and levels: the chain itself
  Deferred<StepValue> outcome_;
  std::optional<Deferred<StepValue>> running_;  // the step the chain waits on
  bool running_cleanup_ = false;
  bool stopped_ = false;
  bool chain_done_ = false;
  std::string failed_from_;
  std::size_t children_started_ = 0;
  std::size_t children_ended_ = 0;
};

}  // namespace tasker
