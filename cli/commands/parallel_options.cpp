#include "cli/commands/parallel_options.hpp"

#include "cli/commands/global_options.hpp"

#include <map>

namespace tasker::cli {

std::optional<Duration> optional_duration(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  return parse_duration(text);
}

void add_parallel_options(CLI::App& command, ParallelCommandOptions& options) {
  command
      .add_option("commands", options.commands,
                  "Shell commands, one per argument; or one template and its inputs: "
                  "CMD ::: a b c")
      ->option_text("CMD...");
  command.add_option("-j,--jobs", options.jobs, "Run at most N tasks at once; 0 = no limit")
      ->transform(decimal_number())
      ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000}))
      ->option_text("N")
      ->capture_default_str();
  command
      .add_option("--timeout", options.timeout,
                  "Stop a task running longer (status 124); more than 0")
      ->check(timeout_check());
  command.add_option("--retries", options.retries, "Run a failing task again up to N times")
      ->transform(decimal_number())
      ->check(CLI::Range(0U, 1'000'000U))
      ->option_text("N")
      ->capture_default_str();
  command
      .add_option("--retry-delay", options.retry_delay,
                  "Wait before the first retry, doubled each time")
      ->check(duration_check())
      ->capture_default_str();
  command.add_option("--names", options.names, "Names for the tasks, comma-separated")
      ->option_text("a,b,c");
  command
      .add_option("--from", options.from, "Read more commands from FILE, one per line (- = stdin)")
      ->option_text("FILE");
  command
      .add_option("--args", options.args,
                  "Run the template once per line of FILE, blank lines too (- = stdin)")
      ->option_text("FILE");
  command.add_flag("--link", options.link,
                   "Pair the inputs of the sources one to one instead of combining them all");
  command.add_option("--grace", options.grace, "Time between SIGTERM and SIGKILL on cancel")
      ->check(duration_check())
      ->capture_default_str();
  command.add_flag("-k,--keep-order", options.keep_order,
                   "Print the tasks' output in input order, holding later tasks' output");
  command.add_flag("--progress,!--no-progress", options.progress,
                   "Show progress on stderr: on a terminal by default, else a line every 10 s");
  const std::vector<std::pair<std::string, OnFire>> on_fire{{"cancel", OnFire::cancel},
                                                            {"wait", OnFire::wait}};
  command
      .add_option("--on-fire", options.on_fire,
                  "When the run fires early: cancel the other tasks, or wait for them")
      ->transform(one_of_words(on_fire))
      ->option_text("cancel|wait")
      ->default_str("cancel");
  CLI::Option* joblog = command
                            .add_option("--joblog", options.joblog,
                                        "Log each finished task to FILE in GNU parallel's format")
                            ->option_text("FILE");
  CLI::Option* resume =
      command.add_flag("--resume", options.resume, "Skip the tasks the --joblog FILE lists")
          ->needs(joblog);
  CLI::Option* resume_failed =
      command
          .add_flag("--resume-failed", options.resume_failed,
                    "Skip the tasks the --joblog FILE lists as succeeded; run the rest")
          ->needs(joblog)
          ->excludes(resume);
  command
      .add_option("--rerun-failed", options.rerun_failed,
                  "Run only the tasks a JSON report (--report) lists as not succeeded")
      ->option_text("REPORT")
      ->excludes(resume)
      ->excludes(resume_failed);
  command
      .add_option("--results", options.results,
                  "Write each task's stdout, stderr and meta.json under DIR/<seq>/")
      ->option_text("DIR");
}

}  // namespace tasker::cli
