// toml++ is compiled into tasker, header-only, rather than linked as Debian's shared library:
// the release build links libstdc++ statically, which must not meet a shared library built
// against the shared one; tasker gains no run-time dependency; and the fuzzers instrument the
// TOML parser along with the rest. The file format is TOML 1.0: no unreleased (1.1) syntax.
#define TOML_HEADER_ONLY 1
#define TOML_ENABLE_UNRELEASED_FEATURES 0
#define TOML_EXCEPTIONS 1

#include "core/input/task_file_parser.hpp"

#include "core/input/command_lines.hpp"
#include "core/input/input_error.hpp"
#include "core/input/nearest_word.hpp"
#include "core/input/quoted_input.hpp"
#include "core/input/task_file_error.hpp"
#include "core/input/task_graph.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

static_assert(TOML_ENABLE_UNRELEASED_FEATURES == 0, "task files are TOML 1.0");

namespace tasker {
namespace {

using spec::Body;
using spec::Level;

// Every key a task may have, for "did you mean" hints.
// clang-format off
constexpr std::array<std::string_view, 31> kTaskKeys{
    "desc",
    "run", "gather", "list", "any",
    "chain", "then", "catch", "trap", "finally",
    "needs",
    "timeout", "retries", "retry_delay", "grace",
    "jobs", "on_fire", "consume_errors", "fire_on_one_callback", "fire_on_one_errback",
    "env", "cwd",
    "delay", "every", "count", "for", "now", "until_success", "keep_going", "max_failures",
    "changes"};
// clang-format on

constexpr std::array<std::string_view, 4> kBodyKeys{"run", "gather", "list", "any"};
constexpr std::array<std::string_view, 4> kShortLevelKeys{"then", "catch", "trap", "finally"};
constexpr std::array<std::string_view, 4> kBodyOptionKeys{"timeout", "retries", "retry_delay",
                                                          "grace"};
constexpr std::array<std::string_view, 5> kGroupKeys{"jobs", "on_fire", "consume_errors",
                                                     "fire_on_one_callback", "fire_on_one_errback"};
constexpr std::array<std::string_view, 7> kEveryKeys{
    "count", "for", "now", "until_success", "keep_going", "max_failures", "changes"};

struct LevelKey {
  std::string_view key;
  Level::Kind kind;
};
constexpr std::array<LevelKey, 5> kLevelKinds{{{"then", Level::Kind::then},
                                               {"catch", Level::Kind::catch_},
                                               {"both", Level::Kind::both},
                                               {"finally", Level::Kind::finally},
                                               {"callbacks", Level::Kind::callbacks}}};
constexpr std::array<std::string_view, 6> kLevelKeys{"then",    "catch",     "both",
                                                     "finally", "callbacks", "trap"};

// The caps of the command line's flags (-j, --retries).
constexpr std::int64_t kMaxJobs = 1'000'000;
constexpr std::int64_t kMaxRetries = 1'000'000;

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool is_task_name(std::string_view name) {
  constexpr std::string_view kNameChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
  return !name.empty() && name.find_first_not_of(kNameChars) == std::string_view::npos;
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

// "a string", "an integer": what a value is, for "expected X, got Y".
std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string quoted(std::string_view text) {
  return fmt::format("'{}'", quote_for_message(text));
}

// A table's keys and values in the order they are written (toml++ keeps them sorted by key).
using Entry = std::pair<const toml::key*, const toml::node*>;

std::vector<Entry> in_file_order(const toml::table& table) {
  std::vector<Entry> entries;
  entries.reserve(table.size());
  for (const auto& [key, node] : table) entries.emplace_back(&key, &node);
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    const toml::source_position& pa = a.first->source().begin;
    const toml::source_position& pb = b.first->source().begin;
    return std::tie(pa.line, pa.column) < std::tie(pb.line, pb.column);
  });
  return entries;
}

// The keys of one task as read so far: where each was written, for the checks of combinations.
class KeysSeen {
 public:
  void add(const toml::key& key) { keys_.emplace_back(&key); }

  [[nodiscard]] const toml::key* find(std::string_view name) const {
    for (const toml::key* key : keys_) {
      if (key->str() == name)
        return key;
    }
    return nullptr;
  }

  /// The keys among `names`, in file order.
  template <std::size_t N>
  [[nodiscard]] std::vector<const toml::key*> among(
      const std::array<std::string_view, N>& names) const {
    std::vector<const toml::key*> found;
    for (const toml::key* key : keys_) {
      if (is_one_of(key->str(), names))
        found.push_back(key);
    }
    return found;
  }

 private:
  std::vector<const toml::key*> keys_;  // in file order
};

class TaskFileReader {
 public:
  explicit TaskFileReader(std::string path) : path_(std::move(path)) {}

  spec::TaskFile read(const toml::table& root) {
    spec::TaskFile file;
    file.path = path_;
    for (const auto& [key, node] : in_file_order(root)) {
      if (key->str() != "tasks")
        throw unknown_key(*key, std::array<std::string_view, 1>{"tasks"},
                          ": a task file holds [tasks.NAME] tables");
      const toml::table* tasks = node->as_table();
      if (tasks == nullptr)
        fail(node->source(),
             fmt::format("'tasks' holds tables, [tasks.NAME]; got {}", type_name(*node)));
      for (const auto& [name_key, task_node] : in_file_order(*tasks)) {
        const std::string_view name = name_key->str();
        if (!is_task_name(name))
          fail(name_key->source(), bad_name(name));
        const toml::table* table = task_node->as_table();
        if (table == nullptr) {
          fail(task_node->source(), fmt::format("task '{}' must be a table, [tasks.{}]; got {}",
                                                name, name, type_name(*task_node)));
        }
        file.tasks.push_back(read_task(*table, std::string(name)));
      }
    }
    check_task_graph(file);
    return file;
  }

 private:
  // --- Positions and errors ------------------------------------------------------------------

  [[nodiscard]] spec::Position position(const toml::source_region& region) const {
    return {path_, region.begin.line, region.begin.column};
  }

  [[noreturn]] void fail(const toml::source_region& region, std::string_view message) const {
    throw task_file_error(position(region), message);
  }

  template <std::size_t N>
  [[nodiscard]] InputError unknown_key(const toml::key& key,
                                       const std::array<std::string_view, N>& valid,
                                       std::string_view hint) const {
    const std::string_view name = key.str();
    if (const auto near = nearest_word(name, valid)) {
      return task_file_error(
          position(key.source()),
          fmt::format("unknown key {} (did you mean '{}'?)", quoted(name), *near));
    }
    return task_file_error(position(key.source()),
                           fmt::format("unknown key {}{}", quoted(name), hint));
  }

  static std::string bad_name(std::string_view name) {
    return fmt::format("bad task name {}: a name is letters, digits, '_', '.' and '-'",
                       quoted(name));
  }

  // --- Values --------------------------------------------------------------------------------

  const std::string& string_of(const toml::node& node, std::string_view key,
                               std::string_view what) const {
    const toml::value<std::string>* value = node.as_string();
    if (value == nullptr)
      fail(node.source(), fmt::format("'{}': expected {}, got {}", key, what, type_name(node)));
    return value->get();
  }

  bool boolean_of(const toml::node& node, std::string_view key) const {
    const toml::value<bool>* value = node.as_boolean();
    if (value == nullptr) {
      fail(node.source(),
           fmt::format("'{}': expected true or false, got {}", key, type_name(node)));
    }
    return value->get();
  }

  // A TOML integer written in decimal, from `min` to `max`.
  std::int64_t integer_of(const toml::node& node, std::string_view key, std::int64_t min,
                          std::int64_t max) const {
    const toml::value<std::int64_t>* value = node.as_integer();
    if (value == nullptr) {
      fail(node.source(),
           fmt::format("'{}': expected a whole number, got {}", key, type_name(node)));
    }
    const toml::value_flags base = value->flags() & toml::value_flags::format_as_hexadecimal;
    if (base != toml::value_flags::none) {
      const std::string_view written = base == toml::value_flags::format_as_binary  ? "binary"
                                       : base == toml::value_flags::format_as_octal ? "octal"
                                                                                    : "hexadecimal";
      fail(node.source(),
           fmt::format("'{}': write the number in decimal, not in {}", key, written));
    }
    const std::int64_t number = value->get();
    if (number < min || number > max) {
      const std::string range = max == std::numeric_limits<std::int64_t>::max()
                                    ? fmt::format("at least {}", min)
                                    : fmt::format("from {} to {}", min, max);
      fail(node.source(),
           fmt::format("'{}': expected a whole number {}, got {}", key, range, number));
    }
    return number;
  }

  Duration duration_of(const toml::node& node, std::string_view key) const {
    const std::string& text = string_of(node, key, "a duration such as \"10s\"");
    try {
      return parse_duration(text);
    } catch (const DurationError& e) {
      fail(node.source(), fmt::format("'{}': {}", key, e.what()));
    }
  }

  std::string command_of(const toml::node& node, std::string_view key) const {
    const std::string& command = string_of(node, key, "a command");
    if (is_blank(command))
      fail(node.source(), fmt::format("'{}': the command is empty", key));
    if (command.find('\0') != std::string::npos)
      fail(node.source(), fmt::format("'{}': a command cannot contain a NUL byte", key));
    if (command.size() > kMaxCommandLength) {
      fail(node.source(),
           fmt::format("'{}': the command is longer than {} bytes", key, kMaxCommandLength));
    }
    return command;
  }

  std::map<std::string, std::string> env_of(const toml::node& node) const {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      fail(node.source(), fmt::format("'env': expected a table of strings such as {{ CC = "
                                      "\"clang\" }}, got {}",
                                      type_name(node)));
    }
    std::map<std::string, std::string> env;
    for (const auto& [key, value] : in_file_order(*table)) {
      const std::string_view name = key->str();
      if (name.empty() || name.find('=') != std::string::npos ||
          name.find('\0') != std::string::npos)
        fail(key->source(), fmt::format("'env': bad variable name {}", quoted(name)));
      const std::string& text = string_of(*value, fmt::format("env.{}", name), "a string");
      if (text.find('\0') != std::string::npos)
        fail(value->source(), fmt::format("'env.{}': a value cannot contain a NUL byte", name));
      env.emplace(name, text);
    }
    return env;
  }

  std::string cwd_of(const toml::node& node) const {
    const std::string& cwd = string_of(node, "cwd", "a folder");
    if (cwd.empty())
      fail(node.source(), "'cwd' is empty");
    if (cwd.find('\0') != std::string::npos)
      fail(node.source(), "'cwd' cannot contain a NUL byte");
    return cwd;
  }

  StatusTrap trap_of(const toml::node& node) const {
    const toml::array* items = node.as_array();
    if (items == nullptr) {
      fail(node.source(), fmt::format("'trap': expected an array of statuses such as [1, "
                                      "\"timeout\"], got {}",
                                      type_name(node)));
    }
    if (items->empty())
      fail(node.source(), "'trap' is empty: give the statuses the catch handles");
    StatusTrap trap;
    for (const toml::node& item : *items) {
      std::string text;
      if (item.is_integer()) {
        text = std::to_string(integer_of(item, "trap", std::numeric_limits<std::int64_t>::min(),
                                         std::numeric_limits<std::int64_t>::max()));
      } else if (item.is_string()) {
        text = item.as_string()->get();
      } else {
        fail(item.source(),
             fmt::format("'trap': expected a status number or a string, got {}", type_name(item)));
      }
      try {
        trap.add(text);
      } catch (const InputError& e) {
        // StatusTrap's message starts with the command line's flag; here the key is `trap`.
        const std::string_view what = e.what();
        const std::size_t colon = what.find(": ");
        fail(item.source(),
             fmt::format("'trap': {}",
                         colon == std::string_view::npos ? what : what.substr(colon + 2)));
      }
    }
    return trap;
  }

  // --- Uses ----------------------------------------------------------------------------------

  // An item of gather, list, any or needs: a string names a task.
  spec::Use use_by_name(const toml::node& node, std::string_view key) {
    if (const toml::value<std::string>* name = node.as_string())
      return ref_to(*name);
    if (const toml::table* table = node.as_table())
      return use_of_table(*table);
    fail(node.source(),
         fmt::format("'{}': expected a task name or a table, got {}", key, type_name(node)));
  }

  // The X of then, catch, both, finally, callbacks: a string is a command.
  spec::Use use_by_command(const toml::node& node, std::string_view key) {
    if (node.is_string()) {
      auto task = std::make_shared<spec::Task>();
      task->body.kind = Body::Kind::run;
      task->body.command = command_of(node, key);
      task->body.position = position(node.source());
      task->position = task->body.position;
      return task;
    }
    if (const toml::table* table = node.as_table())
      return use_of_table(*table);
    fail(node.source(),
         fmt::format("'{}': expected a command or a table, got {}", key, type_name(node)));
  }

  spec::Ref ref_to(const toml::value<std::string>& name) const {
    if (!is_task_name(name.get()))
      fail(name.source(), bad_name(name.get()));
    return spec::Ref{name.get(), position(name.source())};
  }

  // `{ task = "name" }`, or an anonymous task.
  spec::Use use_of_table(const toml::table& table) {
    const toml::node* name = table.get("task");
    if (name == nullptr)
      return read_task(table, std::nullopt);
    for (const auto& [key, value] : in_file_order(table)) {
      if (key->str() != "task") {
        fail(key->source(),
             fmt::format("a reference {{ task = ... }} takes no other key, not {}: a named task "
                         "keeps its own options",
                         quoted(key->str())));
      }
    }
    if (!name->is_string())
      fail(name->source(), fmt::format("'task': expected a task name, got {}", type_name(*name)));
    return ref_to(*name->as_string());
  }

  std::vector<spec::Use> uses_by_name(const toml::node& node, std::string_view key) {
    const toml::array* items = node.as_array();
    if (items == nullptr) {
      fail(node.source(), fmt::format("'{}': expected an array of task names or tables, got {}",
                                      key, type_name(node)));
    }
    std::vector<spec::Use> uses;
    uses.reserve(items->size());
    for (const toml::node& item : *items) uses.push_back(use_by_name(item, key));
    return uses;
  }

  // --- Levels --------------------------------------------------------------------------------

  Level read_level(Level::Kind kind, const toml::node& node, std::string_view key,
                   const toml::source_region& where) {
    Level level;
    level.kind = kind;
    level.position = position(where);
    if (kind != Level::Kind::callbacks) {
      level.step = use_by_command(node, key);
      return level;
    }
    const toml::array* pair = node.as_array();
    if (pair == nullptr || pair->size() != 2) {
      const std::string got = pair == nullptr ? std::string(type_name(node))
                                              : fmt::format("an array of {}", pair->size());
      fail(node.source(),
           fmt::format("'callbacks': expected [CB, EB], two commands or tables; got {}", got));
    }
    level.step = use_by_command(*pair->get(0), key);
    level.errback = use_by_command(*pair->get(1), key);
    return level;
  }

  // One item of `chain`: `{ then = X }`, `{ catch = X, trap = [...] }`, ...
  Level chain_level(const toml::node& node) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      fail(node.source(), fmt::format("'chain': expected a table such as {{ then = \"cmd\" }}, "
                                      "got {}",
                                      type_name(node)));
    }
    const toml::key* step_key = nullptr;
    const toml::node* step = nullptr;
    Level::Kind kind = Level::Kind::then;
    const toml::key* trap_key = nullptr;
    const toml::node* trap = nullptr;
    for (const auto& [key, value] : in_file_order(*table)) {
      const std::string_view name = key->str();
      const auto level_key = std::find_if(kLevelKinds.begin(), kLevelKinds.end(),
                                          [&](const LevelKey& k) { return k.key == name; });
      if (level_key != kLevelKinds.end()) {
        if (step_key != nullptr) {
          fail(key->source(), fmt::format("one chain level has '{}' and '{}': write them as two "
                                          "levels",
                                          step_key->str(), name));
        }
        step_key = key;
        step = value;
        kind = level_key->kind;
      } else if (name == "trap") {
        trap_key = key;
        trap = value;
      } else if (is_one_of(name, kTaskKeys)) {
        fail(key->source(), fmt::format("'{}' goes inside the level's own task, not beside it: "
                                        "{{ then = {{ run = \"cmd\", {} = ... }} }}",
                                        name, name));
      } else {
        throw unknown_key(*key, kLevelKeys, "");
      }
    }
    if (step_key == nullptr) {
      fail(table->source(), "a chain level needs one of then, catch, both, finally, callbacks");
    }
    Level result = read_level(kind, *step, step_key->str(), table->source());
    if (trap_key != nullptr) {
      if (kind != Level::Kind::catch_)
        fail(trap_key->source(), "'trap' without 'catch'");
      result.trap = trap_of(*trap);
    }
    return result;
  }

  std::vector<Level> chain_of(const toml::node& node) {
    const toml::array* items = node.as_array();
    if (items == nullptr) {
      fail(node.source(),
           fmt::format("'chain': expected an array of level tables, got {}", type_name(node)));
    }
    std::vector<Level> levels;
    levels.reserve(items->size());
    for (const toml::node& item : *items) levels.push_back(chain_level(item));
    return levels;
  }

  // --- Tasks ---------------------------------------------------------------------------------

  // What a task's keys give that goes into it only once every key is read: the short levels,
  // added in their fixed order, and the options of `every`.
  struct Pending {
    std::optional<Level> then;
    std::optional<Level> catch_;
    std::optional<Level> finally;
    const toml::node* trap = nullptr;
    std::optional<Duration> every_interval;
    spec::Every every;
  };

  std::shared_ptr<const spec::Task> read_task(const toml::table& table,
                                              std::optional<std::string> name) {
    auto task = std::make_shared<spec::Task>();
    task->name = std::move(name);
    task->position = position(table.source());
    KeysSeen seen;
    Pending pending;
    for (const auto& [key, value] : in_file_order(table)) {
      read_key(*task, *key, *value, pending);
      seen.add(*key);
    }
    check_combinations(*task, seen, table);
    if (pending.then)
      task->levels.push_back(std::move(*pending.then));
    if (pending.catch_) {
      if (pending.trap != nullptr)
        pending.catch_->trap = trap_of(*pending.trap);
      task->levels.push_back(std::move(*pending.catch_));
    }
    if (pending.finally)
      task->levels.push_back(std::move(*pending.finally));
    if (pending.every_interval) {
      task->every = pending.every;
      task->every->interval = *pending.every_interval;
    }
    return task;
  }

  void read_key(spec::Task& task, const toml::key& key, const toml::node& value, Pending& pending) {
    const std::string_view name = key.str();
    if (name == "desc") {
      task.description = string_of(value, name, "a string");
    } else if (name == "run") {
      if (value.is_table()) {
        fail(value.source(),
             "'run': expected a command; a table goes in gather, needs or a level "
             "(options of the command go beside run)");
      }
      task.body.kind = Body::Kind::run;
      task.body.command = command_of(value, name);
      task.body.position = position(key.source());
    } else if (name == "gather" || name == "list" || name == "any") {
      task.body.kind = Body::Kind::group;
      task.body.group.kind = name == "gather" ? ParallelKind::gather
                             : name == "list" ? ParallelKind::list
                                              : ParallelKind::any;
      task.body.members = uses_by_name(value, name);
      task.body.position = position(key.source());
      if (task.body.members.empty())
        fail(value.source(), fmt::format("'{}' is empty: give it task names or tables", name));
    } else if (name == "needs") {
      task.needs = uses_by_name(value, name);
    } else if (name == "chain") {
      task.levels = chain_of(value);
    } else if (name == "then") {
      pending.then = read_level(Level::Kind::then, value, name, key.source());
    } else if (name == "catch") {
      pending.catch_ = read_level(Level::Kind::catch_, value, name, key.source());
    } else if (name == "finally") {
      pending.finally = read_level(Level::Kind::finally, value, name, key.source());
    } else if (name == "trap") {
      static_cast<void>(trap_of(value));  // checked here, in file order; kept by the catch
      pending.trap = &value;
    } else if (name == "timeout") {
      task.timeout = duration_of(value, name);
    } else if (name == "retries") {
      task.retries = static_cast<unsigned>(integer_of(value, name, 0, kMaxRetries));
    } else if (name == "retry_delay") {
      task.retry_delay = duration_of(value, name);
    } else if (name == "grace") {
      task.grace = duration_of(value, name);
    } else if (name == "jobs") {
      task.body.group.jobs = static_cast<std::size_t>(integer_of(value, name, 0, kMaxJobs));
    } else if (name == "on_fire") {
      const std::string& choice = string_of(value, name, "\"cancel\" or \"wait\"");
      if (choice != "cancel" && choice != "wait") {
        fail(value.source(),
             fmt::format("'on_fire': expected \"cancel\" or \"wait\", got {}", quoted(choice)));
      }
      task.body.group.on_fire = choice == "wait" ? OnFire::wait : OnFire::cancel;
    } else if (name == "consume_errors") {
      task.body.group.consume_errors = boolean_of(value, name);
    } else if (name == "fire_on_one_callback") {
      task.body.group.fire_on_one_callback = boolean_of(value, name);
    } else if (name == "fire_on_one_errback") {
      task.body.group.fire_on_one_errback = boolean_of(value, name);
    } else if (name == "env") {
      task.env = env_of(value);
    } else if (name == "cwd") {
      task.cwd = cwd_of(value);
    } else if (name == "delay") {
      task.delay = duration_of(value, name);
    } else if (name == "every") {
      pending.every_interval = duration_of(value, name);
    } else if (name == "count") {
      pending.every.count = static_cast<std::size_t>(
          integer_of(value, name, 1, std::numeric_limits<std::int64_t>::max()));
    } else if (name == "max_failures") {
      pending.every.max_failures = static_cast<std::size_t>(
          integer_of(value, name, 1, std::numeric_limits<std::int64_t>::max()));
      pending.every.keep_going = true;  // as --max-failures does
    } else if (name == "for") {
      pending.every.run_for = duration_of(value, name);
    } else if (name == "now") {
      pending.every.now = boolean_of(value, name);
    } else if (name == "until_success") {
      pending.every.until_success = boolean_of(value, name);
    } else if (name == "keep_going") {
      pending.every.keep_going = pending.every.keep_going || boolean_of(value, name);
    } else if (name == "changes") {
      pending.every.changes = boolean_of(value, name);
    } else if (name == "both" || name == "callbacks") {
      fail(key.source(), fmt::format("'{}' is a level of a chain array only: chain = [{{ {} = "
                                     "... }}]",
                                     name, name));
    } else if (name == "task") {
      fail(key.source(),
           "'task' refers to a named task in place of one, alone in its table: "
           "{ task = \"name\" }");
    } else {
      throw unknown_key(key, kTaskKeys, "");
    }
  }

  void check_combinations(const spec::Task& task, const KeysSeen& seen,
                          const toml::table& table) const {
    if (const auto bodies = seen.among(kBodyKeys); bodies.size() > 1) {
      fail(bodies[1]->source(),
           fmt::format("two bodies, '{}' and '{}': a task has at most one of run, gather, list, "
                       "any",
                       bodies[0]->str(), bodies[1]->str()));
    }
    const auto short_keys = seen.among(kShortLevelKeys);
    if (seen.find("chain") != nullptr && !short_keys.empty()) {
      fail(short_keys[0]->source(),
           fmt::format("'{}' together with 'chain': put every level in the chain array",
                       short_keys[0]->str()));
    }
    if (const toml::key* trap = seen.find("trap"); trap != nullptr && !seen.find("catch"))
      fail(trap->source(), "'trap' without 'catch'");
    if (const toml::key* delay = seen.find("delay"); delay != nullptr && seen.find("every")) {
      fail(delay->source(),
           "'delay' together with 'every': a task either waits once or repeats, not both");
    }
    if (!seen.find("every")) {
      if (const auto keys = seen.among(kEveryKeys); !keys.empty())
        fail(keys[0]->source(), fmt::format("'{}' applies only with 'every'", keys[0]->str()));
    }
    check_group_keys(task, seen);
    if (task.body.kind == Body::Kind::none) {
      if (const auto keys = seen.among(kBodyOptionKeys); !keys.empty()) {
        fail(keys[0]->source(),
             fmt::format("'{}' applies to a body (run, gather, list, any), and this task has none",
                         keys[0]->str()));
      }
      if (task.needs.empty() && task.levels.empty() && !seen.find("then") && !seen.find("catch") &&
          !seen.find("finally")) {
        fail(table.source(), fmt::format("{} has nothing to run: give it run, gather, list, any, "
                                         "needs or a chain",
                                         task.name ? fmt::format("task '{}'", *task.name)
                                                   : std::string("this task")));
      }
    }
  }

  void check_group_keys(const spec::Task& task, const KeysSeen& seen) const {
    const auto keys = seen.among(kGroupKeys);
    if (keys.empty())
      return;
    if (task.body.kind != Body::Kind::group) {
      fail(keys[0]->source(),
           fmt::format("'{}' applies only to a group: gather, list or any", keys[0]->str()));
    }
    const ParallelKind kind = task.body.group.kind;
    for (const toml::key* key : keys) {
      const std::string_view name = key->str();
      if (name.starts_with("fire_on_one_") && kind != ParallelKind::list)
        fail(key->source(), fmt::format("'{}' applies only to a list", name));
      if (name == "consume_errors" && kind == ParallelKind::any)
        fail(key->source(),
             "'consume_errors' applies to gather and list: any always consumes them");
    }
  }

  std::string path_;
};

std::string read_file(const std::string& path) {
  const auto cannot_read = [&path](int error) {
    return InputError(fmt::format("{}: cannot read the task file: {}", path, std::strerror(error)));
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw cannot_read(errno);
  std::string text;
  std::array<char, 64 * 1024> buffer{};
  while (true) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      throw cannot_read(error);
    }
    if (n == 0)
      break;
    text.append(buffer.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace

spec::TaskFile parse_task_file_text(std::string_view text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    const toml::source_position begin = e.source().begin;
    throw task_file_error({path, begin.line, begin.column}, e.description());
  }
  return TaskFileReader(path).read(root);
}

spec::TaskFile parse_task_file(const std::string& path) {
  return parse_task_file_text(read_file(path), path);
}

}  // namespace tasker
