#include "cli/commands/parallel_run.hpp"

#include "cli/exit_codes.hpp"
#include "cli/session.hpp"
#include "core/deferred/deferred_list.hpp"
#include "core/deferred/deferred_semaphore.hpp"
#include "core/run/task.hpp"

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include <sys/resource.h>

#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace tasker::cli {
namespace {

const char* command_name(ParallelKind kind) {
  switch (kind) {
    case ParallelKind::gather:
      return "gather";
    case ParallelKind::list:
      return "list";
    case ParallelKind::any:
      return "any";
  }
  return "?";
}

// The flags of the DeferredList each command is (SPEC §2): gather is
// gatherResults, any is fireOnOneCallback + consumeErrors, list takes them
// from the command line.
DeferredListOptions list_options(ParallelKind kind, const ParallelOptions& options) {
  switch (kind) {
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

// Descriptors a running task may hold: two pipes, a pidfd, and the file its
// grouped output spills to.
constexpr std::size_t kFdsPerTask = 4;
// Descriptors kept for tasker itself: stdio, the event loop, signals, reports.
constexpr std::size_t kFdsReserved = 32;

// How many tasks the open-file limit lets run at once (at least one). Past
// it pipe() fails with EMFILE, and tasks would fail with 127 instead of
// waiting their turn.
std::size_t fd_limited_jobs() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return std::numeric_limits<std::size_t>::max();
  }
  const auto fds = static_cast<std::size_t>(limit.rlim_cur);
  return fds < kFdsReserved + 2 * kFdsPerTask ? 1 : (fds - kFdsReserved) / kFdsPerTask;
}

bool is_final(TaskState state) {
  return state != TaskState::queued && state != TaskState::running;
}

// One run of gather, list or any.
class ParallelRun {
 public:
  ParallelRun(ParallelKind kind, const GlobalOptions& global, const ParallelOptions& options)
      : kind_(kind),
        options_(options),
        specs_(resolve_tasks(options)),
        session_(global, command_name(kind)) {
    task_options_.process = session_.process_options(parse_duration(options.grace));
    task_options_.timeout = optional_duration(options.timeout);
    task_options_.retries = options.retries;
    task_options_.retry_delay = parse_duration(options.retry_delay);
  }

  int run() {
    // The names and commands move into the tasks: one copy of each, not two.
    tasks_.reserve(specs_.size());
    for (std::size_t i = 0; i < specs_.size(); ++i) {
      tasks_.push_back(
          std::make_unique<Task>(i, std::move(specs_[i].name), std::move(specs_[i].command)));
    }
    std::vector<TaskSpec>().swap(specs_);
    tasker_cancelled_.assign(tasks_.size(), false);
    if (const std::size_t jobs = effective_jobs(); jobs > 0)
      semaphore_.emplace(jobs);
    inputs_.reserve(tasks_.size());
    for (std::size_t i = 0; i < tasks_.size(); ++i) inputs_.push_back(launch(i));

    {
      // Scoped: the list's result_list is not needed by the report, which
      // finish() builds next to every task.
      DeferredList<ProcessExit> list(inputs_, list_options(kind_, options_));
      list.deferred().add_callbacks(
          [this](DeferredListResult<ProcessExit> result) { on_callback(result); },
          [this](Failure failure) { on_errback(failure); });

      session_.run([this] { return all_done(); }, [this](int) { cancel_remaining(); });
    }
    return finish();
  }

 private:
  // -j, lowered to what the open-file limit allows if more tasks could run at once.
  std::size_t effective_jobs() const {
    const std::size_t wanted = options_.jobs == 0 ? tasks_.size() : options_.jobs;
    const std::size_t allowed = fd_limited_jobs();
    if (wanted <= allowed)
      return options_.jobs;
    fmt::print(stderr,
               "tasker: -j lowered to {}: the open-file limit (ulimit -n) is too low for "
               "more tasks at once\n",
               allowed);
    return allowed;
  }

  // Starts task i now, or through the semaphore when -j is set. A task the
  // semaphore lets through starts on the next turn of the event loop: by
  // then a run that fired because of the task that freed the token has
  // cancelled it, and it ends not_started instead of being spawned and
  // killed at once (G1 starts the next waiter before the result goes on).
  Deferred<ProcessExit> launch(std::size_t i) {
    if (!semaphore_)
      return start(i);
    return semaphore_->run([this, i] {
      auto started = std::make_shared<std::optional<Deferred<ProcessExit>>>();
      Deferred<ProcessExit> slot([started](Deferred<ProcessExit>&) {
        if (*started)
          (*started)->cancel();  // its errback fires `slot` below
      });
      boost::asio::post(session_.io(), [this, i, started, slot]() mutable {
        if (slot.called())
          return;  // cancelled before it could start
        *started = start(i);
        (*started)->chain_deferred(slot);
      });
      return slot;
    });
  }

  Deferred<ProcessExit> start(std::size_t i) {
    return tasks_[i]->start(session_.spawner(), session_.clock(), task_options_, session_);
  }

  void on_callback(const DeferredListResult<ProcessExit>& result) {
    fired_ = true;
    if (result.first_success) {
      fire_index_ = result.first_success->second;
      callback_ = true;
    } else {
      // `any` with no success calls back with the list of failures; the
      // command treats that as its failure (SPEC §2).
      callback_ = kind_ != ParallelKind::any;
    }
    if (options_.on_fire == OnFire::cancel)
      cancel_remaining();
  }

  void on_errback(const Failure& failure) {
    fired_ = true;
    callback_ = false;
    if (const auto* first = failure.get<FirstError>())
      fire_index_ = first->index();
    if (options_.on_fire == OnFire::cancel)
      cancel_remaining();
  }

  // Tasker's own cancel (--on-fire cancel, Ctrl-C): queued tasks first, so a
  // token freed by a running task is not handed to one about to be cancelled.
  void cancel_remaining() {
    for (const bool queued_pass : {true, false}) {
      for (std::size_t i = 0; i < tasks_.size(); ++i) {
        if (inputs_[i].called())
          continue;
        if (queued_pass && tasks_[i]->state() != TaskState::queued)
          continue;
        tasker_cancelled_[i] = true;
        inputs_[i].cancel();
      }
    }
  }

  // Asked after every event-loop handler. A task that is done stays done, so the tasks
  // known to be done are never looked at again: O(1) amortized per call, where a scan from
  // the start made 10 000 tasks cost O(n²) (issue 5).
  bool all_done() {
    while (done_up_to_ < tasks_.size() && is_done(done_up_to_)) ++done_up_to_;
    return done_up_to_ == tasks_.size();
  }

  bool is_done(std::size_t i) const {
    const TaskState state = tasks_[i]->state();
    return state == TaskState::queued ? inputs_[i].called() : is_final(state);
  }

  // SPEC §3: a failure is unhandled where Twisted would log it: the input's
  // chain ends on a Failure (D7, E3), unless tasker cancelled that task itself.
  bool unhandled(std::size_t i) const {
    if (tasker_cancelled_[i])
      return false;
    auto result = inputs_[i].result();
    return result && result->failed();
  }

  int exit_code(const RunReport& report) const {
    if (session_.interrupted())
      return kExitSignalBase + *session_.interrupted();
    if (!callback_) {
      if (fire_index_)
        return report.tasks[*fire_index_].status.value_or(1);
      // any with no success: the status of the last failure in time.
      return last_failure_status(report);
    }
    for (const TaskReport& task : report.tasks) {
      if (task.unhandled)
        return kExitUnhandledFailure;
    }
    return kExitSuccess;
  }

  int last_failure_status(const RunReport& report) const {
    std::optional<Duration> latest;
    int status = 1;
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
      const auto& ended = tasks_[i]->ended_at();
      if (ended && (!latest || *ended >= *latest) && report.tasks[i].status) {
        latest = ended;
        status = *report.tasks[i].status;
      }
    }
    return status;
  }

  int finish() {
    RunReport report;
    report.options.fire_on_one_callback = list_options(kind_, options_).fire_on_one_callback;
    report.options.fire_on_one_errback = list_options(kind_, options_).fire_on_one_errback;
    report.options.consume_errors = list_options(kind_, options_).consume_errors;
    report.options.jobs = options_.jobs;
    if (task_options_.timeout) {
      report.options.timeout_ms =
          std::chrono::duration<double, std::milli>(*task_options_.timeout).count();
    }
    // Sized once: growing by doubling held up to three times the entries at its peak.
    report.tasks.reserve(tasks_.size());
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
      tasks_[i]->mark_not_started();
      TaskReport task = session_.report_task(*tasks_[i]);
      task.unhandled = unhandled(i);
      report.tasks.push_back(std::move(task));
    }
    if (fired_)
      report.fired = callback_ ? "callback" : "errback";
    report.fire_index = fire_index_;
    report.exit_code = exit_code(report);
    return session_.finish(report);
  }

  ParallelKind kind_;
  ParallelOptions options_;
  std::vector<TaskSpec> specs_;
  Session session_;
  TaskOptions task_options_;
  std::vector<std::unique_ptr<Task>> tasks_;
  std::vector<Deferred<ProcessExit>> inputs_;
  std::vector<bool> tasker_cancelled_;
  std::size_t done_up_to_ = 0;  // tasks_[0, done_up_to_) are done (all_done)
  std::optional<DeferredSemaphore> semaphore_;
  bool fired_ = false;
  bool callback_ = false;
  std::optional<std::size_t> fire_index_;
};

}  // namespace

int run_parallel(ParallelKind kind, const GlobalOptions& global, const ParallelOptions& options) {
  ParallelRun run(kind, global, options);
  return run.run();
}

}  // namespace tasker::cli
