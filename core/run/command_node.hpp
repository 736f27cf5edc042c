#pragma once
// CommandNode: one shell command as a node (`run` in docs/behaviour.md "Shape of a task"): a Task
// with its timeout and retries. Run as a chain level it reads the stdout of the step whose outcome
// it handles and gets TASKER_STATUS, TASKER_ERROR and TASKER_FROM
// (docs/behaviour.md "What a step receives"); its own stdout is spooled for the level after it when
// asked.

#include "core/run/node.hpp"
#include "core/run/output_spool.hpp"
#include "core/run/task.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace tasker {

struct CommandSpec {
  std::string command;
  TaskOptions task;  ///< timeout, retries, retry delay; its process options are the context's
  std::optional<Duration> grace;
  std::map<std::string, std::string> env;
  std::string cwd;
  /// Keep stdout for the level after this one (a chain's step).
  bool spool_output = false;
};

class CommandNode final : public Node, private TaskListener {
 public:
  CommandNode(std::string name, std::string path, CommandSpec spec);
  ~CommandNode() override;

  /// The task, once started: its exit, attempts and times for the report.
  /// Its name is the node's path (its name at the root), which labels its output.
  [[nodiscard]] const Task* task() const { return task_ ? &*task_ : nullptr; }
  [[nodiscard]] const CommandSpec& spec() const { return spec_; }

 private:
  Deferred<StepValue> run(RunContext& context, const StepInput& input) override;
  void stop() override;

  // TaskListener: passes everything on, keeps stdout for the next level.
  void on_task_start(const Task& task) override;
  void on_task_output(const Task& task, OutputStream stream, std::string_view bytes) override;
  void on_task_retry(const Task& task, Duration delay) override;
  void on_task_stopped(const Task& task, int signo) override {
    context().listener.on_task_stopped(task, signo);
  }
  void on_task_waiting_for_process(const Task& task, const ProcessExit& failed_start) override {
    context().listener.on_task_waiting_for_process(task, failed_start);
  }
  void on_task_end(const Task& task) override;

  CommandSpec spec_;
  std::optional<Task> task_;
  TaskOptions options_;  // the task keeps a reference: it lives as long as the node
  std::shared_ptr<OutputSpool> spool_;
  std::shared_ptr<const OutputSpool> input_;  // kept open while a process may read it
  std::optional<Deferred<ProcessExit>> running_;
  Deferred<StepValue> outcome_;
};

}  // namespace tasker
