#pragma once
// ResultsDir: --results DIR. Each task that starts gets DIR/<seq>/ with `stdout` and `stderr`,
// written as the output comes (nothing held in memory), and `meta.json`, its object of the JSON
// report (docs/behaviour.md "JSON report"), once it is done with. It sits in front of the
// run's listener and passes every event on.

#include "cli/report/run_report.hpp"
#include "core/process/unique_fd.hpp"
#include "core/run/parallel_run.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>

namespace tasker::cli {

class ResultsDir final : public RunListener {
 public:
  /// Creates `dir` (and its parents) if needed. Throws UsageError when it cannot, or when `dir`
  /// is a file. Events go on to `next`.
  ResultsDir(std::string dir, RunListener& next);

  /// Writes meta.json for a task that started, and closes its files: call it with the task's
  /// report once it is done with (its index is its seq - 1).
  void finish(const TaskReport& report);

  /// True once a write failed (said once on stderr; the run goes on).
  [[nodiscard]] bool failed() const { return failed_; }

  // RunListener, passed on to `next`; a start opens the task's files, output goes to them.
  void on_task_start(const Task& task) override;
  void on_task_output(const Task& task, OutputStream stream, std::string_view bytes) override;
  void on_task_retry(const Task& task, Duration delay) override {
    next_.on_task_retry(task, delay);
  }
  void on_task_stopped(const Task& task, int signo) override { next_.on_task_stopped(task, signo); }
  void on_task_waiting_for_process(const Task& task, const ProcessExit& failed_start) override {
    next_.on_task_waiting_for_process(task, failed_start);
  }
  void on_task_end(const Task& task) override { next_.on_task_end(task); }
  void on_task_settled(const Task& task, bool unhandled) override {
    next_.on_task_settled(task, unhandled);
  }
  void on_jobs_lowered(std::size_t jobs) override { next_.on_jobs_lowered(jobs); }
  void on_node_start(const Node& node) override { next_.on_node_start(node); }
  void on_node_end(const Node& node) override { next_.on_node_end(node); }

 private:
  struct Files {
    UniqueFd out;
    UniqueFd err;
  };
  [[nodiscard]] std::string task_dir(std::size_t index) const;
  /// Writes all of `bytes` to `fd` (none when fd < 0); false with errno set when it could not.
  [[nodiscard]] static bool write(int fd, std::string_view bytes);
  void fail(const std::string& what, int error_number);

  std::string dir_;
  RunListener& next_;
  std::unordered_map<std::size_t, Files> open_;  // by task index, while the task runs
  bool failed_ = false;
};

}  // namespace tasker::cli
