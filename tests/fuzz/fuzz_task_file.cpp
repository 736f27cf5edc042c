// parse_task_file_text (the task file parser, docs/behaviour.md "Task files") on arbitrary bytes:
// it returns a tree or throws InputError with one line naming the file, never anything else, and a
// tree it returns holds what the parser promises: valid names, commands that are not blank,
// references that resolve, traps only on catch levels, at most one wrapper. It only parses: nothing
// runs.

#include "core/input/input_error.hpp"
#include "core/input/task_file_parser.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

constexpr const char* kPath = "fuzz.toml";

bool is_task_name(const std::string& name) {
  constexpr std::string_view kNameChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
  return !name.empty() && name.find_first_not_of(kNameChars) == std::string::npos;
}

void check_task(const tasker::spec::TaskFile& file, const tasker::spec::Task& task);

void check_use(const tasker::spec::TaskFile& file, const tasker::spec::Use& use) {
  if (const auto* ref = std::get_if<tasker::spec::Ref>(&use)) {
    FUZZ_CHECK(file.find(ref->name) != nullptr);
    FUZZ_CHECK(ref->position.file() == kPath && ref->position.line > 0);
  } else {
    const auto& task = std::get<std::shared_ptr<const tasker::spec::Task>>(use);
    FUZZ_CHECK(task != nullptr);
    FUZZ_CHECK(!task->name);
    check_task(file, *task);
  }
}

void check_task(const tasker::spec::TaskFile& file, const tasker::spec::Task& task) {
  using tasker::spec::Body;
  using tasker::spec::Level;
  FUZZ_CHECK(task.position.file() == kPath && task.position.line > 0);
  FUZZ_CHECK(!(task.extras().delay && task.extras().every));
  FUZZ_CHECK(task.body.kind != Body::Kind::none || !task.needs.empty() || !task.levels.empty());
  if (task.body.kind == Body::Kind::run) {
    FUZZ_CHECK(task.body.command.find_first_not_of(" \t\r\n\v\f") != std::string::npos);
    FUZZ_CHECK(task.body.command.find('\0') == std::string::npos);
  }
  FUZZ_CHECK((task.body.kind == Body::Kind::group) == !task.body.members.empty());
  for (const auto& member : task.body.members) check_use(file, member);
  for (const auto& need : task.needs) check_use(file, need);
  for (const Level& level : task.levels) {
    FUZZ_CHECK(!level.trap || level.kind == Level::Kind::catch_);
    FUZZ_CHECK((level.errback != nullptr) == (level.kind == Level::Kind::callbacks));
    check_use(file, level.step);
    if (level.errback)
      check_use(file, *level.errback);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const tasker::spec::TaskFile file = tasker::parse_task_file_text(text, kPath);
    FUZZ_CHECK(file.path == kPath);
    for (const auto& task : file.tasks) {
      FUZZ_CHECK(task->name && is_task_name(*task->name));
      check_task(file, *task);
    }
  } catch (const tasker::InputError& e) {
    const std::string what = e.what();
    FUZZ_CHECK(what.find('\n') == std::string::npos);
    FUZZ_CHECK(what.rfind(std::string(kPath) + ":", 0) == 0);  // names the file
  }
  return 0;
}
