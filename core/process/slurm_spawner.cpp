#include "core/process/slurm_spawner.hpp"

#include "core/input/shell_words.hpp"
#include "core/process/remote_status.hpp"
#include "core/process/remote_work_list.hpp"
#include "core/process/remote_wrapper.hpp"

#include <fmt/format.h>

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <random>
#include <utility>

namespace tasker {

struct SlurmSpawner::Job final : public ProcessObserver, public std::enable_shared_from_this<Job> {
  Job(SlurmSpawner& owner_in, ProcessObserver& observer_in, std::string marker, Duration grace_in)
      : owner(owner_in), observer(observer_in), status(std::move(marker)), grace(grace_in) {}

  [[nodiscard]] std::string label() const override { return observer.label(); }
  void on_spawned(int pid) override { observer.on_spawned(pid); }
  void on_stopped(int signo) override { observer.on_stopped(signo); }
  void on_output(OutputStream stream, std::string_view bytes) override {
    status.relay(stream, bytes, observer);
    if (!step_seen && status.started())
      owner.list_step(*this);
    else if (!step_seen && watched_step.empty() && stream == OutputStream::stderr_stream)
      owner.list_queued_job(*this);
  }
  void on_exit(const ProcessExit& exit) override { owner.local_exit(shared_from_this(), exit); }

  SlurmSpawner& owner;
  ProcessObserver& observer;
  RemoteStatus status;
  Duration grace;
  Deferred<ProcessExit> outcome;
  std::optional<Deferred<ProcessExit>> process;
  bool cancel_requested = false;
  bool kill_sent = false;
  bool done = false;
  std::shared_ptr<DelayedCall> kill_call;
  // srun runs in an allocation it did not make (salloc, sbatch, --jobid).
  bool in_allocation = false;
  bool step_seen = false;
  // What the watchdog cancels should tasker die while this runs; empty if nothing.
  std::string watched_step;
};

// An scancel of tasker's own: its output is dropped.
struct SlurmSpawner::Control final : public ProcessObserver {
  void on_output(OutputStream, std::string_view) override {}
  void on_exit(const ProcessExit&) override { done(); }
  std::function<void()> done;
  std::optional<Deferred<ProcessExit>> process;
};

namespace {

// A job name Slurm shows as it is: the task's name without blanks or control bytes.
std::string job_name(std::string name) {
  if (name.empty())
    return "tasker";
  for (char& c : name) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f)
      c = '_';
  }
  return name;
}

// Whether srun runs in a job that is already there, as it decides: SLURM_JOB_ID (or its older
// name) in its environment, or --jobid among the arguments.
bool runs_in_allocation(const ProcessOptions& options, const std::vector<std::string>& args) {
  for (const char* name : {"SLURM_JOB_ID", "SLURM_JOBID"}) {
    const bool set_here =
        std::any_of(options.env.begin(), options.env.end(),
                    [name](const auto& variable) { return variable.first == name; });
    if (set_here || std::getenv(name) != nullptr)
      return true;
  }
  return std::any_of(args.begin(), args.end(),
                     [](const std::string& arg) { return arg.starts_with("--jobid"); });
}

// The job srun said it queued ("srun: job 15 queued and waiting for resources", unless -Q), or
// "" if it said none.
std::string queued_job(std::string_view srun_said) {
  static constexpr std::string_view kBefore = "srun: job ";
  static constexpr std::string_view kAfter = " queued and waiting for resources";
  const std::size_t at = srun_said.find(kBefore);
  if (at == std::string_view::npos)
    return {};
  const std::string_view rest = srun_said.substr(at + kBefore.size());
  const std::size_t end = rest.find(kAfter);
  if (end == std::string_view::npos)
    return {};
  return std::string(rest.substr(0, end));
}

}  // namespace

SlurmSpawner::SlurmSpawner(Spawner& local, Clock& clock, SlurmOptions options)
    : local_(local), clock_(clock), options_(std::move(options)) {
  // Quiet: a step that ended meanwhile is no error worth a line.
  std::vector<std::string> canceller = options_.scancel;
  canceller.emplace_back("--quiet");
  local_.set_remote_canceller(std::move(canceller));
  std::random_device device;
  marker_prefix_ = fmt::format("tasker-remote-{:08x}{:08x}", device(), device());
}

SlurmSpawner::~SlurmSpawner() {
  *alive_ = false;
}

Deferred<ProcessExit> SlurmSpawner::spawn(const std::string& command, const ProcessOptions& options,
                                          ProcessObserver& observer) {
  auto job = std::make_shared<Job>(
      *this, observer, fmt::format("{}-{}", marker_prefix_, next_job_++), options.grace);
  job->outcome = Deferred<ProcessExit>(
      [this, weak = std::weak_ptr<Job>(job), alive = alive_](Deferred<ProcessExit>&) {
        if (!*alive)
          return;
        if (const auto j = weak.lock())
          cancel(j);
      });
  job->in_allocation = runs_in_allocation(options, options_.args);
  jobs_.push_back(job);

  std::vector<std::string> words = options_.srun;
  words.push_back("--job-name=" + job_name(observer.label()));
  words.push_back("--input=all");
  words.insert(words.end(), options_.args.begin(), options_.args.end());
  words.push_back("--");
  for (std::string& word : remote_wrapper_words(job->status.marker(), std::nullopt, command, false))
    words.push_back(std::move(word));
  // srun hands its environment, folder and stdin to the task: env and cwd stay as they are.
  ProcessOptions local = options;
  local.argv = std::move(words);
  job->process = local_.spawn(shell_command_line(local.argv), local, *job);
  job->process->add_errback([](const Failure&) {});
  return job->outcome;
}

// The step started: from now on, should tasker die, its srun's death would not end it. A job
// srun made for the task is cancelled whole, or it would keep its allocation; a step of a job
// tasker runs in is cancelled alone, leaving that job to its owner.
void SlurmSpawner::list_step(Job& job) {
  job.step_seen = true;
  if (!job.watched_step.empty())
    return;  // listed when srun said it queued: the same job
  const std::string& step = job.status.job_id();
  list(job, job.in_allocation ? step : step.substr(0, step.find('.')));
}

// srun said its job queued: a SIGKILLed srun leaves a queued job in the queue, and the job then
// starts and keeps its allocation with nothing to run, so it is listed from now on. Not inside an
// allocation, where srun queues a step, not a job of its own.
void SlurmSpawner::list_queued_job(Job& job) {
  if (!job.in_allocation)
    list(job, queued_job(job.status.held()));
}

void SlurmSpawner::list(Job& job, std::string id) {
  if (!RemoteWorkList::valid_id(id))
    return;
  job.watched_step = std::move(id);
  local_.watch_remote(job.watched_step);
}

void SlurmSpawner::scancel(const std::string& step, const char* signal) {
  std::vector<std::string> words = options_.scancel;
  words.insert(words.end(), {"--quiet", fmt::format("--signal={}", signal), step});
  auto control = std::make_unique<Control>();
  Control* raw = control.get();
  controls_.push_back(std::move(control));
  // Gone once its process is: after on_exit, from the loop.
  raw->done = [this, raw, alive = alive_] {
    clock_.call_later(Duration::zero(), [this, raw, alive] {
      if (*alive)
        controls_.remove_if([raw](const auto& c) { return c.get() == raw; });
    });
  };
  ProcessOptions options;
  options.argv = std::move(words);
  raw->process = local_.spawn(shell_command_line(options.argv), options, *raw);
  raw->process->add_errback([](const Failure&) {});
}

void SlurmSpawner::cancel(const std::shared_ptr<Job>& job) {
  if (job->cancel_requested || job->done)
    return;
  job->cancel_requested = true;
  if (!job->status.started() || job->status.job_id().empty()) {
    // Queued, or starting: srun gives up its job when it is stopped.
    job->process->cancel();
    return;
  }
  scancel(job->status.job_id(), "TERM");
  job->kill_call = clock_.call_later(job->grace, [this, weak = std::weak_ptr<Job>(job)] {
    const auto j = weak.lock();
    if (!j || j->done)
      return;
    j->kill_sent = true;
    scancel(j->status.job_id(), "KILL");
  });
}

void SlurmSpawner::kill_all() {
  killed_all_ = true;
  local_.kill_all();
  for (const auto& job : jobs_) {
    if (job->status.started() && !job->status.job_id().empty())
      scancel(job->status.job_id(), "KILL");
  }
}

void SlurmSpawner::local_exit(const std::shared_ptr<Job>& job, const ProcessExit& exit) {
  job->process.reset();
  if (job->kill_call)
    job->kill_call->cancel();
  RemoteStatus& status = job->status;
  ProcessExit result = exit;
  if (status.reported_exit()) {
    result = *status.reported_exit();
  } else if (!status.started()) {
    const std::string said = status.held();
    if (!said.empty())
      job->observer.on_output(OutputStream::stderr_stream, said);
    if (!job->cancel_requested && !killed_all_) {
      std::string why = said.substr(0, said.find('\n'));
      result = ProcessExit::not_started(
          why.empty() ? fmt::format("srun could not start the task: {}", exit.describe())
                      : "srun could not start the task: " + why);
    }
  } else if (job->kill_sent) {
    result = ProcessExit::killed(SIGKILL);
  }
  job->status.flush_stdout(job->observer);
  result.job_id = status.job_id();
  if (!job->watched_step.empty())
    local_.release_remote(job->watched_step);
  job->done = true;
  jobs_.remove(job);
  job->observer.on_exit(result);
  if (!job->outcome.called())
    job->outcome.callback(result);
}

}  // namespace tasker
