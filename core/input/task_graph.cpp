#include "core/input/task_graph.hpp"

#include "core/input/nearest_word.hpp"
#include "core/input/quoted_input.hpp"
#include "core/input/task_file_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tasker {
namespace {

void collect_refs(const spec::Task& task, std::vector<const spec::Ref*>& refs);

void collect_refs(const spec::Use& use, std::vector<const spec::Ref*>& refs) {
  if (const auto* ref = std::get_if<spec::Ref>(&use)) {
    refs.push_back(ref);
  } else {
    collect_refs(*std::get<std::shared_ptr<const spec::Task>>(use), refs);
  }
}

// Every reference `task` makes, its inline tasks' included.
void collect_refs(const spec::Task& task, std::vector<const spec::Ref*>& refs) {
  for (const spec::Use& member : task.body.members) collect_refs(member, refs);
  for (const spec::Level& level : task.levels) {
    collect_refs(level.step, refs);
    if (level.errback)
      collect_refs(*level.errback, refs);
  }
  for (const spec::Use& need : task.needs) collect_refs(need, refs);
}

bool written_before(const spec::Ref* a, const spec::Ref* b) {
  return std::tie(a->position.line, a->position.column) <
         std::tie(b->position.line, b->position.column);
}

// A named task's references to other named tasks, by index in the file, in file order.
using Edges = std::vector<std::vector<std::pair<std::size_t, const spec::Ref*>>>;

Edges edges_of(const spec::TaskFile& file) {
  std::unordered_map<std::string_view, std::size_t> index;
  std::vector<std::string_view> names;
  for (const auto& task : file.tasks) {
    index.emplace(*task->name, names.size());
    names.push_back(*task->name);
  }
  Edges edges(file.tasks.size());
  std::vector<const spec::Ref*> refs;
  for (std::size_t i = 0; i < file.tasks.size(); ++i) {
    refs.clear();
    collect_refs(*file.tasks[i], refs);
    std::stable_sort(refs.begin(), refs.end(), written_before);
    for (const spec::Ref* ref : refs) {
      const auto found = index.find(ref->name);
      if (found == index.end()) {
        const auto near = nearest_word(ref->name, names);
        throw task_file_error(
            ref->position, near ? fmt::format("unknown task '{}' (did you mean '{}'?)",
                                              quote_for_message(ref->name), *near)
                                : fmt::format("unknown task '{}'", quote_for_message(ref->name)));
      }
      edges[i].emplace_back(found->second, ref);
    }
  }
  return edges;
}

// Depth first from each task in file order, without recursion (a file may chain thousands of
// tasks): a reference back to a task on the current path closes a cycle.
void check_no_cycle(const spec::TaskFile& file, const Edges& edges) {
  enum class Mark : std::uint8_t { unseen, on_path, done };
  std::vector<Mark> marks(edges.size(), Mark::unseen);
  struct Step {
    std::size_t task;
    std::size_t next_edge;
  };
  std::vector<Step> path;
  for (std::size_t start = 0; start < edges.size(); ++start) {
    if (marks[start] != Mark::unseen)
      continue;
    marks[start] = Mark::on_path;
    path.push_back({start, 0});
    while (!path.empty()) {
      Step& step = path.back();
      if (step.next_edge == edges[step.task].size()) {
        marks[step.task] = Mark::done;
        path.pop_back();
        continue;
      }
      const auto [to, ref] = edges[step.task][step.next_edge++];
      if (marks[to] == Mark::on_path) {
        auto from = std::find_if(path.begin(), path.end(),
                                 [to = to](const Step& s) { return s.task == to; });
        std::string cycle;
        for (; from != path.end(); ++from) cycle += *file.tasks[from->task]->name + " -> ";
        cycle += *file.tasks[to]->name;
        throw task_file_error(ref->position, fmt::format("cycle of tasks: {}", cycle));
      }
      if (marks[to] == Mark::unseen) {
        marks[to] = Mark::on_path;
        path.push_back({to, 0});
      }
    }
  }
}

}  // namespace

void check_task_graph(const spec::TaskFile& file) {
  check_no_cycle(file, edges_of(file));
}

}  // namespace tasker
