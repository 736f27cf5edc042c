#pragma once
// Session: what every command shares while it runs — the event loop, the
// clock, the spawner, the printer, the captures for --json, the report files
// opened before anything starts, and Ctrl-C. It listens to tasks (printing,
// capturing, -v logging) and, at the end, turns a RunReport into the
// summary, the reports and the exit status.

#include "cli/commands/global_options.hpp"
#include "cli/output/github_actions.hpp"
#include "cli/output/output_capture.hpp"
#include "cli/output/output_printer.hpp"
#include "cli/report/report_file.hpp"
#include "cli/report/run_report.hpp"
#include "core/deferred/asio_clock.hpp"
#include "core/process/posix_spawner.hpp"
#include "core/run/task.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tasker::cli {

class Session final : public TaskListener {
 public:
  /// Opens the --report and --junit files (UsageError if one cannot be
  /// created: nothing has run yet) and sets up printing.
  Session(const GlobalOptions& options, std::string command);
  ~Session() override;

  [[nodiscard]] boost::asio::io_context& io() { return io_; }
  [[nodiscard]] Clock& clock() { return clock_; }
  [[nodiscard]] Spawner& spawner() { return *spawner_; }
  [[nodiscard]] const GlobalOptions& options() const { return options_; }

  /// ProcessOptions from the global flags, with `grace`.
  [[nodiscard]] ProcessOptions process_options(Duration grace) const;

  /// Milliseconds from the session's start to clock time `t`.
  [[nodiscard]] double ms_since_start(Duration t) const;

  /// Runs the event loop until `done()` holds. The first SIGINT, SIGTERM,
  /// SIGHUP or SIGQUIT calls `on_interrupt(signo)`; a second one kills
  /// every process group.
  /// Once writing task output to stdout fails (`tasker ... | head -1`), the
  /// run is interrupted as by a SIGPIPE: `on_interrupt(SIGPIPE)`, and
  /// interrupted() is SIGPIPE, so tasker ends as `yes` would (status 141).
  void run(const std::function<bool()>& done, const std::function<void(int)>& on_interrupt);

  /// The signal that interrupted the run, if one did.
  [[nodiscard]] std::optional<int> interrupted() const { return interrupted_; }

  /// `every --changes`: from now on a producer's output is shown only when
  /// it differs from the previous one's.
  void show_changes_only();

  /// A report entry for `task` from what it did and what was captured; the
  /// capture is handed over, so call it once per task.
  [[nodiscard]] TaskReport report_task(const Task& task);

  /// Prints the summary, the unhandled-failure lines and the JSON report
  /// (--json), writes --report and --junit, and returns the exit status:
  /// report.exit_code, or 1 if a report could not be written.
  [[nodiscard]] int finish(RunReport& report);

  // TaskListener
  void on_task_start(const Task& task) override;
  void on_task_output(const Task& task, OutputStream stream, std::string_view bytes) override;
  void on_task_retry(const Task& task, Duration delay) override;
  void on_task_end(const Task& task) override;

 private:
  struct Captures {
    OutputCapture out;
    OutputCapture err;
  };
  Captures& captures_for(std::size_t index);
  void wait_for_signal();
  void check_stdout();
  void log(const std::string& line);

  GlobalOptions options_;
  std::string command_;
  bool github_actions_ = on_github_actions();  // GITHUB_ACTIONS=true: group and annotate
  std::optional<ReportFile> report_file_;
  std::optional<ReportFile> junit_file_;
  boost::asio::io_context io_;
  AsioClock clock_{io_};
  std::unique_ptr<PosixSpawner> spawner_;
  std::unique_ptr<OutputPrinter> printer_;
  std::unordered_map<std::size_t, Captures> captures_;  // by task index, until reported
  Duration start_;
  bool color_err_ = false;
  boost::asio::signal_set signals_{io_};
  std::optional<int> interrupted_;
  bool stdout_closed_ = false;
  std::function<void(int)> on_interrupt_;
};

}  // namespace tasker::cli
