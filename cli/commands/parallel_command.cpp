#include "cli/commands/parallel_command.hpp"

#include "cli/commands/command_task_source.hpp"
#include "cli/commands/executor_options.hpp"
#include "cli/commands/open_file_budget.hpp"
#include "cli/output/log_line.hpp"
#include "cli/output/task_events_printer.hpp"
#include "cli/report/report_builder.hpp"
#include "cli/report/report_outputs.hpp"
#include "cli/runtime.hpp"
#include "cli/usage_error.hpp"
#include "core/status_numbers.hpp"

#include <fmt/format.h>

#include <signal.h>

#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace tasker::cli {
namespace {

// -j, lowered to what the open-file limit allows if more tasks could run at once. Said when
// it changes what was asked for: a -j, or a number of tasks known before they run.
std::size_t effective_jobs(std::size_t jobs, std::optional<std::size_t> tasks, OutputMode mode) {
  const std::size_t allowed = jobs_within_open_file_limit(fds_per_task(mode));
  if (jobs == 0 && !tasks)
    return allowed == std::numeric_limits<std::size_t>::max() ? 0 : allowed;
  const std::size_t wanted = jobs == 0 ? *tasks : jobs;
  if (wanted <= allowed)
    return jobs;
  log_line(fmt::format(
      "-j lowered to {}: the open-file limit (ulimit -n) is too low for more tasks at once",
      allowed));
  return allowed;
}

ParallelOptions run_options(ParallelKind kind, const GlobalOptions& global,
                            const ParallelCommandOptions& options,
                            std::optional<std::size_t> tasks) {
  ParallelOptions run;
  run.kind = kind;
  run.fire_on_one_callback = options.fire_on_one_callback;
  run.fire_on_one_errback = options.fire_on_one_errback;
  run.consume_errors = options.consume_errors;
  run.on_fire = options.on_fire;
  run.jobs = effective_jobs(options.jobs, tasks, global.json ? OutputMode::quiet : global.output);
  run.task.process = process_options(global, parse_duration(options.grace));
  run.task.timeout = optional_duration(options.timeout);
  run.task.retries = options.retries;
  run.task.retry_delay = parse_duration(options.retry_delay);
  return run;
}

RunOptionsReport options_report(const ParallelOptions& run, const ParallelCommandOptions& options) {
  const DeferredListOptions list = list_options(run);
  RunOptionsReport report;
  report.fire_on_one_callback = list.fire_on_one_callback;
  report.fire_on_one_errback = list.fire_on_one_errback;
  report.consume_errors = list.consume_errors;
  report.jobs = options.jobs;
  if (run.task.timeout)
    report.timeout_ms = std::chrono::duration<double, std::milli>(*run.task.timeout).count();
  return report;
}

}  // namespace

CommandExit run_parallel(ParallelKind kind, const GlobalOptions& global,
                         const ParallelCommandOptions& options) {
  const ExecutorChoice executor = executor_choice(global, options.jobs);
  CommandTaskSource source(options, global.inherit_stdin);
  ReportOutputs outputs(global, options.from);
  ParallelOptions run_with = run_options(kind, global, options, source.known_count());
  run_with.jobs = executor_jobs(executor, run_with.jobs);

  Runtime runtime(executor);
  source.attach(runtime.io());
  TaskEventsPrinter events(global, runtime.stdout_writer(), runtime.stderr_writer(),
                           [&runtime] { runtime.interrupt(SIGPIPE); });
  ReportBuilder reports(runtime.clock(), runtime.started_at());
  events.on_settled([&reports](const Task& task, bool unhandled, auto output) {
    reports.add(reports.task_report(task, unhandled, std::move(output)));
  });
  ParallelRun run(runtime.clock(), runtime.spawner(), events, source, run_with);

  Deferred<RunResult> done = run.start();
  const std::optional<int> interrupted =
      runtime.run([&done] { return done.called(); }, [&run](int signo) { run.interrupt(signo); });
  const RunResult result = done.result()->value();
  // A --from stream is checked as it is read: no command at all is found at its end.
  if (result.tasks == 0)
    throw UsageError("no command to run: --from gave none");

  RunReport report = reports.build(result, report_capture_limit(global));
  report.options = options_report(run_with, options);
  const int status = outputs.deliver(report);
  // A bad line of a --from stream is found when it is read, after the tasks before it ran: the
  // run stopped reading there; it is still bad input.
  if (source.error()) {
    log_line(*source.error());
    return {status::kUsage, interrupted};
  }
  return {status, interrupted};
}

}  // namespace tasker::cli
