#include "cli/report/summary.hpp"

#include "cli/report/node_report.hpp"
#include "cli/report/report_tasks.hpp"
#include "cli/report/report_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tasker::cli {
namespace {

// Columns stay readable when a user names a task with a sentence.
constexpr std::size_t kMaxNameWidth = 32;
constexpr std::size_t kMaxCommandWidth = 60;
constexpr std::size_t kMinCommandWidth = 20;
constexpr std::size_t kStateWidth = 11;  // "not_started"

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kBold = "\x1b[1m";

struct Mark {
  std::string_view symbol;
  std::string_view ascii;
  std::string_view color;
};

Mark mark_for(TaskState state) {
  switch (state) {
    case TaskState::succeeded:
      return {"✔", "+", kGreen};
    case TaskState::failed:
    case TaskState::timed_out:
      return {"✘", "x", kRed};
    case TaskState::cancelled:
      return {"⊘", "-", kYellow};
    case TaskState::not_started:
    case TaskState::skipped:
    case TaskState::queued:
    case TaskState::running:
      break;
  }
  return {"·", ".", kDim};
}

// Builds the summary in one string, written with one call, so it is not cut
// into by other output.
class Writer {
 public:
  explicit Writer(bool color, std::size_t columns = 0) : color_(color), columns_(columns) {}

  std::string paint(std::string_view text, std::string_view style) const {
    return color_ ? fmt::format("{}{}{}", style, text, kReset) : std::string(text);
  }
  [[nodiscard]] bool color() const { return color_; }
  /// The width of the lines, 0 when unknown.
  [[nodiscard]] std::size_t columns() const { return columns_; }

  template <typename... Args>
  void line(fmt::format_string<Args...> format, Args&&... args) {
    text_ += fmt::format(format, std::forward<Args>(args)...);
    text_ += '\n';
  }

  void flush(std::FILE* err) const {
    std::fwrite(text_.data(), 1, text_.size(), err);
    std::fflush(err);
  }

 private:
  bool color_;
  std::size_t columns_;
  std::string text_;
};

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

std::string pad_right(std::string text, std::size_t width) {
  const std::size_t shown = display_width(text);
  if (shown < width)
    text.append(width - shown, ' ');
  return text;
}

std::string status_text(const TaskReport& task) {
  return task.status ? fmt::format("{}", *task.status) : "-";
}

std::string duration_text(const TaskReport& task) {
  return task.duration_ms ? format_ms(*task.duration_ms) : "-";
}

// The task that fired the run early, or whose failure the run failed with.
std::optional<TaskReport> firing_task(const RunReport& report) {
  const std::optional<std::size_t> at = report.fire_index ? report.fire_index : report.failed_task;
  if (!at)
    return std::nullopt;
  return task_at(report, *at);
}

struct Tally {
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t timed_out = 0;
  std::size_t cancelled = 0;
  std::size_t not_started = 0;
  std::size_t skipped = 0;
  std::size_t unhandled = 0;
};

Tally tally(const RunReport& report) {
  Tally t;
  for_each_task(report, [&t](const TaskReport& task) {
    switch (task.state) {
      case TaskState::succeeded:
        ++t.succeeded;
        break;
      case TaskState::failed:
        ++t.failed;
        break;
      case TaskState::timed_out:
        ++t.timed_out;
        break;
      case TaskState::cancelled:
        ++t.cancelled;
        break;
      case TaskState::not_started:
      case TaskState::queued:
      case TaskState::running:
        ++t.not_started;
        break;
      case TaskState::skipped:
        ++t.skipped;
        break;
    }
    if (task.unhandled)
      ++t.unhandled;
  });
  return t;
}

// "1 succeeded, 2 failed, 1 cancelled": the non-zero counts, in that order.
std::string tally_text(const Tally& t) {
  std::vector<std::string> parts;
  const auto add = [&parts](std::size_t n, std::string_view what) {
    if (n > 0)
      parts.push_back(fmt::format("{} {}", n, what));
  };
  add(t.succeeded, "succeeded");
  add(t.failed, "failed");
  add(t.timed_out, "timed out");
  add(t.cancelled, "cancelled");
  add(t.not_started, "not started");
  add(t.skipped, "skipped");
  return parts.empty() ? std::string("none") : fmt::format("{}", fmt::join(parts, ", "));
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

void task_rows(Writer& w, const RunReport& report) {
  // Thousands of green lines would bury the few that matter: past kMaxSummaryRows tasks, the
  // rows are those that did not succeed, up to kMaxSummaryRows. Only those are held.
  const bool all = task_count(report) <= kMaxSummaryRows;
  std::vector<TaskReport> held;
  std::size_t hidden_successes = 0;
  std::size_t hidden_others = 0;
  for_each_task(report, [&](const TaskReport& task) {
    if (all)
      held.push_back(task);
    else if (task.state == TaskState::succeeded)
      ++hidden_successes;
    else if (held.size() < kMaxSummaryRows)
      held.push_back(task);
    else
      ++hidden_others;
  });
  std::vector<const TaskReport*> rows;
  for (const TaskReport& task : held) rows.push_back(&task);

  std::size_t name_width = 0;
  std::size_t status_width = 1;
  std::size_t duration_width = 1;
  for (const TaskReport* task : rows) {
    name_width = std::max(name_width, display_width(one_line(task->name, kMaxNameWidth)));
    status_width = std::max(status_width, status_text(*task).size());
    duration_width = std::max(duration_width, duration_text(*task).size());
  }
  // The command takes what is left of the line, and kMaxCommandWidth when its width is unknown.
  const std::size_t before_command =
      2 + 1 + 1 + name_width + 2 + kStateWidth + 2 + status_width + 2 + duration_width + 2;
  const std::size_t command_width =
      w.columns() == 0 ? kMaxCommandWidth
                       : std::max(kMinCommandWidth, w.columns() > before_command
                                                        ? w.columns() - before_command - 1
                                                        : std::size_t{0});
  for (const TaskReport* task : rows) {
    const Mark mark = mark_for(task->state);
    std::string row = fmt::format(
        "  {} {}  {}  {:>{}}  {:>{}}  {}",
        w.paint(w.color() ? mark.symbol : mark.ascii, mark.color),
        pad_right(one_line(task->name, kMaxNameWidth), name_width),
        w.paint(pad_right(std::string(to_string(task->state)), kStateWidth), mark.color),
        status_text(*task), status_width, duration_text(*task), duration_width,
        one_line(task->command, command_width));
    if (task->core_dumped)
      row += "  (core dumped)";
    if (task->attempts > 1)
      row += fmt::format("  ({} attempts)", task->attempts);
    if (task->unhandled)
      row += "  (unhandled)";
    w.line("{}", row);
  }
  if (hidden_successes > 0) {
    w.line("  {}", w.paint(fmt::format("({} not listed)", plural(hidden_successes, "succeeded task",
                                                                 "succeeded tasks")),
                           kDim));
  }
  if (hidden_others > 0) {
    w.line("  {}", w.paint(fmt::format("({} more not listed; see --report for all)",
                                       plural(hidden_others, "task", "tasks")),
                           kDim));
  }
}

void unhandled_lines(Writer& w, const RunReport& report) {
  for_each_task(report, [&w](const TaskReport& task) {
    if (!task.unhandled)
      return;
    w.line("tasker: unhandled failure in {}: {}", task_label(task, kMaxCommandWidth),
           outcome_text(task));
  });
}

std::string verdict(const RunReport& report) {
  const std::string_view command = to_string(report.command);
  if (report.fired == Fired::none) {
    if (report.interrupted_by) {
      return fmt::format("{}: interrupted by {} before the run fired", command,
                         signal_name(*report.interrupted_by));
    }
    return fmt::format("{}: the run never fired", command);
  }
  const std::optional<TaskReport> fired_by = firing_task(report);
  if (report.fired == Fired::errback) {
    if (!fired_by)
      return fmt::format("{}: errback", command);
    const std::string what =
        fmt::format("{} {}", task_label(*fired_by, kMaxCommandWidth), outcome_text(*fired_by));
    if (report.command == CommandKind::any)
      return fmt::format("any: errback: no task succeeded; last: {}", what);
    if (report.command == CommandKind::after)
      return fmt::format("after: errback: {}", what);
    return fmt::format("{}: errback FirstError: {}", command, what);
  }
  if (fired_by && report.command != CommandKind::after) {
    return fmt::format("{}: callback: {} succeeded first", command,
                       task_label(*fired_by, kMaxCommandWidth));
  }
  if (report.command == CommandKind::after && task_count(report) == 1) {
    const std::optional<TaskReport> task = task_at(report, 0);
    return fmt::format("after: callback: {} {}", task_label(*task, kMaxCommandWidth),
                       outcome_text(*task));
  }
  const Tally t = tally(report);
  const std::size_t failures = t.failed + t.timed_out;
  // Skipped tasks (--resume) are not part of the run's list: it combined the others.
  std::string text = fmt::format("{}: callback with {}", command,
                                 plural(task_count(report) - t.skipped, "result", "results"));
  if (failures > 0) {
    text += fmt::format(" ({} succeeded, {} failed)", t.succeeded, failures);
  }
  return text;
}

std::string exit_line(const RunReport& report, const Tally& t) {
  if (report.interrupted_by) {
    return fmt::format("tasker: interrupted by {}; exit status {}",
                       signal_name(*report.interrupted_by), report.exit_code);
  }
  if (report.fired == Fired::callback && t.unhandled > 0 && report.exit_code != 0) {
    return fmt::format("tasker: exit status {}: the run fired its callback, but {} left unhandled",
                       report.exit_code, plural(t.unhandled, "failure was", "failures were"));
  }
  return fmt::format("tasker: exit status {}", report.exit_code);
}

void parallel_summary(Writer& w, const RunReport& report) {
  task_rows(w, report);
  const Tally t = tally(report);
  const bool failed = report.exit_code != 0;
  w.line("{}", w.paint(verdict(report), failed ? kRed : kGreen));
  w.line("{}: {} in {}: {}", to_string(report.command), plural(task_count(report), "task", "tasks"),
         format_ms(report.duration_ms), tally_text(t));
  w.line("{}", w.paint(exit_line(report, t), kBold));
}

std::optional<TaskReport> last_run(const RunReport& report, bool (*pick)(const TaskReport&)) {
  std::optional<std::size_t> last;
  std::size_t position = 0;
  for_each_task(report, [&](const TaskReport& task) {
    if (pick(task))
      last = position;
    ++position;
  });
  return last ? task_at(report, *last) : std::nullopt;
}

std::string end_text(const RunReport& report, const EveryReport& every, const EveryStats& stats) {
  const std::optional<TaskReport> failed =
      last_run(report, [](const TaskReport& t) { return is_failure(t); });
  const std::string last_failure =
      !failed
          ? std::string()
          : fmt::format(": {} {}", task_label(*failed, kMaxCommandWidth), outcome_text(*failed));
  switch (every.end_reason) {
    case EndReason::count:
      return fmt::format("stopped after {} (--count)", plural(stats.runs(), "run", "runs"));
    case EndReason::duration:
      return "stopped when --for ran out";
    case EndReason::until_success: {
      const std::optional<TaskReport> run =
          last_run(report, [](const TaskReport& t) { return t.state == TaskState::succeeded; });
      return !run ? std::string("stopped at the first success (--until-success)")
                  : fmt::format("stopped at the first success (--until-success): {}",
                                task_label(*run, kMaxCommandWidth));
    }
    case EndReason::failure:
      return fmt::format("stopped by a failed run{}", last_failure);
    case EndReason::max_failures:
      return fmt::format("stopped after {} in a row (--max-failures){}",
                         plural(stats.failures_in_a_row(), "failure", "failures"), last_failure);
    case EndReason::interrupted:
      return report.interrupted_by
                 ? fmt::format("interrupted by {}", signal_name(*report.interrupted_by))
                 : std::string("interrupted");
    case EndReason::none:
      break;
  }
  return "ended";
}

void every_summary(Writer& w, const RunReport& report, const EveryReport& every) {
  const std::string head = fmt::format("every {}", format_ms(every.interval_ms));
  // The runs listed are all the runs, unless the oldest were left out of the
  // report: then only the running totals cover them.
  EveryStats listed;
  if (every.runs_omitted == 0) {
    for_each_task(report, [&listed](const TaskReport& run) { listed.add(run); });
  }
  const EveryStats& stats = every.runs_omitted == 0 ? listed : every.stats;
  const std::size_t runs = stats.runs();
  std::string counts = fmt::format("{}: {}", head, plural(runs, "run", "runs"));
  if (runs > 0) {
    counts += fmt::format(" ({})", tally_text(Tally{stats.succeeded(), stats.failed(),
                                                    stats.timed_out(), stats.cancelled(), 0, 0}));
  }
  counts += fmt::format(", {} in {}", plural(every.skipped_ticks, "skipped tick", "skipped ticks"),
                        format_ms(report.duration_ms));
  w.line("{}", counts);

  if (stats.min_ms()) {
    w.line("{}: run duration min {}, median {}, max {}; largest lateness {}", head,
           format_ms(*stats.min_ms()), format_ms(*stats.median_ms()), format_ms(*stats.max_ms()),
           format_ms(every.max_lateness_ms));
  }
  w.line("{}", w.paint(fmt::format("{}: {}", head, end_text(report, every, stats)),
                       report.exit_code != 0 ? kRed : kGreen));
  const Tally t = tally(report);
  w.line("{}", w.paint(exit_line(report, t), kBold));
}

// A chain or a task file: its commands by path, a chain's levels, and what the root gave.
void tree_summary(Writer& w, const RunReport& report, const NodeReport& root) {
  task_rows(w, report);
  const std::string_view command = to_string(report.command);
  for (const LevelReport& level : root.levels) {
    const std::string ran = level.ran == Fired::none
                                ? std::string("did not run")
                                : fmt::format("ran its {}", to_string(level.ran));
    w.line("  {} {}{}: {}, then on the {} track", to_string(level.kind), level.name,
           level.trap.empty() ? std::string() : fmt::format(" (trap {})", level.trap), ran,
           level.track_after == Fired::none ? std::string("-")
                                            : std::string(to_string(level.track_after)));
  }
  const Tally t = tally(report);
  std::string what;
  if (report.fired == Fired::none) {
    what = report.interrupted_by ? fmt::format("{}: interrupted by {} before it ended", command,
                                               signal_name(*report.interrupted_by))
                                 : fmt::format("{}: ended without an outcome", command);
  } else if (report.fired == Fired::callback) {
    what = fmt::format("{}: callback", command);
  } else {
    const std::optional<TaskReport> failed =
        last_run(report, [](const TaskReport& task) { return task.unhandled && is_failure(task); });
    what = failed ? fmt::format("{}: errback: {} {}", command,
                                task_label(*failed, kMaxCommandWidth), outcome_text(*failed))
                  : fmt::format("{}: errback with status {}", command, report.exit_code);
  }
  w.line("{}", w.paint(what, report.exit_code != 0 ? kRed : kGreen));
  w.line("{}: {} in {}: {}", command, plural(task_count(report), "task", "tasks"),
         format_ms(report.duration_ms), tally_text(t));
  w.line("{}", w.paint(exit_line(report, t), kBold));
}

}  // namespace

void print_summary(std::FILE* err, const RunReport& report, bool color, std::size_t columns) {
  Writer w(color, columns);
  if (report.tree) {
    tree_summary(w, report, *report.tree);
  } else if (report.every) {
    every_summary(w, report, *report.every);
  } else {
    parallel_summary(w, report);
  }
  w.flush(err);
}

void print_unhandled(std::FILE* err, const RunReport& report) {
  Writer w(false);
  unhandled_lines(w, report);
  w.flush(err);
}

}  // namespace tasker::cli
