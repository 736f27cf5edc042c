#include "cli/output/task_events_printer.hpp"

#include "cli/output/changes_printer.hpp"
#include "cli/output/github_actions.hpp"
#include "cli/output/gitlab_ci.hpp"
#include "cli/output/label_fit.hpp"
#include "cli/output/log_line.hpp"
#include "cli/output/progress_display.hpp"
#include "cli/report/report_text.hpp"
#include "core/input/duration.hpp"

#include <fmt/format.h>

#include <signal.h>
#include <unistd.h>

#include <cstdio>

namespace tasker::cli {

TaskEventsPrinter::TaskEventsPrinter(const GlobalOptions& options, FdWriter& out, FdWriter& err,
                                     std::function<void()> stdout_closed, bool keep_order)
    : options_(options),
      err_(err),
      github_actions_(on_github_actions()),
      stdout_closed_(std::move(stdout_closed)),
      label_limit_(label_limit(output_columns(STDOUT_FILENO))) {
  PrinterOptions printer;
  // With --json, stdout carries the report alone: output is captured instead.
  printer.mode = options.json ? OutputMode::quiet : options.output;
  printer.color = use_color(options.color, stdout);
  printer.github_groups = github_actions_;
  printer.gitlab_sections = on_gitlab_ci();
  printer.keep_order = keep_order;
  printer.out_writer = &out;
  printer.err_writer = &err;
  printer_ = make_output_printer(printer);
}

void TaskEventsPrinter::expect_label(std::string_view label) {
  const std::size_t width = label_width(fit_label(printable(label), label_limit_));
  printer_->reserve_label_width(width);
}

TaskEventsPrinter::~TaskEventsPrinter() = default;

void TaskEventsPrinter::show_changes_only() {
  printer_ = std::make_unique<ChangesPrinter>(std::move(printer_));
}

TaskEventsPrinter::Captures& TaskEventsPrinter::captures_for(std::size_t index) {
  auto found = captures_.find(index);
  if (found == captures_.end()) {
    found = captures_
                .emplace(index, Captures{OutputCapture(options_.capture_limit),
                                         OutputCapture(options_.capture_limit)})
                .first;
  }
  return found->second;
}

std::optional<CapturedOutput> TaskEventsPrinter::take_output(std::size_t index) {
  if (!captures_output(options_))
    return std::nullopt;
  Captures& captures = captures_for(index);
  CapturedOutput output{captures.out.take(), captures.err.take()};
  captures_.erase(index);
  return output;
}

void TaskEventsPrinter::check_stdout() {
  if (!stdout_closed_ || !printer_->broken())
    return;
  auto closed = std::move(stdout_closed_);
  stdout_closed_ = nullptr;  // once
  closed();
}

void TaskEventsPrinter::on_task_start(const Task& task) {
  // Names and commands are the user's, and may hold escape sequences: labels and log lines
  // show them as the summary does, control characters made spaces.
  if (task.attempts() == 1) {
    printer_->begin(task.index(), fit_label(printable(task.name()), label_limit_));
    if (progress_ != nullptr)
      progress_->task_started(task.index(), task.name());
  }
  if (options_.verbose) {
    log_line(task.attempts() == 1
                 ? fmt::format("{} started: {}", printable(task.name()), printable(task.command()))
                 : fmt::format("{} attempt {} started", printable(task.name()), task.attempts()));
  }
}

void TaskEventsPrinter::on_task_output(const Task& task, OutputStream stream,
                                       std::string_view bytes) {
  if (captures_output(options_)) {
    Captures& captures = captures_for(task.index());
    (stream == OutputStream::stdout_stream ? captures.out : captures.err).append(bytes);
    if (options_.json)
      return;  // stdout carries the report alone
  }
  printer_->output(task.index(), stream, bytes);
  check_stdout();
}

void TaskEventsPrinter::on_task_retry(const Task& task, Duration delay) {
  if (options_.verbose) {
    log_line(fmt::format("{} {}; retrying in {}", printable(task.name()),
                         task.last_exit() ? task.last_exit()->describe() : std::string("failed"),
                         format_duration(delay)));
  }
}

void TaskEventsPrinter::on_task_stopped(const Task& task, int signo) {
  // A task in a group of its own is never in the terminal's foreground: the kernel stops it
  // when it reads the terminal (a password prompt) or changes its settings. It would wait
  // there unseen until its timeout or a Ctrl-C.
  if (signo == SIGTTIN || signo == SIGTTOU) {
    log_line(
        fmt::format("warning: {} is stopped ({}): it tried to {} the terminal, which "
                    "tasks cannot use; it waits until cancelled (Ctrl-C, --timeout)",
                    printable(task.name()), signal_name(signo),
                    signo == SIGTTIN ? "read from" : "write to or set up"));
  }
}

void TaskEventsPrinter::on_task_waiting_for_process(const Task& task,
                                                    const ProcessExit& failed_start) {
  if (options_.verbose) {
    log_line(
        fmt::format("{} waits for a process: {}", printable(task.name()), failed_start.describe()));
  }
}

void TaskEventsPrinter::on_jobs_lowered(std::size_t jobs) {
  if (progress_ != nullptr)
    progress_->jobs_lowered(jobs);
  if (jobs_lowered_said_)
    return;  // once: it may come lower again as tasks wait
  jobs_lowered_said_ = true;
  log_line(fmt::format(
      "-j lowered to {}: the process limit (ulimit -u) is reached; tasks wait their turn", jobs));
}

void TaskEventsPrinter::on_task_end(const Task& task) {
  const bool failed = task.state() != TaskState::succeeded;
  if (task.attempts() > 0)
    printer_->end(task.index(), failed);
  if (progress_ != nullptr)
    progress_->task_ended(task.index(), !failed);
  check_stdout();
  // On GitHub Actions a task that failed, or ran out of time, is an annotation on the run, once
  // its output is out. A task tasker cancelled did not fail on its own: it gets none.
  const bool timed_out = task.state() == TaskState::timed_out;
  if (github_actions_ && (task.state() == TaskState::failed || timed_out)) {
    err_.push(
        task_error_command(task.name(), timed_out, task.status().value_or(1), task.command()));
  }
  if (options_.verbose) {
    const std::string& host = task.last_exit() ? task.last_exit()->host : std::string();
    const std::string& job = task.last_exit() ? task.last_exit()->job_id : std::string();
    log_line(fmt::format("{} {} (status {}){}{}", printable(task.name()), to_string(task.state()),
                         task.status() ? fmt::to_string(*task.status()) : std::string("none"),
                         host.empty() ? "" : " on " + printable(host),
                         job.empty() ? "" : " in Slurm job " + job));
  }
}

void TaskEventsPrinter::on_task_settled(const Task& task, bool unhandled) {
  if (task.attempts() == 0)
    printer_->skip(task.index());  // never started: -k need not wait for its output
  if (progress_ != nullptr && task.state() == TaskState::skipped)
    progress_->task_skipped();
  if (settled_)
    settled_(task, unhandled, take_output(task.index()));
}

}  // namespace tasker::cli
