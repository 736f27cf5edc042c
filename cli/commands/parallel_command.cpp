#include "cli/commands/parallel_command.hpp"

#include "cli/commands/command_task_source.hpp"
#include "cli/commands/counted_task_source.hpp"
#include "cli/commands/executor_options.hpp"
#include "cli/commands/open_file_budget.hpp"
#include "cli/commands/template_task_source.hpp"
#include "cli/output/log_line.hpp"
#include "cli/output/progress_display.hpp"
#include "cli/output/task_events_printer.hpp"
#include "cli/report/failed_tasks.hpp"
#include "cli/report/job_log.hpp"
#include "cli/report/output_paths.hpp"
#include "cli/report/report_builder.hpp"
#include "cli/report/report_outputs.hpp"
#include "cli/report/results_dir.hpp"
#include "cli/runtime.hpp"
#include "cli/usage_error.hpp"
#include "core/input/input_error.hpp"
#include "core/input/job_log_parser.hpp"
#include "core/status_numbers.hpp"

#include <fmt/format.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tasker::cli {
namespace {

// -j, lowered to what the open-file limit allows if more tasks could run at once. Said when
// it changes what was asked for: a -j, or a number of tasks known before they run.
std::size_t effective_jobs(std::size_t jobs, std::optional<std::size_t> tasks, OutputMode mode,
                           bool results) {
  // --results: a running task holds its stdout and stderr files too.
  const std::size_t allowed = jobs_within_open_file_limit(fds_per_task(mode) + (results ? 2 : 0));
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
  run.jobs = effective_jobs(options.jobs, tasks, global.json ? OutputMode::quiet : global.output,
                            !options.results.empty());
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

// What --resume and --resume-failed read from the job log before anything runs.
struct Resume {
  std::vector<std::size_t> done;  // seqs, sorted
  std::size_t keep_length = 0;    // the log's whole lines: a line cut by a crash goes
};

// A log that does not exist yet has nothing done: a script may always pass --resume.
Resume read_job_log(const std::string& path, ResumeMode mode) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd && errno == ENOENT)
    return {};
  struct stat info {};
  if (!fd || ::fstat(fd.get(), &info) != 0)
    throw UsageError(fmt::format("cannot read --joblog '{}': {}", path, ::strerror(errno)));
  if (S_ISDIR(info.st_mode))
    throw UsageError(fmt::format("cannot read --joblog '{}': it is a directory", path));
  std::string text;
  char buffer[64 * 1024];  // NOLINT(cppcoreguidelines-avoid-c-arrays)
  while (true) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      throw UsageError(fmt::format("cannot read --joblog '{}': {}", path, ::strerror(errno)));
    if (n == 0)
      break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  try {
    const ParsedJobLog log = parse_job_log(text, fmt::format("--joblog '{}'", path));
    return {seqs_done(log, mode), log.whole_length};
  } catch (const InputError& e) {
    throw UsageError(e.what());
  }
}

// The tasks this run skips, by seq: those the job log has done (--resume*), or all but those a
// report lists as not succeeded (--rerun-failed).
std::function<bool(std::size_t)> skip_of(const ParallelCommandOptions& options,
                                         const Resume& resume) {
  if (!options.rerun_failed.empty()) {
    auto to_run =
        std::make_shared<std::vector<std::size_t>>(seqs_not_succeeded(options.rerun_failed));
    return [to_run](std::size_t seq) {
      return !std::binary_search(to_run->begin(), to_run->end(), seq);
    };
  }
  if (!options.resume && !options.resume_failed)
    return {};
  auto done = std::make_shared<std::vector<std::size_t>>(resume.done);
  return [done](std::size_t seq) { return std::binary_search(done->begin(), done->end(), seq); };
}

}  // namespace

CommandExit run_parallel(ParallelKind kind, const GlobalOptions& global,
                         const ParallelCommandOptions& options) {
  const ExecutorChoice executor = executor_choice(global, options.jobs);
  // Whole commands, or one template over inputs (::: and --args).
  std::unique_ptr<CommandTaskSource> commands;
  std::unique_ptr<TemplateTaskSource> inputs;
  // What the run reads, which no output may overwrite.
  std::vector<OptionPath> read_files{{"--from", options.from}};
  if (auto arguments = template_arguments(options.commands, options.args)) {
    for (const InputSourceArgument& source : arguments->sources) {
      if (source.file)
        read_files.push_back({"--args", *source.file});
    }
    inputs =
        std::make_unique<TemplateTaskSource>(std::move(*arguments), options, global.inherit_stdin);
  } else {
    if (options.link)
      throw UsageError("--link pairs the inputs of ::: and --args sources, and there are none");
    commands = std::make_unique<CommandTaskSource>(options, global.inherit_stdin);
  }
  TaskSource& source = inputs ? static_cast<TaskSource&>(*inputs) : *commands;
  ReportOutputs outputs(global, read_files, {{"--joblog", options.joblog}});
  const bool resuming = options.resume || options.resume_failed;
  const Resume resume =
      resuming ? read_job_log(options.joblog, options.resume_failed ? ResumeMode::resume_failed
                                                                    : ResumeMode::resume)
               : Resume{};
  const std::optional<std::size_t> known_count =
      inputs ? inputs->known_count() : commands->known_count();
  ParallelOptions run_with = run_options(kind, global, options, known_count);
  run_with.skip = skip_of(options, resume);
  run_with.jobs = executor_jobs(executor, run_with.jobs);

  Runtime runtime(executor);
  if (inputs)
    inputs->attach(runtime.io());
  else
    commands->attach(runtime.io());
  TaskEventsPrinter events(
      global, runtime.stdout_writer(), runtime.stderr_writer(),
      [&runtime] { runtime.interrupt(SIGPIPE); }, options.keep_order);
  std::optional<ResultsDir> results;
  if (!options.results.empty())
    results.emplace(options.results, events);
  std::optional<JobLog> joblog;
  if (!options.joblog.empty())
    joblog.emplace(options.joblog, resuming, resume.keep_length, runtime.clock());
  ReportBuilder reports(runtime.clock(), runtime.started_at());
  events.on_settled([&](const Task& task, bool unhandled, auto output) {
    if (joblog)
      joblog->record(task);
    TaskReport report = reports.task_report(task, unhandled, std::move(output));
    if (results)
      results->finish(report);
    reports.add(std::move(report));
  });
  std::optional<ProgressDisplay> progress;
  const std::optional<bool> forced =
      options.progress == 0 ? std::nullopt : std::optional<bool>(options.progress > 0);
  const ProgressStyle progress_as = progress_style(forced, global.quiet, STDERR_FILENO);
  if (progress_as != ProgressStyle::off) {
    progress.emplace(runtime.io(), runtime.clock(), runtime.stderr_writer(), progress_as,
                     run_with.jobs);
    if (known_count)
      progress->total_known(*known_count);
    events.show_progress(&*progress);
  }
  // Counting what a stream gives costs a call per task: only when the line needs the total.
  std::optional<CountedTaskSource> counted;
  if (progress && !known_count)
    counted.emplace(source, [&progress](std::size_t total) { progress->total_known(total); });
  RunListener& listener = results ? static_cast<RunListener&>(*results) : events;
  ParallelRun run(runtime.clock(), runtime.spawner(), listener,
                  counted ? static_cast<TaskSource&>(*counted) : source, run_with);

  Deferred<RunResult> done = run.start();
  // The progress line goes before the last of the output is written out, and the summary.
  const auto finished = [&done, &progress] {
    if (!done.called())
      return false;
    if (progress)
      progress->stop();
    return true;
  };
  const std::optional<int> interrupted =
      runtime.run(finished, [&run](int signo) { run.interrupt(signo); });
  const RunResult result = done.result()->value();
  if (joblog)
    joblog->close();  // durable before the summary says the run is over
  const std::optional<std::string>& source_error = inputs ? inputs->error() : commands->error();
  // A stream is checked as it is read: no command or input at all is found at its end.
  if (result.tasks == 0) {
    if (source_error)
      throw UsageError(*source_error);
    throw UsageError(inputs ? "no input to run the template on: --args gave none"
                            : "no command to run: --from gave none");
  }

  RunReport report = reports.build(result, report_capture_limit(global));
  report.options = options_report(run_with, options);
  int status = outputs.deliver(report);
  if (status == status::kSuccess &&
      ((joblog && joblog->failed()) || (results && results->failed())))
    status = status::kReportNotWritten;  // said on stderr when it happened
  // A bad line of a stream (or --link sources of different lengths) is found when it is read,
  // after the tasks before it ran: the run stopped reading there; it is still bad input.
  if (source_error) {
    log_line(*source_error);
    return {status::kUsage, interrupted};
  }
  return {status, interrupted};
}

}  // namespace tasker::cli
