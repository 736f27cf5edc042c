#pragma once
// EveryLoop: `tasker every` — a LoopingCall whose function runs one Task per
// tick, with the stopping rules of SPEC §2: --count, --for (LoopingCall.stop
// semantics: a run in flight finishes first and its failure still fails the
// loop), --until-success, --keep-going with --max-failures, and interrupt.

#include "core/deferred/clock.hpp"
#include "core/deferred/deferred.hpp"
#include "core/deferred/looping_call.hpp"
#include "core/process/spawner.hpp"
#include "core/run/run_result.hpp"
#include "core/run/task.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tasker {

struct EveryOptions {
  Duration interval{0};
  bool now = true;
  /// Stop after this many runs.
  std::optional<std::size_t> count;
  /// Stop this long after the start; a run in flight finishes first.
  std::optional<Duration> run_for;
  /// Stop at the first run that succeeds; failed runs do not stop the loop.
  bool until_success = false;
  /// Failed runs do not stop the loop (their failures are consumed)...
  bool keep_going = false;
  /// ...unless this many fail in a row, which fails the loop.
  std::optional<std::size_t> max_failures;
  TaskOptions task;
};

class EveryLoop final : private TaskListener {
 public:
  /// Called when a run's Task has ended, with the tick it ran on. The Task is
  /// released soon after: keep what is needed from it now.
  using RunEnded = std::function<void(const Task&, const Tick&)>;

  /// Preconditions: everything referenced outlives the loop's runs.
  EveryLoop(Clock& clock, Spawner& spawner, TaskListener& listener, std::string command,
            EveryOptions options, RunEnded run_ended);
  ~EveryLoop();
  EveryLoop(const EveryLoop&) = delete;
  EveryLoop& operator=(const EveryLoop&) = delete;

  /// Starts the loop. The Deferred calls back when the loop stopped (count,
  /// duration, until-success, interrupt) and errbacks with the failure of the
  /// run that failed it (a failed run, or the last of max_failures in a row).
  [[nodiscard]] Deferred<Nothing> start();

  /// Ctrl-C: no further run, and the run in flight is cancelled.
  void interrupt();

  [[nodiscard]] EndReason end_reason() const { return end_reason_; }
  [[nodiscard]] bool finished() const { return finished_; }
  [[nodiscard]] std::size_t runs() const { return loop_.runs(); }
  [[nodiscard]] std::size_t skipped_ticks() const { return loop_.skipped_total(); }
  /// Clock time the loop started: the origin of every tick.
  [[nodiscard]] Duration started_at() const { return loop_.started_at(); }

 private:
  Deferred<Nothing> run_once(const Tick& tick);
  void stop_with(EndReason reason);

  // TaskListener: passes everything on, and ends the run when its task ends.
  void on_task_start(const Task& task) override { listener_.on_task_start(task); }
  void on_task_output(const Task& task, OutputStream stream, std::string_view bytes) override {
    listener_.on_task_output(task, stream, bytes);
  }
  void on_task_retry(const Task& task, Duration delay) override {
    listener_.on_task_retry(task, delay);
  }
  void on_task_waiting_for_process(const Task& task, const ProcessExit& failed_start) override {
    listener_.on_task_waiting_for_process(task, failed_start);
  }
  void on_task_end(const Task& task) override;

  Clock& clock_;
  Spawner& spawner_;
  TaskListener& listener_;
  std::string command_;
  EveryOptions options_;
  RunEnded run_ended_;
  LoopingCall loop_;
  std::shared_ptr<Task> current_;
  Tick current_tick_;
  std::optional<Deferred<ProcessExit>> current_outcome_;
  std::shared_ptr<DelayedCall> deadline_;
  std::size_t failures_in_a_row_ = 0;
  EndReason end_reason_ = EndReason::none;
  bool finished_ = false;
};

}  // namespace tasker
