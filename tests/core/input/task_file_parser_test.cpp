// The task file (docs/behaviour.md "Task files"): every construct it has, as the TaskSpec tree it
// gives, and every bad file as one exact line "FILE:LINE:COLUMN: message".

#include "core/input/task_file_parser.hpp"

#include "core/input/input_error.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tasker {
namespace {

using namespace std::chrono_literals;
using spec::Body;
using spec::Level;

spec::TaskFile parse(std::string_view text) {
  return parse_task_file_text(text, "t.toml");
}

// The message parse() fails with, or "parsed" when it does not fail.
std::string error_of(std::string_view text) {
  try {
    static_cast<void>(parse(text));
    return "parsed";
  } catch (const InputError& e) {
    return e.what();
  }
}

const spec::Task& task_of(const spec::Use& use) {
  return *std::get<std::shared_ptr<const spec::Task>>(use);
}

const spec::Ref& ref_of(const spec::Use& use) {
  return std::get<spec::Ref>(use);
}

const spec::Task& named(const spec::TaskFile& file, const std::string& name) {
  const auto task = file.find(name);
  if (!task)
    throw std::logic_error("no task " + name);
  return *task;
}

// "line:column" of a position, for compact checks.
std::string at(const spec::Position& position) {
  EXPECT_EQ(position.file(), "t.toml");
  return std::to_string(position.line) + ":" + std::to_string(position.column);
}

// --- Valid files --------------------------------------------------------------------------

// The example of docs/behaviour.md "Task files", whole.
constexpr std::string_view kSpecExample = R"([tasks.lint]
run = "make lint"

[tasks.test]
run = "make test"
timeout = "10m"
retries = 1
env = { CC = "clang" }
cwd = "build"

[tasks.checks]
desc = "everything CI needs before a release"
gather = ["lint", "test"]        # or list / any, with their knobs as keys
jobs = 2

[tasks.release]
needs = ["checks"]               # runs after these succeed
run = "./package.sh"
catch = "./notify.sh failed"     # errback of the run (sees a failed need too)
trap = [1, 2]                    # ... only for these statuses
finally = "rm -rf dist/tmp"

[tasks.poll]
every = "10s"                    # periodic: the whole run repeats each tick
until_success = true
for = "5m"
run = "curl -fsS localhost:8080/health"

[tasks.nightly]
every = "1h"
gather = ["checks", { run = "du -sh /var/log" }]   # periodic + parallel
)";

TEST(TaskFileParser, ReadsTheSpecExample) {
  const spec::TaskFile file = parse(kSpecExample);
  EXPECT_EQ(file.path, "t.toml");
  ASSERT_EQ(file.tasks.size(), 6u);
  std::vector<std::string> names;
  for (const auto& task : file.tasks) names.push_back(*task->name);
  EXPECT_EQ(names, (std::vector<std::string>{"lint", "test", "checks", "release", "poll",
                                             "nightly"}));  // as written, not sorted

  const spec::Task& lint = named(file, "lint");
  EXPECT_EQ(lint.body.kind, Body::Kind::run);
  EXPECT_EQ(lint.body.command, "make lint");
  EXPECT_EQ(at(lint.position), "1:1");
  EXPECT_EQ(at(lint.body.position), "2:1");
  EXPECT_TRUE(lint.levels.empty() && lint.needs.empty() && lint.extras().env.empty());
  EXPECT_FALSE(lint.timeout || lint.extras().every || lint.extras().delay || lint.extras().cwd ||
               lint.extras().grace);

  const spec::Task& test = named(file, "test");
  EXPECT_EQ(test.timeout, 10min);
  EXPECT_EQ(test.retries, 1u);
  EXPECT_EQ(test.extras().env, (std::map<std::string, std::string>{{"CC", "clang"}}));
  EXPECT_EQ(test.extras().cwd, "build");

  const spec::Task& checks = named(file, "checks");
  EXPECT_EQ(checks.extras().description, "everything CI needs before a release");
  EXPECT_EQ(checks.body.kind, Body::Kind::group);
  EXPECT_EQ(checks.body.group.kind, ParallelKind::gather);
  EXPECT_EQ(checks.body.group.jobs, 2u);
  ASSERT_EQ(checks.body.members.size(), 2u);
  EXPECT_EQ(ref_of(checks.body.members[0]).name, "lint");
  EXPECT_EQ(at(ref_of(checks.body.members[0]).position), "13:11");
  EXPECT_EQ(ref_of(checks.body.members[1]).name, "test");

  const spec::Task& release = named(file, "release");
  ASSERT_EQ(release.needs.size(), 1u);
  EXPECT_EQ(ref_of(release.needs[0]).name, "checks");
  EXPECT_EQ(release.body.command, "./package.sh");
  ASSERT_EQ(release.levels.size(), 2u);
  EXPECT_EQ(release.levels[0].kind, Level::Kind::catch_);
  EXPECT_EQ(task_of(release.levels[0].step).body.command, "./notify.sh failed");
  EXPECT_EQ(at(release.levels[0].position), "19:1");
  ASSERT_TRUE(release.levels[0].trap);
  EXPECT_TRUE(release.levels[0].trap->matches(1));
  EXPECT_TRUE(release.levels[0].trap->matches(2));
  EXPECT_FALSE(release.levels[0].trap->matches(3));
  EXPECT_EQ(release.levels[1].kind, Level::Kind::finally);
  EXPECT_EQ(task_of(release.levels[1].step).body.command, "rm -rf dist/tmp");
  EXPECT_FALSE(release.levels[1].trap);

  const spec::Task& poll = named(file, "poll");
  ASSERT_TRUE(poll.extras().every);
  EXPECT_EQ(poll.extras().every->interval, 10s);
  EXPECT_TRUE(poll.extras().every->until_success);
  EXPECT_EQ(poll.extras().every->run_for, 5min);
  EXPECT_TRUE(poll.extras().every->now);
  EXPECT_FALSE(poll.extras().every->keep_going || poll.extras().every->changes ||
               poll.extras().every->count);

  const spec::Task& nightly = named(file, "nightly");
  EXPECT_EQ(nightly.extras().every->interval, 1h);
  ASSERT_EQ(nightly.body.members.size(), 2u);
  EXPECT_EQ(ref_of(nightly.body.members[0]).name, "checks");
  const spec::Task& du = task_of(nightly.body.members[1]);
  EXPECT_EQ(du.name, std::nullopt);
  EXPECT_EQ(du.body.command, "du -sh /var/log");
  EXPECT_EQ(at(du.position), "31:21");
}

TEST(TaskFileParser, AnEmptyFileHasNoTasks) {
  EXPECT_TRUE(parse("").tasks.empty());
  EXPECT_TRUE(parse("# nothing yet\n[tasks]\n").tasks.empty());
}

TEST(TaskFileParser, ChainArrayGivesEveryLevelKindInOrder) {
  const spec::TaskFile file = parse(R"([tasks.other]
run = "true"

[tasks.ship]
run = "make"
chain = [
  { then = "make install" },
  { catch = "notify", trap = [3, "10-12", "timeout", "signal"] },
  { both = { task = "other" } },
  { finally = { run = "cleanup", timeout = "5s" } },
  { callbacks = ["echo ok", { task = "other" }] },
  { catch = "plain" },
]
)");
  const spec::Task& ship = named(file, "ship");
  ASSERT_EQ(ship.levels.size(), 6u);
  EXPECT_EQ(ship.levels[0].kind, Level::Kind::then);
  EXPECT_EQ(task_of(ship.levels[0].step).body.command, "make install");
  EXPECT_EQ(at(ship.levels[0].position), "7:3");

  const Level& trapped = ship.levels[1];
  EXPECT_EQ(trapped.kind, Level::Kind::catch_);
  ASSERT_TRUE(trapped.trap);
  for (const int status : {3, 10, 11, 12, 124, 129, 192})
    EXPECT_TRUE(trapped.trap->matches(status));
  for (const int status : {1, 9, 13, 128, 193}) EXPECT_FALSE(trapped.trap->matches(status));
  EXPECT_EQ(trapped.trap->text(), "3,10-12,timeout,signal");

  EXPECT_EQ(ship.levels[2].kind, Level::Kind::both);
  EXPECT_EQ(ref_of(ship.levels[2].step).name, "other");
  EXPECT_EQ(at(ref_of(ship.levels[2].step).position), "9:21");

  EXPECT_EQ(ship.levels[3].kind, Level::Kind::finally);
  const spec::Task& cleanup = task_of(ship.levels[3].step);
  EXPECT_EQ(cleanup.body.command, "cleanup");
  EXPECT_EQ(cleanup.timeout, 5s);

  const Level& callbacks = ship.levels[4];
  EXPECT_EQ(callbacks.kind, Level::Kind::callbacks);
  EXPECT_EQ(task_of(callbacks.step).body.command, "echo ok");
  ASSERT_TRUE(callbacks.errback);
  EXPECT_EQ(ref_of(*callbacks.errback).name, "other");

  EXPECT_EQ(ship.levels[5].kind, Level::Kind::catch_);
  EXPECT_FALSE(ship.levels[5].trap);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_FALSE(ship.levels[i].errback) << i;
}

TEST(TaskFileParser, ChainMayBeAnArrayOfTables) {
  const spec::TaskFile file = parse(R"([tasks.a]
run = "make"
[[tasks.a.chain]]
then = "one"
[[tasks.a.chain]]
catch = "two"
trap = ["1"]
)");
  const spec::Task& a = named(file, "a");
  ASSERT_EQ(a.levels.size(), 2u);
  EXPECT_EQ(task_of(a.levels[0].step).body.command, "one");
  EXPECT_EQ(task_of(a.levels[1].step).body.command, "two");
  EXPECT_TRUE(a.levels[1].trap->matches(1));
}

TEST(TaskFileParser, ShortLevelKeysGoInTheirFixedOrderWhateverTheFileOrder) {
  const spec::TaskFile file = parse(R"([tasks.a]
finally = "3"
trap = ["timeout"]
catch = { run = "2", retries = 2 }
then = "1"
run = "0"
)");
  const spec::Task& a = named(file, "a");
  ASSERT_EQ(a.levels.size(), 3u);
  EXPECT_EQ(a.levels[0].kind, Level::Kind::then);
  EXPECT_EQ(task_of(a.levels[0].step).body.command, "1");
  EXPECT_EQ(at(a.levels[0].position), "5:1");
  EXPECT_EQ(a.levels[1].kind, Level::Kind::catch_);
  EXPECT_EQ(task_of(a.levels[1].step).retries, 2u);
  EXPECT_TRUE(a.levels[1].trap->matches(124));
  EXPECT_EQ(a.levels[2].kind, Level::Kind::finally);
}

// docs/behaviour.md "Task files": the forms nest. a chain inside a gather inside an every.
TEST(TaskFileParser, EverythingNests) {
  const spec::TaskFile file = parse(R"([tasks.lint]
run = "make lint"

[tasks.watch]
every = "30s"
count = 3
gather = [
  "lint",
  { run = "make test", then = "echo tested", catch = { task = "lint" } },
  { list = [{ any = ["lint", { run = "x" }] }], fire_on_one_errback = true, delay = "1s" },
  { needs = ["lint"], chain = [{ then = { gather = ["lint", "lint"], then = "deep" } }] },
]
)");
  const spec::Task& watch = named(file, "watch");
  EXPECT_EQ(watch.extras().every->interval, 30s);
  EXPECT_EQ(watch.extras().every->count, 3u);
  ASSERT_EQ(watch.body.members.size(), 4u);

  const spec::Task& tested = task_of(watch.body.members[1]);
  EXPECT_EQ(tested.body.command, "make test");
  ASSERT_EQ(tested.levels.size(), 2u);
  EXPECT_EQ(task_of(tested.levels[0].step).body.command, "echo tested");
  EXPECT_EQ(ref_of(tested.levels[1].step).name, "lint");

  const spec::Task& listed = task_of(watch.body.members[2]);
  EXPECT_EQ(listed.body.group.kind, ParallelKind::list);
  EXPECT_TRUE(listed.body.group.fire_on_one_errback);
  EXPECT_EQ(listed.extras().delay, 1s);
  const spec::Task& inner_any = task_of(listed.body.members[0]);
  EXPECT_EQ(inner_any.body.group.kind, ParallelKind::any);
  EXPECT_EQ(task_of(inner_any.body.members[1]).body.command, "x");

  const spec::Task& chained = task_of(watch.body.members[3]);
  EXPECT_EQ(chained.body.kind, Body::Kind::none);
  EXPECT_EQ(ref_of(chained.needs[0]).name, "lint");
  const spec::Task& paused_on = task_of(chained.levels[0].step);
  EXPECT_EQ(paused_on.body.group.kind, ParallelKind::gather);
  EXPECT_EQ(paused_on.body.members.size(), 2u);
  EXPECT_EQ(task_of(paused_on.levels[0].step).body.command, "deep");
}

TEST(TaskFileParser, ATaskOfNeedsOrOfLevelsAloneIsValid) {
  const spec::TaskFile file = parse(R"([tasks.a]
run = "true"
[tasks.needs-only]
needs = ["a", { run = "b" }]
[tasks.levels-only]
then = "echo nothing failed"
)");
  const spec::Task& needs_only = named(file, "needs-only");
  EXPECT_EQ(needs_only.body.kind, Body::Kind::none);
  ASSERT_EQ(needs_only.needs.size(), 2u);
  EXPECT_EQ(task_of(needs_only.needs[1]).body.command, "b");
  EXPECT_EQ(named(file, "levels-only").levels.size(), 1u);
}

TEST(TaskFileParser, GroupKnobsAndBodyOptions) {
  const spec::TaskFile file = parse(R"([tasks.l]
list = ["l2", "l2"]
fire_on_one_callback = true
fire_on_one_errback = true
consume_errors = true
on_fire = "wait"
jobs = 0
timeout = "1m30s"
retries = 1_00
retry_delay = "250ms"
grace = "5s"
[tasks.l2]
any = [{ run = "a" }]
on_fire = "cancel"
jobs = 1000000
[tasks.g]
gather = ["l2"]
consume_errors = false
)");
  const spec::Task& l = named(file, "l");
  EXPECT_EQ(l.body.group.kind, ParallelKind::list);
  EXPECT_TRUE(l.body.group.fire_on_one_callback);
  EXPECT_TRUE(l.body.group.fire_on_one_errback);
  EXPECT_TRUE(l.body.group.consume_errors);
  EXPECT_EQ(l.body.group.on_fire, OnFire::wait);
  EXPECT_EQ(l.body.group.jobs, 0u);
  EXPECT_EQ(l.timeout, 90s);
  EXPECT_EQ(l.retries, 100u);
  EXPECT_EQ(l.retry_delay, 250ms);
  EXPECT_EQ(l.extras().grace, 5s);
  const spec::Task& l2 = named(file, "l2");
  EXPECT_EQ(l2.body.group.kind, ParallelKind::any);
  EXPECT_EQ(l2.body.group.on_fire, OnFire::cancel);
  EXPECT_EQ(l2.body.group.jobs, 1'000'000u);
  EXPECT_FALSE(named(file, "g").body.group.consume_errors);
}

TEST(TaskFileParser, EveryTakesAllOfEverysOptions) {
  const spec::TaskFile file = parse(R"([tasks.e]
run = "probe"
every = "0"
now = false
count = 5
for = "1h"
until_success = true
keep_going = true
max_failures = 2
changes = true
[tasks.m]
run = "probe"
every = "1s"
max_failures = 3
[tasks.d]
run = "later"
delay = "1.5s"
)");
  const spec::Every& every = *named(file, "e").extras().every;
  EXPECT_EQ(every.interval, 0s);
  EXPECT_FALSE(every.now);
  EXPECT_EQ(every.count, 5u);
  EXPECT_EQ(every.run_for, 1h);
  EXPECT_TRUE(every.until_success);
  EXPECT_TRUE(every.keep_going);
  EXPECT_EQ(every.max_failures, 2u);
  EXPECT_TRUE(every.changes);
  EXPECT_TRUE(named(file, "m").extras().every->keep_going);  // as --max-failures: implies it
  EXPECT_EQ(named(file, "d").extras().delay, 1500ms);
  EXPECT_FALSE(named(file, "d").extras().every);
}

TEST(TaskFileParser, CommandsMaySpanLinesAndNamesUseTheWholeAlphabet) {
  const spec::TaskFile file = parse(R"([tasks."Build_2.0-rc"]
desc = "ビルド　と検査"
run = """
make
make check # 検査"""
env = { "A_1" = "x y", B = "" }
)");
  const spec::Task& task = named(file, "Build_2.0-rc");
  EXPECT_EQ(task.extras().description, "ビルド\u3000と検査");
  EXPECT_EQ(task.body.command, "make\nmake check # 検査");
  EXPECT_EQ(task.extras().env.at("A_1"), "x y");
  EXPECT_EQ(task.extras().env.at("B"), "");
}

TEST(TaskFileParser, ReadsTheFileFromDisk) {
  const std::string path =
      ::testing::TempDir() + "tasker-task-file-" + std::to_string(::getpid()) + ".toml";
  {
    std::ofstream out(path);
    out << kSpecExample;
  }
  const spec::TaskFile file = parse_task_file(path);
  std::filesystem::remove(path);
  EXPECT_EQ(file.path, path);
  EXPECT_EQ(file.tasks.size(), 6u);
  EXPECT_EQ(file.tasks.front()->position.file(), path);
}

TEST(TaskFileParser, AFileThatCannotBeReadIsOneLine) {
  try {
    static_cast<void>(parse_task_file("/no/such/tasker.toml"));
    ADD_FAILURE() << "parsed";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "/no/such/tasker.toml: cannot read the task file: No such file or directory");
  }
  try {
    static_cast<void>(parse_task_file("/"));
    ADD_FAILURE() << "parsed";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "/: cannot read the task file: Is a directory");
  }
}

// --- Bad files ----------------------------------------------------------------------------

struct BadFile {
  std::string text;
  std::string message;
};

class BadFiles : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadFiles, AreOneExactLineWithFileLineAndColumn) {
  EXPECT_EQ(error_of(GetParam().text), GetParam().message) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    TomlSyntax, BadFiles,
    ::testing::Values(
        BadFile{"[tasks.a]\nrun = \"x\n",
                "t.toml:2:9: Error while parsing string: unescaped control characters other than "
                "TAB (U+0009) are explicitly prohibited"},
        BadFile{"[tasks.a]\nrun = 'x'\nrun = 'y'\n",
                "t.toml:3:7: Error while parsing key-value pair: cannot redefine existing string "
                "'run'"},
        // TOML integers have no leading zeros: `retries = 010` is not ten, it is no number.
        BadFile{"[tasks.a]\nrun = 'x'\nretries = 010\n",
                "t.toml:3:14: Error while parsing decimal integer: leading zeroes are prohibited"},
        // TOML 1.1's multi-line inline tables and \e escape are not TOML 1.0.
        BadFile{"[tasks.a]\ngather = [{ run = 'x',\n  timeout = '1s' }]\n",
                "t.toml:2:23: Error while parsing inline table: expected key or closing '}', "
                "saw '\\n'"},
        BadFile{"[tasks.a]\nrun = \"\\e[1m\"\n",
                "t.toml:2:9: Error while parsing string: escape sequence '\\e' is not supported "
                "in TOML 1.0.0 and earlier"},
        // toml++ 3.3 assumed these cannot happen (a table header's key starts with a key
        // character), which stopped a debug build on an assertion.
        BadFile{"[}",
                "t.toml:1:2: Error while parsing key: expected bare key starting character "
                "or string delimiter, saw '}'"},
        BadFile{"[tasks.a]\nrun = 'x'\n[[=",
                "t.toml:3:3: Error while parsing key: expected bare key starting character or "
                "string delimiter, saw '='"},
        BadFile{"[[[1]]]",
                "t.toml:1:3: Error while parsing key: expected bare key starting "
                "character or string delimiter, saw '['"},
        // toml++ 3.3 reached an "unreachable" point deciding whether these are whitespace.
        BadFile{"[tasks.a]\nrun = 'x' \u3042\n",
                "t.toml:2:11: Error while parsing key-value pair: expected a comment or "
                "whitespace, saw '\u3042'"},
        BadFile{"[tasks.a]\nrun = 'x'\n\uFB50 = 1\n",
                "t.toml:3:1: Error while parsing root table: expected keys, tables, whitespace or "
                "comments, saw '\uFB50'"},
        BadFile{"[tasks.a]\nrun = { run = 'x', }\n",
                "t.toml:2:20: Error while parsing inline table: expected key-value pair, saw "
                "closing '}' (dangling comma)"}));

INSTANTIATE_TEST_SUITE_P(
    UnknownKeys, BadFiles,
    ::testing::Values(
        BadFile{"[tasks.a]\nrun = 'x'\ntimout = '1s'\n",
                "t.toml:3:1: unknown key 'timout' (did you mean 'timeout'?)"},
        BadFile{"[tasks.a]\nrun = 'x'\nfrobnicate = 1\n", "t.toml:3:1: unknown key 'frobnicate'"},
        BadFile{"[tasks.a]\nrun = 'x'\nretry-delay = '1s'\n",
                "t.toml:3:1: unknown key 'retry-delay' (did you mean 'retry_delay'?)"},
        BadFile{"[task.a]\nrun = 'x'\n", "t.toml:1:2: unknown key 'task' (did you mean 'tasks'?)"},
        BadFile{"name = 'x'\n",
                "t.toml:1:1: unknown key 'name': a task file holds [tasks.NAME] tables"},
        BadFile{"[tasks.a]\nrun = 'x'\nboth = 'y'\n",
                "t.toml:3:1: 'both' is a level of a chain array only: chain = [{ both = ... }]"},
        BadFile{"[tasks.a]\nrun = 'x'\ncallbacks = ['y', 'z']\n",
                "t.toml:3:1: 'callbacks' is a level of a chain array only: chain = [{ callbacks "
                "= ... }]"},
        BadFile{"[tasks.a]\ntask = 'b'\n",
                "t.toml:2:1: 'task' refers to a named task in place of one, alone in its table: "
                "{ task = \"name\" }"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = [{ thn = 'y' }]\n",
                "t.toml:3:12: unknown key 'thn' (did you mean 'then'?)"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = [{ then = 'y', timeout = '1s' }]\n",
                "t.toml:3:24: 'timeout' goes inside the level's own task, not beside it: "
                "{ then = { run = \"cmd\", timeout = ... } }"},
        BadFile{"[tasks.b]\nrun = 'x'\n[tasks.a]\ngather = [{ task = 'b', timeout = '1s' }]\n",
                "t.toml:4:25: a reference { task = ... } takes no other key, not 'timeout': a "
                "named task keeps its own options"},
        BadFile{"[tasks.a]\ngather = [{ rn = 'x' }]\n",
                "t.toml:2:13: unknown key 'rn' (did you mean 'run'?)"},
        BadFile{"[tasks.a]\nrun = 'x'\n\"new\\nline\" = 1\n",
                "t.toml:3:1: unknown key 'new\\nline'"}));

INSTANTIATE_TEST_SUITE_P(
    Combinations, BadFiles,
    ::testing::Values(
        BadFile{"[tasks.a]\nrun = 'x'\ngather = ['b']\n",
                "t.toml:3:1: two bodies, 'run' and 'gather': a task has at most one of run, "
                "gather, list, any"},
        BadFile{"[tasks.a]\nlist = [{ run = 'x' }]\nany = [{ run = 'y' }]\n",
                "t.toml:3:1: two bodies, 'list' and 'any': a task has at most one of run, "
                "gather, list, any"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = [{ then = 'y' }]\nthen = 'z'\n",
                "t.toml:4:1: 'then' together with 'chain': put every level in the chain array"},
        BadFile{"[tasks.a]\nrun = 'x'\nfinally = 'z'\nchain = []\n",
                "t.toml:3:1: 'finally' together with 'chain': put every level in the chain "
                "array"},
        BadFile{"[tasks.a]\nrun = 'x'\ntrap = [1]\n", "t.toml:3:1: 'trap' without 'catch'"},
        BadFile{"[tasks.a]\nrun = 'x'\nthen = 'y'\ntrap = [1]\n",
                "t.toml:4:1: 'trap' without 'catch'"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = [{ then = 'y', trap = [1] }]\n",
                "t.toml:3:24: 'trap' without 'catch'"},
        BadFile{"[tasks.a]\nrun = 'x'\nevery = '1s'\ndelay = '1s'\n",
                "t.toml:4:1: 'delay' together with 'every': a task either waits once or repeats, "
                "not both"},
        BadFile{"[tasks.a]\nrun = 'x'\ncount = 3\n",
                "t.toml:3:1: 'count' applies only with 'every'"},
        BadFile{"[tasks.a]\nrun = 'x'\nfor = '1m'\n",
                "t.toml:3:1: 'for' applies only with 'every'"},
        BadFile{"[tasks.a]\nrun = 'x'\nnow = false\n",
                "t.toml:3:1: 'now' applies only with 'every'"},
        BadFile{"[tasks.a]\nrun = 'x'\nuntil_success = true\n",
                "t.toml:3:1: 'until_success' applies only with 'every'"},
        BadFile{"[tasks.a]\nrun = 'x'\nkeep_going = true\n",
                "t.toml:3:1: 'keep_going' applies only with 'every'"},
        BadFile{"[tasks.a]\nrun = 'x'\nmax_failures = 2\n",
                "t.toml:3:1: 'max_failures' applies only with 'every'"},
        BadFile{"[tasks.a]\nrun = 'x'\nchanges = true\n",
                "t.toml:3:1: 'changes' applies only with 'every'"},
        BadFile{"[tasks.a]\nrun = 'x'\njobs = 2\n",
                "t.toml:3:1: 'jobs' applies only to a group: gather, list or any"},
        BadFile{"[tasks.a]\nrun = 'x'\non_fire = 'wait'\n",
                "t.toml:3:1: 'on_fire' applies only to a group: gather, list or any"},
        BadFile{"[tasks.a]\nneeds = [{ run = 'x' }]\nconsume_errors = true\n",
                "t.toml:3:1: 'consume_errors' applies only to a group: gather, list or any"},
        BadFile{"[tasks.a]\nrun = 'x'\nfire_on_one_callback = true\n",
                "t.toml:3:1: 'fire_on_one_callback' applies only to a group: gather, list or any"},
        BadFile{"[tasks.a]\ngather = [{ run = 'x' }]\nfire_on_one_errback = true\n",
                "t.toml:3:1: 'fire_on_one_errback' applies only to a list"},
        BadFile{"[tasks.a]\nany = [{ run = 'x' }]\nconsume_errors = true\n",
                "t.toml:3:1: 'consume_errors' applies to gather and list: any always consumes "
                "them"},
        BadFile{"[tasks.a]\nneeds = [{ run = 'x' }]\ntimeout = '1s'\n",
                "t.toml:3:1: 'timeout' applies to a body (run, gather, list, any), and this task "
                "has none"},
        BadFile{"[tasks.a]\ndesc = 'nothing'\n",
                "t.toml:1:1: task 'a' has nothing to run: give it run, gather, list, any, needs "
                "or a chain"},
        BadFile{"[tasks.a]\nchain = []\n",
                "t.toml:1:1: task 'a' has nothing to run: give it run, gather, list, any, needs "
                "or a chain"},
        BadFile{"[tasks.a]\ngather = [{}]\n",
                "t.toml:2:11: this task has nothing to run: give it run, gather, list, any, "
                "needs or a chain"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = [{}]\n",
                "t.toml:3:10: a chain level needs one of then, catch, both, finally, callbacks"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = [{ then = 'y', catch = 'z' }]\n",
                "t.toml:3:24: one chain level has 'then' and 'catch': write them as two levels"}));

INSTANTIATE_TEST_SUITE_P(
    NamesAndCycles, BadFiles,
    ::testing::Values(
        BadFile{"[tasks.a]\ngather = ['lint']\n[tasks.lnt]\nrun = 'x'\n",
                "t.toml:2:11: unknown task 'lint' (did you mean 'lnt'?)"},
        BadFile{"[tasks.a]\nneeds = ['zzz']\nrun = 'x'\n", "t.toml:2:10: unknown task 'zzz'"},
        BadFile{"[tasks.a]\nrun = 'x'\nthen = { task = 'nope' }\n",
                "t.toml:3:17: unknown task 'nope'"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = [{ callbacks = ['y', { task = 'b' }] }]\n",
                "t.toml:3:39: unknown task 'b'"},
        BadFile{"[tasks.a]\nlist = [{ gather = [{ needs = ['deep'] }] }]\n",
                "t.toml:2:32: unknown task 'deep'"},
        BadFile{"[tasks.\"a b\"]\nrun = 'x'\n",
                "t.toml:1:8: bad task name 'a b': a name is letters, digits, '_', '.' and '-'"},
        BadFile{"[tasks.\"\"]\nrun = 'x'\n",
                "t.toml:1:8: bad task name '': a name is letters, digits, '_', '.' and '-'"},
        BadFile{"[tasks.a]\ngather = ['b/c']\n",
                "t.toml:2:11: bad task name 'b/c': a name is letters, digits, '_', '.' and '-'"},
        BadFile{"[tasks.a]\ngather = [{ task = 'é' }]\n",
                "t.toml:2:20: bad task name 'é': a name is letters, digits, '_', '.' and '-'"},
        BadFile{"[tasks.a]\nneeds = ['a']\nrun = 'x'\n", "t.toml:2:10: cycle of tasks: a -> a"},
        BadFile{"[tasks.a]\nneeds = ['b']\nrun = 'x'\n[tasks.b]\ngather = ['a']\n",
                "t.toml:5:11: cycle of tasks: a -> b -> a"},
        BadFile{"[tasks.a]\nrun = 'x'\nthen = { task = 'b' }\n[tasks.b]\nrun = 'y'\n"
                "chain = [{ catch = { run = 'z', needs = ['c'] } }]\n[tasks.c]\n"
                "any = [{ task = 'a' }]\n",
                "t.toml:8:17: cycle of tasks: a -> b -> c -> a"},
        // The cycle is named from where it is entered: `top` leads into it and is not part.
        BadFile{"[tasks.top]\nneeds = ['x']\n[tasks.x]\nneeds = ['y']\n[tasks.y]\n"
                "needs = ['x']\n",
                "t.toml:6:10: cycle of tasks: x -> y -> x"}));

INSTANTIATE_TEST_SUITE_P(
    BadValues, BadFiles,
    ::testing::Values(
        BadFile{"tasks = 3\n", "t.toml:1:9: 'tasks' holds tables, [tasks.NAME]; got an integer"},
        BadFile{"[tasks]\na = 'make'\n",
                "t.toml:2:5: task 'a' must be a table, [tasks.a]; got a string"},
        BadFile{"[tasks.a]\nrun = 'x'\ntimeout = 'abc'\n",
                "t.toml:3:11: 'timeout': invalid duration 'abc': expected a number with a unit "
                "(250ms, 10s, 1.5s, 2m, 1h30m, 1d)"},
        BadFile{"[tasks.a]\nrun = 'x'\ntimeout = '-1s'\n",
                "t.toml:3:11: 'timeout': invalid duration '-1s': durations cannot be negative"},
        BadFile{"[tasks.a]\nrun = 'x'\ntimeout = 10\n",
                "t.toml:3:11: 'timeout': expected a duration such as \"10s\", got an integer"},
        BadFile{"[tasks.a]\nrun = 'x'\nevery = 1.5\n",
                "t.toml:3:9: 'every': expected a duration such as \"10s\", got a float"},
        BadFile{"[tasks.a]\nrun = 'x'\nretry_delay = ''\n",
                "t.toml:3:15: 'retry_delay': invalid duration '': expected a number with a unit "
                "(250ms, 10s, 1.5s, 2m, 1h30m, 1d)"},
        BadFile{"[tasks.a]\nrun = 'x'\nretries = '3'\n",
                "t.toml:3:11: 'retries': expected a whole number, got a string"},
        BadFile{"[tasks.a]\nrun = 'x'\nretries = -1\n",
                "t.toml:3:11: 'retries': expected a whole number from 0 to 1000000, got -1"},
        BadFile{"[tasks.a]\nrun = 'x'\nretries = 1000001\n",
                "t.toml:3:11: 'retries': expected a whole number from 0 to 1000000, got 1000001"},
        BadFile{"[tasks.a]\nrun = 'x'\nretries = 3.0\n",
                "t.toml:3:11: 'retries': expected a whole number, got a float"},
        BadFile{"[tasks.a]\nrun = 'x'\nretries = 0x10\n",
                "t.toml:3:11: 'retries': write the number in decimal, not in hexadecimal"},
        BadFile{"[tasks.a]\ngather = ['a2']\njobs = 0o10\n[tasks.a2]\nrun = 'x'\n",
                "t.toml:3:8: 'jobs': write the number in decimal, not in octal"},
        BadFile{"[tasks.a]\nrun = 'x'\nevery = '1s'\ncount = 0b11\n",
                "t.toml:4:9: 'count': write the number in decimal, not in binary"},
        BadFile{"[tasks.a]\nrun = 'x'\nevery = '1s'\ncount = 0\n",
                "t.toml:4:9: 'count': expected a whole number at least 1, got 0"},
        BadFile{"[tasks.a]\nrun = 'x'\nevery = '1s'\nmax_failures = -3\n",
                "t.toml:4:16: 'max_failures': expected a whole number at least 1, got -3"},
        BadFile{"[tasks.a]\ngather = ['a2']\njobs = -1\n[tasks.a2]\nrun = 'x'\n",
                "t.toml:3:8: 'jobs': expected a whole number from 0 to 1000000, got -1"},
        BadFile{"[tasks.a]\nrun = 'x'\nevery = '1s'\nnow = 'yes'\n",
                "t.toml:4:7: 'now': expected true or false, got a string"},
        BadFile{"[tasks.a]\ngather = ['a2']\non_fire = 'later'\n[tasks.a2]\nrun = 'x'\n",
                "t.toml:3:11: 'on_fire': expected \"cancel\" or \"wait\", got 'later'"},
        BadFile{"[tasks.a]\nrun = 3\n", "t.toml:2:7: 'run': expected a command, got an integer"},
        BadFile{"[tasks.a]\nrun = ''\n", "t.toml:2:7: 'run': the command is empty"},
        BadFile{"[tasks.a]\nrun = \" \\t\\n\"\n", "t.toml:2:7: 'run': the command is empty"},
        BadFile{"[tasks.a]\nrun = \"a\\u0000b\"\n",
                "t.toml:2:7: 'run': a command cannot contain a NUL byte"},
        BadFile{"[tasks.a]\nrun = { task = 'b' }\n",
                "t.toml:2:7: 'run': expected a command; a table goes in gather, needs or a level "
                "(options of the command go beside run)"},
        BadFile{"[tasks.a]\nrun = 'x'\nthen = 3\n",
                "t.toml:3:8: 'then': expected a command or a table, got an integer"},
        BadFile{"[tasks.a]\nrun = 'x'\ncatch = ''\n", "t.toml:3:9: 'catch': the command is empty"},
        BadFile{"[tasks.a]\ngather = 'b'\n",
                "t.toml:2:10: 'gather': expected an array of task names or tables, got a string"},
        BadFile{"[tasks.a]\ngather = []\n",
                "t.toml:2:10: 'gather' is empty: give it task names or tables"},
        BadFile{"[tasks.a]\nrun = 'x'\nneeds = [true]\n",
                "t.toml:3:10: 'needs': expected a task name or a table, got a boolean"},
        BadFile{"[tasks.a]\ngather = [{ task = 3 }]\n",
                "t.toml:2:20: 'task': expected a task name, got an integer"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = { then = 'y' }\n",
                "t.toml:3:9: 'chain': expected an array of level tables, got a table"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = ['y']\n",
                "t.toml:3:10: 'chain': expected a table such as { then = \"cmd\" }, got a string"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = [{ callbacks = 'y' }]\n",
                "t.toml:3:24: 'callbacks': expected [CB, EB], two commands or tables; got a "
                "string"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = [{ callbacks = ['y'] }]\n",
                "t.toml:3:24: 'callbacks': expected [CB, EB], two commands or tables; got an "
                "array of 1"},
        BadFile{"[tasks.a]\nrun = 'x'\nchain = [{ callbacks = ['y', 2] }]\n",
                "t.toml:3:30: 'callbacks': expected a command or a table, got an integer"},
        BadFile{"[tasks.a]\nrun = 'x'\ncatch = 'y'\ntrap = 1\n",
                "t.toml:4:8: 'trap': expected an array of statuses such as [1, \"timeout\"], got "
                "an integer"},
        BadFile{"[tasks.a]\nrun = 'x'\ncatch = 'y'\ntrap = []\n",
                "t.toml:4:8: 'trap' is empty: give the statuses the catch handles"},
        BadFile{"[tasks.a]\nrun = 'x'\ncatch = 'y'\ntrap = [1, 0]\n",
                "t.toml:4:12: 'trap': '0' is not a status (1-255), a range a-b, 'timeout' or "
                "'signal'"},
        BadFile{"[tasks.a]\nrun = 'x'\ncatch = 'y'\ntrap = [256]\n",
                "t.toml:4:9: 'trap': '256' is not a status (1-255), a range a-b, 'timeout' or "
                "'signal'"},
        BadFile{"[tasks.a]\nrun = 'x'\ncatch = 'y'\ntrap = ['9-1']\n",
                "t.toml:4:9: 'trap': '9-1' is not a status (1-255), a range a-b, 'timeout' or "
                "'signal'"},
        BadFile{"[tasks.a]\nrun = 'x'\ncatch = 'y'\ntrap = ['1,2']\n",
                "t.toml:4:9: 'trap': '1,2' is not a status (1-255), a range a-b, 'timeout' or "
                "'signal'"},
        BadFile{"[tasks.a]\nrun = 'x'\ncatch = 'y'\ntrap = [0x7f]\n",
                "t.toml:4:9: 'trap': write the number in decimal, not in hexadecimal"},
        BadFile{"[tasks.a]\nrun = 'x'\ncatch = 'y'\ntrap = [1.5]\n",
                "t.toml:4:9: 'trap': expected a status number or a string, got a float"},
        BadFile{"[tasks.a]\nrun = 'x'\nenv = ['CC=clang']\n",
                "t.toml:3:7: 'env': expected a table of strings such as { CC = \"clang\" }, got "
                "an array"},
        BadFile{"[tasks.a]\nrun = 'x'\nenv = { CC = 1 }\n",
                "t.toml:3:14: 'env.CC': expected a string, got an integer"},
        BadFile{"[tasks.a]\nrun = 'x'\nenv = { \"A=B\" = 'x' }\n",
                "t.toml:3:9: 'env': bad variable name 'A=B'"},
        BadFile{"[tasks.a]\nrun = 'x'\nenv = { \"\" = 'x' }\n",
                "t.toml:3:9: 'env': bad variable name ''"},
        BadFile{"[tasks.a]\nrun = 'x'\nenv = { A = \"\\u0000\" }\n",
                "t.toml:3:13: 'env.A': a value cannot contain a NUL byte"},
        BadFile{"[tasks.a]\nrun = 'x'\ncwd = ['build']\n",
                "t.toml:3:7: 'cwd': expected a folder, got an array"},
        BadFile{"[tasks.a]\nrun = 'x'\ncwd = ''\n", "t.toml:3:7: 'cwd' is empty"},
        BadFile{"[tasks.a]\nrun = 'x'\ndesc = 1\n",
                "t.toml:3:8: 'desc': expected a string, got an integer"}));

}  // namespace
}  // namespace tasker
