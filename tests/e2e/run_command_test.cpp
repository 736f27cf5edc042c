// tasker run end to end, on the built binary (docs/behaviour.md "Task files"): every body kind and
// level form of a task file, the every and delay wrappers, needs shared by two tasks run once, env
// and cwd, inline and referred tasks, default, --list, --dry-run, the report tree, and every bad
// file as a usage error that runs nothing. Commands append to a log file so a test sees what ran.

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace tasker::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class RunCommand : public ::testing::Test {
 protected:
  // Writes tasker.toml in the scratch directory; LOG in `toml` stands for the log file.
  void write_tasks(std::string toml, const std::string& name = "tasker.toml") {
    for (std::size_t at = toml.find("LOG"); at != std::string::npos; at = toml.find("LOG"))
      toml.replace(at, 3, log());
    write_file(dir.file(name), toml);
  }
  std::string log() const { return dir.file("log"); }
  std::string logged() const {
    return std::filesystem::exists(log()) ? read_file(log()) : std::string();
  }
  // The log's lines, sorted: for tasks that run at the same time.
  std::vector<std::string> logged_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(logged());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  }
  // Runs `tasker --json run ARGS...`, expecting `status`, and returns the report.
  json report(const std::vector<std::string>& run_args, int status) {
    std::vector<std::string> args{"--json", "run"};
    args.insert(args.end(), run_args.begin(), run_args.end());
    const TaskerResult r = run_tasker(args, dir);
    EXPECT_EQ(r.exit_code, status) << r.err;
    return json::parse(r.out);
  }
  ScratchDir dir;
};

using Lines = std::vector<std::string>;

// ---- bodies ----------------------------------------------------------------------------------

TEST_F(RunCommand, RunBodyIsOneCommandAndItsStatusIsTheRunsStatus) {
  write_tasks(R"([tasks.build]
run = "echo build >> LOG; exit 3"
)");
  const json j = report({"build"}, 3);
  EXPECT_EQ(logged(), "build\n");
  EXPECT_EQ(j["command"], "run");
  EXPECT_EQ(j["targets"], json::array({"build"}));
  EXPECT_EQ(j["fired"], "errback");
  EXPECT_EQ(j["exit_code"], 3);
  EXPECT_EQ(j["root"]["kind"], "run");
  EXPECT_EQ(j["root"]["path"], "build");
  EXPECT_EQ(j["root"]["status"], 3);
  EXPECT_EQ(j["root"]["command"], "echo build >> " + log() + "; exit 3");
}

TEST_F(RunCommand, GatherFailsFastAndNamesInlineMembersByPosition) {
  write_tasks(R"([tasks.lint]
run = "echo lint >> LOG"
[tasks.checks]
gather = ["lint", { run = "until [ -s LOG ]; do sleep 0.01; done; exit 4" },
          { run = "sleep 30; echo late >> LOG" }]
)");
  // The failure comes once lint has written, however loaded the machine: no race on the log.
  const json j = report({"checks"}, 4);
  EXPECT_EQ(j["root"]["kind"], "gather");
  EXPECT_EQ(j["root"]["fired"], "errback");
  EXPECT_EQ(j["root"]["fire_index"], 1);
  const json& children = j["root"]["children"];
  ASSERT_EQ(children.size(), 3u);
  EXPECT_EQ(children[0]["path"], "checks/lint");
  EXPECT_EQ(children[1]["path"], "checks/1");
  EXPECT_EQ(children[1]["unhandled"], true);  // no consume_errors
  EXPECT_EQ(children[2]["path"], "checks/2");
  EXPECT_EQ(children[2]["state"], "cancelled");
  EXPECT_EQ(logged(), "lint\n");
}

TEST_F(RunCommand, ListWithItsKnobsAsKeys) {
  write_tasks(R"([tasks.all]
list = [{ run = "exit 2" }, { run = "echo ok >> LOG" }]
consume_errors = true
jobs = 1
)");
  const json j = report({"all"}, 0);  // a plain DeferredList calls back, errors consumed
  EXPECT_EQ(j["root"]["kind"], "list");
  EXPECT_EQ(j["root"]["fired"], "callback");
  EXPECT_EQ(j["root"]["options"]["consume_errors"], true);
  EXPECT_EQ(j["root"]["options"]["jobs"], 1);
  EXPECT_EQ(j["root"]["children"][0]["unhandled"], false);
  EXPECT_EQ(logged(), "ok\n");
}

TEST_F(RunCommand, ListWithoutConsumeErrorsLeavesTheFailureUnhandledStatusOne) {
  write_tasks(R"([tasks.all]
list = [{ run = "exit 2" }, { run = "true" }]
)");
  const json j = report({"all"}, 1);
  EXPECT_EQ(j["root"]["fired"], "callback");
  EXPECT_EQ(j["root"]["children"][0]["unhandled"], true);
}

TEST_F(RunCommand, AnyTakesTheFirstSuccess) {
  write_tasks(R"([tasks.mirror]
any = [{ run = "exit 1" }, { run = "echo b >> LOG" }, { run = "sleep 30" }]
)");
  const json j = report({"mirror"}, 0);
  EXPECT_EQ(j["root"]["kind"], "any");
  EXPECT_EQ(j["root"]["fire_index"], 1);
  EXPECT_EQ(j["root"]["children"][2]["state"], "cancelled");
  EXPECT_EQ(logged(), "b\n");
}

TEST_F(RunCommand, ChainArrayAddsEveryLevelKindInOrder) {
  write_tasks(R"([tasks.release]
run = "echo body >> LOG; exit 3"
chain = [
  { then = "echo skipped >> LOG" },
  { catch = "echo wrong-trap >> LOG", trap = [1, 2] },
  { catch = "echo \"catch $TASKER_STATUS\" >> LOG; exit 5", trap = ["3-4", "timeout"] },
  { callbacks = ["echo cb >> LOG", "echo eb >> LOG"] },
  { both = "echo both >> LOG; exit 6" },
  { finally = "echo finally >> LOG" },
]
)");
  const json j = report({"release"}, 6);
  EXPECT_EQ(logged(), "body\ncatch 3\neb\nboth\nfinally\n");
  const json& root = j["root"];
  EXPECT_EQ(root["kind"], "chain");
  EXPECT_EQ(root["body"]["status"], 3);
  ASSERT_EQ(root["levels"].size(), 6u);
  EXPECT_EQ(root["levels"][0]["ran"], false);
  EXPECT_EQ(root["levels"][1]["ran"], false);
  EXPECT_EQ(root["levels"][2]["ran"], true);
  EXPECT_EQ(root["levels"][3]["ran"], "errback");
  EXPECT_EQ(root["levels"][4]["track_after"], "errback");
  EXPECT_EQ(root["levels"][5]["name"], "finally#6");
}

TEST_F(RunCommand, ShortFormsAreThenCatchFinallyInThatOrder) {
  write_tasks(R"([tasks.ok]
run = "echo ok >> LOG"
then = "echo then >> LOG; exit 2"
catch = "echo \"catch $TASKER_STATUS $TASKER_FROM\" >> LOG"
trap = [2]
finally = "echo finally >> LOG"
)");
  report({"ok"}, 0);
  EXPECT_EQ(logged(), "ok\nthen\ncatch 2 then#1\nfinally\n");
}

TEST_F(RunCommand, LevelsAreTasksTooAGroupAsALevelPausesTheChain) {
  write_tasks(R"([tasks.notify]
run = "echo notify-$TASKER_STATUS >> LOG"
[tasks.release]
run = "echo build >> LOG"
chain = [
  { then = { gather = [{ run = "sleep 0.3; echo a >> LOG" }, { run = "echo b >> LOG" }] } },
  { then = "echo package >> LOG; exit 7" },
  { catch = { task = "notify" } },
]
)");
  const json j = report({"release"}, 0);
  EXPECT_EQ(logged(), "build\nb\na\npackage\nnotify-7\n");
  EXPECT_EQ(j["root"]["levels"][0]["node"]["kind"], "gather");
  EXPECT_EQ(j["root"]["levels"][0]["node"]["path"], "release/then#1");
  // A named task as a level is a command: its task fields are the level's, under its name.
  EXPECT_EQ(j["root"]["levels"][2]["name"], "notify");
  EXPECT_EQ(j["root"]["levels"][2]["command"], "echo notify-$TASKER_STATUS >> " + log());
}

// ---- wrappers ----------------------------------------------------------------------------------

TEST_F(RunCommand, EveryRepeatsTheWholeRunAndDelayWaitsOnce) {
  write_tasks(R"([tasks.poll]
every = "100ms"
count = 3
run = "echo tick >> LOG"
[tasks.later]
delay = "600ms"
run = "echo later >> LOG"
)");
  json j = report({"poll"}, 0);
  EXPECT_EQ(logged(), "tick\ntick\ntick\n");
  EXPECT_EQ(j["root"]["kind"], "every");
  EXPECT_EQ(j["root"]["end_reason"], "count");
  ASSERT_EQ(j["root"]["runs"].size(), 3u);
  EXPECT_EQ(j["root"]["runs"][2]["path"], "poll/#3");

  j = report({"later"}, 0);
  EXPECT_EQ(j["root"]["kind"], "delay");
  EXPECT_EQ(j["root"]["child"]["kind"], "run");
  EXPECT_GE(j["root"]["child"]["started_ms"].get<double>(), 550.0);
}

TEST_F(RunCommand, EveryStopsOnAFailedRunUnlessKeepGoing) {
  write_tasks(R"([tasks.strict]
every = "50ms"
count = 5
run = "echo run >> LOG; exit 3"
[tasks.lenient]
every = "50ms"
count = 3
keep_going = true
run = "echo run >> LOG; exit 3"
)");
  json j = report({"strict"}, 3);
  EXPECT_EQ(j["root"]["end_reason"], "failure");
  EXPECT_EQ(logged(), "run\n");
  std::filesystem::remove(log());
  report({"lenient"}, 0);  // keep_going consumes the runs' errors
  EXPECT_EQ(logged(), "run\nrun\nrun\n");
}

// ---- needs and shared tasks --------------------------------------------------------------------

constexpr const char* kSharedNeeds = R"([tasks.setup]
desc = "prepare the tree"
run = "echo setup >> LOG"
[tasks.a]
needs = ["setup"]
run = "echo a >> LOG"
[tasks.b]
needs = ["setup"]
run = "echo b >> LOG"
[tasks.default]
desc = "a and b"
gather = ["a", "b"]
)";

TEST_F(RunCommand, ANeedSharedByTwoTasksRunsOnceBeforeBoth) {
  write_tasks(kSharedNeeds);
  const json j = report({}, 0);  // no name: the task named default
  EXPECT_EQ(j["targets"], json::array({"default"}));
  const std::string text = logged();
  EXPECT_EQ(text.rfind("setup\n", 0), 0u) << text;  // first
  EXPECT_EQ(logged_lines(), (Lines{"a", "b", "setup"}));
  // Reported in full where it ran first, as a ref elsewhere.
  const json& a = j["root"]["children"][0];
  const json& b = j["root"]["children"][1];
  EXPECT_EQ(a["needs"]["kind"], "needs");
  EXPECT_EQ(a["needs"]["children"][0]["path"], "default/a/setup");
  EXPECT_EQ(a["needs"]["children"][0]["kind"], "run");
  EXPECT_EQ(b["needs"]["children"][0]["ref"], "default/a/setup");
}

TEST_F(RunCommand, SeveralTargetsAreAGatherAndShareTheirNeeds) {
  write_tasks(kSharedNeeds);
  const json j = report({"a", "b", "setup"}, 0);
  EXPECT_EQ(logged_lines(), (Lines{"a", "b", "setup"}));
  EXPECT_EQ(j["root"]["kind"], "gather");
  EXPECT_EQ(j["targets"], json::array({"a", "b", "setup"}));
}

TEST_F(RunCommand, AFailedNeedSkipsTheBodyAndItsCatchSeesIt) {
  write_tasks(R"([tasks.setup]
run = "exit 5"
[tasks.build]
needs = ["setup"]
run = "echo build >> LOG"
catch = "echo \"catch $TASKER_STATUS\" >> LOG"
)");
  report({"build"}, 0);
  EXPECT_EQ(logged(), "catch 5\n");
}

TEST_F(RunCommand, EachTickOfAnEveryRerunsItsNeeds) {
  write_tasks(std::string(kSharedNeeds) + R"([tasks.poll]
every = "100ms"
count = 2
gather = ["a", "b"]
)");
  report({"poll"}, 0);
  EXPECT_EQ(logged_lines(), (Lines{"a", "a", "b", "b", "setup", "setup"}));
}

// The nested case of docs/behaviour.md "Task files": a chain inside a gather inside an `every`.
TEST_F(RunCommand, AChainInsideAGatherInsideAnEvery) {
  write_tasks(R"([tasks.nightly]
every = "200ms"
count = 2
gather = [
  { run = "echo check >> LOG; exit 3", then = "echo never >> LOG", catch = "CATCH" },
  { run = "echo du >> LOG" },
]
)");
  std::string toml = read_file(dir.file("tasker.toml"));
  toml.replace(toml.find("CATCH"), 5, "echo caught-$TASKER_STATUS >> " + log());
  write_file(dir.file("tasker.toml"), toml);
  const json j = report({"nightly"}, 0);
  EXPECT_EQ(logged_lines(), (Lines{"caught-3", "caught-3", "check", "check", "du", "du"}));
  const json& runs = j["root"]["runs"];
  ASSERT_EQ(runs.size(), 2u);
  for (std::size_t n = 0; n < 2; ++n) {
    const std::string tick = "nightly/#" + std::to_string(n + 1);
    EXPECT_EQ(runs[n]["kind"], "gather");
    EXPECT_EQ(runs[n]["path"], tick);
    EXPECT_EQ(runs[n]["children"][0]["kind"], "chain");
    EXPECT_EQ(runs[n]["children"][0]["path"], tick + "/0");
    EXPECT_EQ(runs[n]["children"][0]["levels"][1]["ran"], true);
    EXPECT_EQ(runs[n]["children"][1]["path"], tick + "/1");
  }
}

// ---- env and cwd -------------------------------------------------------------------------------

TEST_F(RunCommand, EnvAndCwdApplyToTheBodyLevelsAndInlineTasksButNotToNamedOnes) {
  std::filesystem::create_directories(dir.file("project/build"));
  std::filesystem::create_directories(dir.file("elsewhere"));
  write_tasks(R"([tasks.other]
run = "echo \"other ${CC-unset} $(basename \"$PWD\")\" >> LOG"
[tasks.t]
env = { CC = "clang" }
cwd = "build"
gather = [{ run = "echo \"inline $CC $(basename \"$PWD\")\" >> LOG" }, "other"]
then = "echo \"then $CC $(basename \"$PWD\")\" >> LOG"
)",
              "project/tasks.toml");
  // From another folder: cwd is relative to the task file's folder.
  const TaskerResult r = run_tasker({"-q", "run", "-f", dir.file("project/tasks.toml"), "t"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(logged_lines(),
            (Lines{"inline clang build", "other unset project", "then clang build"}));
}

// ---- --list, --dry-run, names
// --------------------------------------------------------------------

TEST_F(RunCommand, ListPrintsEveryTaskWithItsDescriptionAndRunsNothing) {
  write_tasks(kSharedNeeds);
  const TaskerResult r = run_tasker({"run", "--list"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("setup"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("prepare the tree"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a and b"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4);
  EXPECT_EQ(logged(), "");
}

TEST_F(RunCommand, DryRunPrintsTheTreeAndRunsNothing) {
  write_tasks(std::string(kSharedNeeds) + R"([tasks.release]
needs = ["default"]
run = "echo release >> LOG"
catch = "echo notify >> LOG"
finally = "echo clean >> LOG"
)");
  const TaskerResult r = run_tasker({"run", "--dry-run", "release"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* shown : {"release", "echo setup", "echo a", "echo b", "echo notify",
                            "echo clean", "catch#1", "finally#2"})
    EXPECT_NE(r.out.find(shown), std::string::npos) << shown << " in\n" << r.out;
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(logged(), "");
}

TEST_F(RunCommand, EveryWordAfterRunIsATaskNameEvenASubcommandsName) {
  write_tasks(R"([tasks.list]
run = "echo list-task >> LOG"
)");
  const TaskerResult r = run_tasker({"-q", "run", "list"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(logged(), "list-task\n");
}

TEST_F(RunCommand, OutputLabelsShowThePath) {
  write_tasks(R"([tasks.lint]
run = "echo linted"
[tasks.checks]
gather = ["lint"]
)");
  const TaskerResult r = run_tasker({"run", "checks"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("checks/lint | linted\n"), std::string::npos) << r.out;
}

// ---- Ctrl-C in a task file chain ---------------------------------------------------------------

TEST_F(RunCommand, SigintDuringATaskFileChainRunsOnlyItsCleanup) {
  const std::string pids = dir.file("pids");
  write_tasks(R"([tasks.t]
run = "echo $$ >> PIDS; sleep 30"
then = "echo then >> LOG"
catch = "echo catch >> LOG"
finally = "echo \"finally $TASKER_STATUS $TASKER_ERROR\" >> LOG"
)");
  std::string toml = read_file(dir.file("tasker.toml"));
  toml.replace(toml.find("PIDS"), 4, pids);
  write_file(dir.file("tasker.toml"), toml);
  TaskerProcess tasker({"-q", "run", "t"}, dir);
  ASSERT_TRUE(wait_for_file(pids));
  std::this_thread::sleep_for(200ms);
  tasker.signal(SIGINT);
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.signal, SIGINT) << r.err;
  EXPECT_EQ(logged(), "finally 130 interrupted\n");
  std::this_thread::sleep_for(100ms);
  for (pid_t pid : read_pids(pids)) {
    EXPECT_FALSE(process_alive(pid));
    ::kill(pid, SIGKILL);
  }
}

// ---- bad files: status 2, one line naming file:line:column, nothing run
// --------------------------

struct BadFile {
  std::string toml;  // MARK stands for a command that leaves a file behind
  std::string where;
  std::string mentions;
};

class BadTaskFiles : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadTaskFiles, StatusTwoOneLineNamingFileLineColumnNothingRun) {
  ScratchDir dir;
  std::string toml = GetParam().toml;
  const std::string mark = "touch " + dir.file("ran");
  for (std::size_t at = toml.find("MARK"); at != std::string::npos; at = toml.find("MARK"))
    toml.replace(at, 4, mark);
  write_file(dir.file("bad.toml"), toml);
  const TaskerResult r = run_tasker({"run", "-f", "bad.toml", "x"}, dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("bad.toml:" + GetParam().where + ": "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(GetParam().mentions), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("ran")));
}

INSTANTIATE_TEST_SUITE_P(
    RunCommand, BadTaskFiles,
    ::testing::Values(
        BadFile{"[tasks.x\nrun = \"MARK\"\n", "1:9", "expected ']'"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\nx = { a = 1,\n  b = 2 }\n", "3:13",
                "inline table"},  // TOML 1.1 multi-line inline table
        BadFile{"[tasks.x]\nrn = \"MARK\"\n", "2:1", "did you mean 'run'"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\ngather = [\"y\"]\n", "3:1", "two bodies"},
        BadFile{"[tasks.x]\ngather = [\"nope\"]\n", "2:11", "unknown task 'nope'"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\nthen = { task = \"nope\" }\n", "3:17", "nope"},
        BadFile{"[tasks.\"bad name\"]\nrun = \"MARK\"\n[tasks.x]\nrun = \"MARK\"\n", "1:8",
                "bad task name"},
        BadFile{"[tasks.x]\nneeds = [\"y\"]\nrun = \"MARK\"\n[tasks.y]\nneeds = [\"x\"]\n"
                "run = \"MARK\"\n",
                "5:10", "x -> y -> x"},
        BadFile{"[tasks.x]\ngather = [{ task = \"x\" }]\n", "2:20", "x -> x"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\ntimeout = \"5 parsecs\"\n", "3:11", "5 parsecs"},
        BadFile{"[tasks.x]\nevery = \"-1s\"\nrun = \"MARK\"\n", "2:9", "-1s"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\nretries = -1\n", "3:11", "retries"},
        BadFile{"[tasks.x]\nlist = [\"y\"]\njobs = 1.5\n[tasks.y]\nrun = \"MARK\"\n", "3:8",
                "jobs"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\ntrap = [1]\n", "3:1", "'trap' without 'catch'"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\ncatch = \"MARK\"\ntrap = [\"bogus\"]\n", "4:9",
                "'bogus' is not a status"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\nthen = \"MARK\"\nchain = [{ then = \"MARK\" }]\n",
                "3:1", "together with 'chain'"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\ndelay = \"1s\"\nevery = \"1s\"\n", "3:1",
                "'delay' together with 'every'"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\ncount = 2\n", "3:1", "applies only with 'every'"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\nenv = { A = 1 }\n", "3:13", "env.A"},
        BadFile{"[tasks.x]\nrun = \"MARK\"\nchain = [{ thne = \"MARK\" }]\n", "3:12",
                "did you mean 'then'"}));

}  // namespace
}  // namespace tasker::testing
