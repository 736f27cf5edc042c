#include "cli/session.hpp"

#include "cli/output/changes_printer.hpp"
#include "cli/output/github_actions.hpp"
#include "cli/report/json_report.hpp"
#include "cli/report/junit_report.hpp"
#include "cli/report/report_text.hpp"
#include "cli/report/summary.hpp"
#include "cli/reraise.hpp"
#include "cli/usage_error.hpp"
#include "core/deferred/failure_log.hpp"

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include <signal.h>

#include <cstdio>

namespace tasker::cli {
namespace {

std::optional<ReportFile> open_report(const std::string& path) {
  if (path.empty())
    return std::nullopt;
  try {
    return ReportFile::open(path);
  } catch (const ReportFileError& e) {
    throw UsageError(e.what());  // SPEC §5: reports are opened before any task starts
  }
}

}  // namespace

Session::Session(const GlobalOptions& options, std::string command)
    : options_(options),
      command_(std::move(command)),
      report_file_(open_report(options.report_path)),
      junit_file_(open_report(options.junit_path)),
      spawner_(std::make_unique<PosixSpawner>(io_, clock_)),
      start_(clock_.now()) {
  PrinterOptions printer;
  // With --json, stdout carries the report alone: output is captured instead.
  printer.mode = options.json ? OutputMode::quiet : options.output;
  printer.color = use_color(options.color, stdout);
  printer.github_groups = github_actions_;
  printer_ = make_output_printer(printer);
  color_err_ = use_color(options.color, stderr);
  // Caught from now on, before any task starts: a signal that came before
  // the loop waits for it is queued, not the default death with tasks left.
  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  // The terminal's hangup and Ctrl-\ reach tasker's process group only, not
  // the tasks' own groups: dying of them at once would leave every task
  // running (SPEC §5, no orphans). They end the run as SIGTERM does.
  signals_.add(SIGHUP);
  signals_.add(SIGQUIT);
  // Twisted logs a canceller's exception from DeferredList.cancel; so do we.
  set_failure_handler([this](FailureEvent event, const Failure& failure) {
    if (event == FailureEvent::canceller_raised)
      log(fmt::format("a canceller raised: {}", failure.what()));
  });
}

Session::~Session() {
  set_failure_handler(nullptr);
}

ProcessOptions Session::process_options(Duration grace) const {
  ProcessOptions process;
  process.shell = options_.shell;
  process.shell_use = options_.shell_use;
  process.inherit_stdin = options_.inherit_stdin;
  process.grace = grace;
  return process;
}

double Session::ms_since_start(Duration t) const {
  return std::chrono::duration<double, std::milli>(t - start_).count();
}

void Session::run(const std::function<bool()>& done, const std::function<void(int)>& on_interrupt) {
  on_interrupt_ = on_interrupt;
  wait_for_signal();
  while (!done()) {
    if (io_.run_one() == 0)
      break;
  }
  on_interrupt_ = nullptr;  // the run is over: a late check_stdout() handler stops nothing
  // Let the cancelled wait and any last handlers of finished work run.
  signals_.cancel();
  signals_.clear();
  io_.restart();
  io_.poll();
}

void Session::check_stdout() {
  if (stdout_closed_ || !printer_->broken())
    return;
  stdout_closed_ = true;
  // Posted: this runs inside a task's pipe read, and cancelling reaches back into that task.
  boost::asio::post(io_, [this] {
    if (!on_interrupt_ || interrupted_)
      return;
    interrupted_ = SIGPIPE;
    log("stdout is closed: cancelling the tasks");
    on_interrupt_(SIGPIPE);
  });
}

void Session::wait_for_signal() {
  signals_.async_wait([this](const boost::system::error_code& error, int signo) {
    if (error)
      return;
    if (!interrupted_) {
      interrupted_ = signo;
      log(fmt::format("{}: cancelling the tasks (again to kill them at once)", signal_name(signo)));
      on_interrupt_(signo);
    } else {
      log(fmt::format("{} again: killing every task", signal_name(signo)));
      spawner_->kill_all();
    }
    wait_for_signal();
  });
}

void Session::show_changes_only() {
  printer_ = std::make_unique<ChangesPrinter>(std::move(printer_));
}

Session::Captures& Session::captures_for(std::size_t index) {
  auto found = captures_.find(index);
  if (found == captures_.end()) {
    found = captures_
                .emplace(index, Captures{OutputCapture(options_.capture_limit),
                                         OutputCapture(options_.capture_limit)})
                .first;
  }
  return found->second;
}

void Session::log(const std::string& line) {
  std::fflush(stdout);  // keep tasker's lines after the task output they follow
  std::fprintf(stderr, "tasker: %s\n", line.c_str());
  std::fflush(stderr);
}

void Session::on_task_start(const Task& task) {
  if (task.attempts() == 1)
    printer_->begin(task.index(), task.name());
  if (options_.verbose) {
    log(task.attempts() == 1 ? fmt::format("{} started: {}", task.name(), task.command())
                             : fmt::format("{} attempt {} started", task.name(), task.attempts()));
  }
}

void Session::on_task_output(const Task& task, OutputStream stream, std::string_view bytes) {
  if (options_.json) {
    Captures& captures = captures_for(task.index());
    (stream == OutputStream::stdout_stream ? captures.out : captures.err).append(bytes);
    return;
  }
  printer_->output(task.index(), stream, bytes);
  check_stdout();
}

void Session::on_task_retry(const Task& task, Duration delay) {
  if (options_.verbose) {
    log(fmt::format("{} {}; retrying in {}", task.name(),
                    task.last_exit() ? task.last_exit()->describe() : std::string("failed"),
                    format_duration(delay)));
  }
}

void Session::on_task_end(const Task& task) {
  const bool failed = task.state() != TaskState::succeeded;
  if (task.attempts() > 0)
    printer_->end(task.index(), failed);
  check_stdout();
  // On GitHub Actions a task that failed, or ran out of time, is an annotation on the run, once
  // its output is out. A task tasker cancelled did not fail on its own: it gets none.
  const bool timed_out = task.state() == TaskState::timed_out;
  if (github_actions_ && (task.state() == TaskState::failed || timed_out)) {
    const std::string line =
        task_error_command(task.name(), timed_out, task.status().value_or(1), task.command());
    std::fflush(stdout);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  }
  if (options_.verbose) {
    log(fmt::format("{} {} (status {})", task.name(), to_string(task.state()),
                    task.status() ? fmt::to_string(*task.status()) : std::string("none")));
  }
}

TaskReport Session::report_task(const Task& task) {
  TaskReport r;
  r.index = task.index();
  r.name = task.name();
  r.command = task.command();
  r.state = task.state() == TaskState::queued ? TaskState::not_started : task.state();
  if (task.last_exit()) {
    r.exit_code = task.last_exit()->exit_code;
    r.signal = task.last_exit()->signal;
    r.error = task.last_exit()->start_error;
  }
  r.status = task.status();
  if (task.state() == TaskState::timed_out)
    r.error = "timed out";
  if (task.started_at()) {
    r.started_ms = ms_since_start(*task.started_at());
    const Duration end = task.ended_at() ? *task.ended_at() : clock_.now();
    r.duration_ms = std::chrono::duration<double, std::milli>(end - *task.started_at()).count();
  }
  r.attempts = task.attempts();
  if (options_.json) {
    Captures& captures = captures_for(task.index());
    r.stdout_capture = captures.out.take();
    r.stderr_capture = captures.err.take();
    captures_.erase(task.index());
  }
  return r;
}

int Session::finish(RunReport& report) {
  report.version = TASKER_VERSION;
  report.command = command_;
  report.duration_ms = ms_since_start(clock_.now());
  report.interrupted_by = interrupted_;
  report.capture_limit = options_.json ? options_.capture_limit : 0;
  std::fflush(stdout);

  print_unhandled(stderr, report);
  if (!options_.quiet)
    print_summary(stderr, report, color_err_);

  int status = report.exit_code;
  // `render` runs only for a file that was asked for: a report of 10 000 tasks is not free.
  const auto write_report = [&](std::optional<ReportFile>& file, const auto& render) {
    if (!file)
      return;
    try {
      file->write(render());
      file->close();  // some errors (NFS, quota) are only reported here
    } catch (const ReportFileError& e) {
      std::fprintf(stderr, "tasker: %s\n", e.what());
      if (status == 0)
        status = 1;
    }
  };
  write_report(report_file_, [&] { return to_json(report, options_.json); });
  write_report(junit_file_, [&] { return to_junit_xml(report); });
  if (options_.json) {
    const std::string json = to_json(report, true);
    std::fwrite(json.data(), 1, json.size(), stdout);
  }
  std::fflush(stdout);
  std::fflush(stderr);
  if (interrupted_)
    remember_interrupt(*interrupted_);
  return status;
}

}  // namespace tasker::cli
