#include "cli/commands/task_tree_text.hpp"

#include "cli/report/report_text.hpp"

#include <fmt/format.h>

#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace tasker::cli {
namespace {

std::string group_name(ParallelKind kind) {
  switch (kind) {
    case ParallelKind::gather:
      return "gather";
    case ParallelKind::list:
      return "list";
    case ParallelKind::any:
      break;
  }
  return "any";
}

std::string level_name(spec::Level::Kind kind) {
  switch (kind) {
    case spec::Level::Kind::then:
      return "then";
    case spec::Level::Kind::catch_:
      return "catch";
    case spec::Level::Kind::both:
      return "both";
    case spec::Level::Kind::finally:
      return "finally";
    case spec::Level::Kind::callbacks:
      break;
  }
  return "callbacks";
}

std::string when_level_runs(spec::Level::Kind kind) {
  switch (kind) {
    case spec::Level::Kind::then:
      return "if the result so far is a success";
    case spec::Level::Kind::catch_:
      return "if the result so far is a failure";
    case spec::Level::Kind::both:
    case spec::Level::Kind::finally:
      return "whatever the result so far";
    case spec::Level::Kind::callbacks:
      break;
  }
  return "the callback on a success, the errback on a failure";
}

class TreeText {
 public:
  explicit TreeText(const spec::TaskFile& file) {
    // By name: a file of thousands of tasks refers to them thousands of times.
    for (const auto& task : file.tasks) tasks_.emplace(*task->name, task.get());
  }

  void task(const spec::Task& task, const std::string& name, int depth) {
    std::string head = fmt::format("{}:", name);
    const spec::TaskExtras& extras = task.extras();
    if (extras.delay)
      head += fmt::format(" after {},", format_ms(to_ms(*extras.delay)));
    if (extras.every) {
      const spec::Every& every = *extras.every;
      std::vector<std::string> stops;
      if (every.count)
        stops.push_back(fmt::format("{} runs", *every.count));
      if (every.run_for)
        stops.push_back(fmt::format("for {}", format_ms(to_ms(*every.run_for))));
      if (every.until_success)
        stops.push_back("until a run succeeds");
      if (every.keep_going)
        stops.push_back("going on after failures");
      head +=
          fmt::format(" every {}{},", format_ms(to_ms(every.interval)),
                      stops.empty() ? std::string() : fmt::format(" ({})", fmt::join(stops, ", ")));
    }
    line(depth, head + " " + body_text(task));
    // Each tick of an every opens a fresh scope: a shared task runs again there.
    std::set<std::string> outer;
    if (extras.every)
      outer = std::exchange(seen_, {});
    if (!task.needs.empty()) {
      line(depth + 1, "needs, first, together (fail fast):");
      for (std::size_t i = 0; i < task.needs.size(); ++i)
        use(task.needs[i], std::to_string(i), depth + 2, true);
    }
    if (task.body.kind == spec::Body::Kind::group) {
      for (std::size_t i = 0; i < task.body.members.size(); ++i)
        use(task.body.members[i], std::to_string(i), depth + 1, true);
    }
    for (std::size_t i = 0; i < task.levels.size(); ++i) {
      const spec::Level& level = task.levels[i];
      const std::string level_label =
          fmt::format("{}#{}{}, {}, after the {}:", level_name(level.kind), i + 1,
                      level.trap ? fmt::format(" (trap {})", level.trap->text()) : std::string(),
                      when_level_runs(level.kind),
                      i == 0 ? std::string("body") : fmt::format("level before it"));
      line(depth + 1, level_label);
      use(level.step, level.kind == spec::Level::Kind::callbacks ? "callback" : "step", depth + 2,
          false);
      if (level.errback)
        use(*level.errback, "errback", depth + 2, false);
    }
    if (extras.every)
      seen_ = std::move(outer);
  }

  [[nodiscard]] std::string text() const { return text_; }

 private:
  static double to_ms(Duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

  std::string body_text(const spec::Task& task) const {
    std::vector<std::string> knobs;
    if (task.timeout)
      knobs.push_back(fmt::format("timeout {}", format_ms(to_ms(*task.timeout))));
    if (task.retries > 0)
      knobs.push_back(fmt::format("retries {}", task.retries));
    if (const std::optional<std::string>& cwd = task.extras().cwd)
      knobs.push_back(fmt::format("in {}", *cwd));
    const std::string extra =
        knobs.empty() ? std::string() : fmt::format(" ({})", fmt::join(knobs, ", "));
    switch (task.body.kind) {
      case spec::Body::Kind::run:
        return fmt::format("run `{}`{}", one_line(task.body.command, 100), extra);
      case spec::Body::Kind::group: {
        const spec::GroupOptions& group = task.body.group;
        std::string text = group_name(group.kind);
        if (group.jobs > 0)
          text += fmt::format(", {} at once", group.jobs);
        if (group.on_fire == OnFire::wait)
          text += ", waiting for all when it fires";
        return text + " of:" + extra;
      }
      case spec::Body::Kind::none:
        break;
    }
    return "its needs only";
  }

  void use(const spec::Use& use, const std::string& anonymous, int depth, bool shared) {
    if (const auto* ref = std::get_if<spec::Ref>(&use)) {
      if (shared && !seen_.insert(ref->name).second) {
        line(depth, fmt::format("{}: the same run as above (once per run)", ref->name));
        return;
      }
      if (const auto named = tasks_.find(ref->name); named != tasks_.end())
        task(*named->second, ref->name, depth);
      return;
    }
    const auto& inline_task = *std::get<std::shared_ptr<const spec::Task>>(use);
    task(inline_task, inline_task.extras().label.value_or(anonymous), depth);
  }

  void line(int depth, const std::string& text) {
    text_ += std::string(static_cast<std::size_t>(depth) * 2, ' ') + text + "\n";
  }

  std::unordered_map<std::string_view, const spec::Task*> tasks_;
  std::set<std::string> seen_;
  std::string text_;
};

}  // namespace

std::string task_tree_text(const spec::TaskFile& file, const std::vector<std::string>& targets) {
  TreeText tree(file);
  for (const std::string& name : targets) {
    if (const auto task = file.find(name))
      tree.task(*task, name, 0);
  }
  return tree.text();
}

}  // namespace tasker::cli
