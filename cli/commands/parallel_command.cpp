#include "cli/commands/parallel_command.hpp"

#include "cli/commands/open_file_budget.hpp"
#include "cli/output/log_line.hpp"
#include "cli/output/task_events_printer.hpp"
#include "cli/report/report_builder.hpp"
#include "cli/report/report_outputs.hpp"
#include "cli/runtime.hpp"

#include <fmt/format.h>

#include <signal.h>

#include <utility>
#include <vector>

namespace tasker::cli {
namespace {

// -j, lowered to what the open-file limit allows if more tasks could run at once.
std::size_t effective_jobs(std::size_t jobs, std::size_t tasks, OutputMode mode) {
  const std::size_t wanted = jobs == 0 ? tasks : jobs;
  const std::size_t allowed = jobs_within_open_file_limit(fds_per_task(mode));
  if (wanted <= allowed)
    return jobs;
  log_line(fmt::format(
      "-j lowered to {}: the open-file limit (ulimit -n) is too low for more tasks at once",
      allowed));
  return allowed;
}

ParallelOptions run_options(ParallelKind kind, const GlobalOptions& global,
                            const ParallelCommandOptions& options, std::size_t tasks) {
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
  std::vector<TaskSpec> specs = resolve_tasks(options);
  ReportOutputs outputs(global);
  const ParallelOptions run_with = run_options(kind, global, options, specs.size());

  Runtime runtime;
  TaskEventsPrinter events(global, runtime.stdout_writer(), runtime.stderr_writer(),
                           [&runtime] { runtime.interrupt(SIGPIPE); });
  ReportBuilder reports(runtime.clock(), runtime.started_at());
  events.on_settled([&reports](const Task& task, bool unhandled, auto output) {
    reports.add(reports.task_report(task, unhandled, std::move(output)));
  });
  ListTaskSource source(std::move(specs));
  ParallelRun run(runtime.clock(), runtime.spawner(), events, source, run_with);

  Deferred<RunResult> done = run.start();
  const std::optional<int> interrupted =
      runtime.run([&done] { return done.called(); }, [&run](int signo) { run.interrupt(signo); });
  const RunResult result = done.result()->value();

  RunReport report = reports.build(result, global.json ? global.capture_limit : 0);
  report.options = options_report(run_with, options);
  return {outputs.deliver(report), interrupted};
}

}  // namespace tasker::cli
