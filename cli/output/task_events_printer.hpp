#pragma once
// TaskEventsPrinter: what a person or a CI log sees while tasks run. It
// hears every task event and prints output per --output, captures it
// instead for --json, logs starts and ends with -v, and annotates failures
// on GitHub Actions. It hands each settled task, with its captured output,
// to whoever builds the report.

#include "cli/commands/global_options.hpp"
#include "cli/output/output_capture.hpp"
#include "cli/output/output_printer.hpp"
#include "core/run/parallel_run.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tasker::cli {

class ProgressDisplay;

/// A task's captured stdout and stderr (--json), handed over once.
struct CapturedOutput {
  CapturedStream out;
  CapturedStream err;
};

class TaskEventsPrinter final : public RunListener {
 public:
  /// Called for each settled task (RunListener::on_task_settled) with its
  /// captured output, if --json captured it.
  using Settled = std::function<void(const Task&, bool unhandled, std::optional<CapturedOutput>)>;

  /// Prints through `out` and `err` (tasker's stdout and stderr writers).
  /// `stdout_closed` is called once, when writing task output to stdout
  /// failed (`tasker ... | head -1`): the run should stop as if by SIGPIPE. With `keep_order`
  /// (-k), task output is printed in the order of the tasks' indexes.
  TaskEventsPrinter(const GlobalOptions& options, FdWriter& out, FdWriter& err,
                    std::function<void()> stdout_closed, bool keep_order = false);
  ~TaskEventsPrinter() override;

  /// Where settled tasks go.
  void on_settled(Settled settled) { settled_ = std::move(settled); }

  /// `every --changes`: from now on a producer's output is shown only when it
  /// differs from the previous one's.
  void show_changes_only();
  /// Tells `progress` (or nobody, with nullptr) of each task's start and end.
  void show_progress(ProgressDisplay* progress) { progress_ = progress; }
  /// A task of this name will run: its output's prefix is padded to fit it from the start.
  void expect_label(std::string_view label);

  /// The output captured for task `index` (--json), handed over; nullopt
  /// without --json.
  [[nodiscard]] std::optional<CapturedOutput> take_output(std::size_t index);

  // RunListener
  void on_task_start(const Task& task) override;
  void on_task_output(const Task& task, OutputStream stream, std::string_view bytes) override;
  void on_task_retry(const Task& task, Duration delay) override;
  void on_task_stopped(const Task& task, int signo) override;
  void on_task_waiting_for_process(const Task& task, const ProcessExit& failed_start) override;
  void on_jobs_lowered(std::size_t jobs) override;
  void on_task_end(const Task& task) override;
  void on_task_settled(const Task& task, bool unhandled) override;

 private:
  struct Captures {
    OutputCapture out;
    OutputCapture err;
  };
  Captures& captures_for(std::size_t index);
  void check_stdout();

  const GlobalOptions& options_;
  FdWriter& err_;
  bool github_actions_;  // GITHUB_ACTIONS=true: group and annotate
  std::unique_ptr<OutputPrinter> printer_;
  std::unordered_map<std::size_t, Captures> captures_;  // by task index, until handed over
  std::function<void()> stdout_closed_;
  std::size_t label_limit_;  // labels are fitted to it (cli/output/label_fit.hpp); 0 = no limit
  Settled settled_;
  ProgressDisplay* progress_ = nullptr;
  bool jobs_lowered_said_ = false;
};

}  // namespace tasker::cli
