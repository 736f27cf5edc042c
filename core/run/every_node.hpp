#pragma once
// EveryNode: `tasker every` and a task file's `every` (docs/behaviour.md "every"): a
// LoopingCall that runs a fresh child node each tick, with the stopping
// rules of `every` — `count`, `for` (LoopingCall.stop: a run in flight
// finishes first, and its failure still fails the loop), `until_success`,
// `keep_going` with `max_failures`, and the interrupt (a cancel: no further
// run, and the run in flight is cancelled).

#include "core/deferred/looping_call.hpp"
#include "core/input/task_spec.hpp"
#include "core/run/node.hpp"
#include "core/run/run_result.hpp"

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace tasker {

class EveryNode final : public Node {
 public:
  /// Makes the run of tick `n` (0 for the first run), at `path`.
  using RunMaker = std::function<std::unique_ptr<Node>(std::size_t n, const std::string& path)>;
  /// A run ended, with the tick it ran on. Its node is released soon after
  /// (only the last kKeptRuns stay): keep what is needed from it now.
  using RunEnded = std::function<void(const Node&, const Tick&)>;

  /// The runs kept for the report: the last ones.
  static constexpr std::size_t kKeptRuns = 1000;

  EveryNode(std::string name, std::string path, spec::Every options, RunMaker make,
            RunEnded run_ended = {});
  ~EveryNode() override;

  [[nodiscard]] const spec::Every& options() const { return options_; }
  [[nodiscard]] EndReason end_reason() const { return end_reason_; }
  [[nodiscard]] std::size_t runs() const { return loop_ ? loop_->runs() : 0; }
  [[nodiscard]] std::size_t skipped_ticks() const { return loop_ ? loop_->skipped_total() : 0; }
  /// Clock time the loop started: the origin of every tick.
  [[nodiscard]] Duration loop_started_at() const {
    return loop_ ? loop_->started_at() : Duration{0};
  }
  /// The last kKeptRuns runs that ended, oldest first, with their ticks.
  struct KeptRun {
    std::unique_ptr<Node> node;
    Tick tick;
  };
  [[nodiscard]] const std::deque<KeptRun>& kept_runs() const { return kept_; }
  [[nodiscard]] std::size_t runs_dropped() const { return dropped_; }

 private:
  Deferred<StepValue> run(RunContext& context, const StepInput& input) override;
  void stop() override;

  Deferred<Nothing> run_once(const Tick& tick);
  void stop_with(EndReason reason);
  void run_ended(const Tick& tick);
  void end_if_done();

  spec::Every options_;
  RunMaker make_;
  RunEnded on_run_ended_;
  StepInput input_;
  std::optional<LoopingCall> loop_;  // made when the node runs, on its context's clock
  std::unique_ptr<Node> current_;
  std::optional<Deferred<StepValue>> current_outcome_;
  std::deque<KeptRun> kept_;
  std::size_t dropped_ = 0;
  std::shared_ptr<DelayedCall> deadline_;
  std::size_t failures_in_a_row_ = 0;
  EndReason end_reason_ = EndReason::none;
  bool loop_done_ = false;
  Deferred<StepValue> outcome_;
};

}  // namespace tasker
