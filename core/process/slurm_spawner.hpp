#pragma once
// SlurmSpawner: runs each task as a Slurm job step (--executor slurm): `srun --job-name=NAME
// ARGS -- sh -c WRAPPER ...` is the local process, started through another Spawner, its
// output streaming back through the pipes tasker reads. A job of its own, or a step of the
// allocation tasker runs in (SLURM_JOB_ID set), as srun itself decides.
//
// The task runs under the remote wrapper (core/process/remote_wrapper.hpp, without its stdin
// watch: a task's stdin sees no end of file when srun is killed, and its step runs on until the
// cluster's InactiveLimit, if set, ends it), which names the job and step when it starts and
// reports the command's real status when it ends: srun's own status after a cancel is not
// always the task's (0 for a task KILLed after ignoring TERM). A cancel is `scancel
// --signal=TERM JOB.STEP` (a SIGTERM to srun would KILL the task without running its trap),
// then `--signal=KILL` after the grace. A task srun could not start (no start line) fails
// with status 127 and srun's message. Each step is listed with the watchdog
// (core/process/watchdog.hpp) while it runs, and a job srun made from when srun says it queued:
// if tasker dies, the watchdog cancels it.

#include "core/deferred/clock.hpp"
#include "core/process/spawner.hpp"

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <vector>

namespace tasker {

struct SlurmOptions {
  /// srun and scancel, as words.
  std::vector<std::string> srun{"srun"};
  std::vector<std::string> scancel{"scancel"};
  /// --slurm-args, as words: given to every srun.
  std::vector<std::string> args;
};

class SlurmSpawner final : public Spawner {
 public:
  /// Preconditions: `local` and `clock` outlive this.
  SlurmSpawner(Spawner& local, Clock& clock, SlurmOptions options);
  ~SlurmSpawner() override;

  /// See Spawner::spawn. The ProcessExit names the job step (ProcessExit::job_id).
  [[nodiscard]] Deferred<ProcessExit> spawn(const std::string& command,
                                            const ProcessOptions& options,
                                            ProcessObserver& observer) override;

  void kill_all() override;
  [[nodiscard]] bool killed_all() const override { return killed_all_; }
  void set_output_paused(bool paused) override { local_.set_output_paused(paused); }
  void stop_all() override { local_.stop_all(); }
  void continue_all() override { local_.continue_all(); }
  [[nodiscard]] std::size_t live() const override { return jobs_.size(); }

  struct Job;
  struct Control;

 private:
  void cancel(const std::shared_ptr<Job>& job);
  void local_exit(const std::shared_ptr<Job>& job, const ProcessExit& exit);
  void list_step(Job& job);
  void list_queued_job(Job& job);
  void list(Job& job, std::string id);
  void scancel(const std::string& step, const char* signal);

  Spawner& local_;
  Clock& clock_;
  SlurmOptions options_;
  std::string marker_prefix_;
  std::size_t next_job_ = 0;
  std::list<std::shared_ptr<Job>> jobs_;
  std::list<std::unique_ptr<Control>> controls_;
  bool killed_all_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace tasker
