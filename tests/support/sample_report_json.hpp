#pragma once
// Saved JSON reports, one per command (as tasker writes them with --report), for the tests of
// the renderers, which read report files, not runs. The flat and `every` ones come from
// sample_reports.hpp through the JSON writer; the trees are written out by hand.

#include "cli/report/json_report.hpp"
#include "tests/support/sample_reports.hpp"

#include <string>

namespace tasker::cli::samples {

/// `tasker list --fire-on-one-errback 'sleep 2' 'sleep 1; exit 3'`: #1 failed and fired the
/// run, which cancelled #0.
inline std::string list_json() {
  return to_json(spec_list_report(), false);
}

/// `tasker every 1s --count 3 -- ./check`, a tick skipped before the third run.
inline std::string every_json() {
  return to_json(every_report(), false);
}

/// `tasker gather -j 1` of three tasks whose names and commands are hostile: markup, quotes,
/// an ANSI escape, a newline, a Markdown table's bar and a backtick. The second waited 100 ms
/// in the queue and failed; the third never started.
inline std::string hostile_gather_json() {
  RunReport report;
  report.version = "0.1.0";
  report.command = CommandKind::gather;
  report.options.jobs = 1;
  report.fired = Fired::errback;
  report.fire_index = 1;
  report.exit_code = 1;
  report.duration_ms = 250;
  TaskReport first = make_task(0, "echo '<b>&amp;</b>'", TaskState::succeeded);
  first.name = "<script>alert(\"x\")</script>";
  first.status = 0;
  first.exit_code = 0;
  first.started_ms = 0.5;
  first.duration_ms = 99.5;
  TaskReport second = make_task(1, "printf '\\033[31m' | tee `x`", TaskState::failed);
  second.name = "a|b`c\x1b[31m\nd & 'e'";
  second.status = 1;
  second.exit_code = 1;
  second.unhandled = true;
  second.started_ms = 100;
  second.duration_ms = 150;
  TaskReport third = make_task(2, "sleep 9 </dev/null", TaskState::not_started);
  third.name =
      "\xc2\x9b"
      "c1";
  report.tasks = {first, second, third};
  return to_json(report, false);
}

/// `tasker any 'exit 1' 'sleep 0.2'`: the second succeeded and fired the run.
inline std::string any_json() {
  RunReport report;
  report.version = "0.1.0";
  report.command = CommandKind::any;
  report.fired = Fired::callback;
  report.fire_index = 1;
  report.duration_ms = 201;
  TaskReport first = make_task(0, "exit 1", TaskState::failed);
  first.status = 1;
  first.exit_code = 1;
  first.started_ms = 0.1;
  first.duration_ms = 2;
  TaskReport second = make_task(1, "sleep 0.2", TaskState::succeeded);
  second.status = 0;
  second.exit_code = 0;
  second.started_ms = 0.2;
  second.duration_ms = 200;
  report.tasks = {first, second};
  return to_json(report, false);
}

/// `tasker after 1s true`: queued for its delay.
inline std::string after_json() {
  RunReport report;
  report.version = "0.1.0";
  report.command = CommandKind::after;
  report.fired = Fired::callback;
  report.fire_index = std::nullopt;
  report.delay_ms = 1000;
  report.duration_ms = 1003;
  TaskReport task = make_task(0, "true", TaskState::succeeded);
  task.status = 0;
  task.exit_code = 0;
  task.started_ms = 1001;
  task.duration_ms = 2;
  report.tasks = {task};
  return to_json(report, false);
}

/// `tasker gather 'sleep 9' 'sleep 9'` stopped by SIGINT after 300 ms: both cancelled.
inline std::string interrupted_json() {
  RunReport report;
  report.version = "0.1.0";
  report.command = CommandKind::gather;
  report.fired = Fired::errback;
  report.exit_code = 130;
  report.interrupted_by = 2;
  report.duration_ms = 320;
  for (std::size_t i = 0; i < 2; ++i) {
    TaskReport task = make_task(i, "sleep 9", TaskState::cancelled);
    task.status = 143;
    task.signal = 15;
    task.started_ms = 0.2;
    task.duration_ms = 300 + static_cast<double>(i);
    report.tasks.push_back(task);
  }
  return to_json(report, false);
}

/// `tasker gather` of nothing (an empty --from file).
inline std::string empty_gather_json() {
  RunReport report;
  report.version = "0.1.0";
  report.command = CommandKind::gather;
  report.fired = Fired::callback;
  report.duration_ms = 0.3;
  return to_json(report, false);
}

/// `tasker chain 'make' --then 'make test' --catch 'notify'`: make test failed, notify ran.
inline std::string chain_json() {
  return R"({"tasker": "0.1.0", "schema_version": 1, "command": "chain",
    "started_at": "2026-01-01T00:00:00.000Z", "hostname": "ci", "fired": "callback",
    "exit_code": 0, "duration_ms": 900, "interrupted": null,
    "cmd": {"index": 0, "name": "cmd", "command": "make", "state": "succeeded", "exit_code": 0,
            "signal": null, "core_dumped": false, "status": 0, "unhandled": false,
            "started_ms": 0.1, "duration_ms": 500, "attempts": 1},
    "levels": [
      {"index": 0, "kind": "then", "name": "then#1", "ran": true, "trap": null,
       "track_after": "errback", "command": "make test", "state": "failed", "exit_code": 2,
       "signal": null, "core_dumped": false, "status": 2, "unhandled": false,
       "started_ms": 500.2, "duration_ms": 300, "attempts": 1},
      {"index": 1, "kind": "catch", "name": "catch#2", "ran": true, "trap": null,
       "track_after": "callback", "command": "notify", "state": "succeeded", "exit_code": 0,
       "signal": null, "core_dumped": false, "status": 0, "unhandled": false,
       "started_ms": 800.3, "duration_ms": 99, "attempts": 1},
      {"index": 2, "kind": "then", "name": "then#3", "ran": false, "trap": null,
       "track_after": "callback", "command": "deploy", "state": "not_started",
       "exit_code": null, "signal": null, "core_dumped": false, "status": null,
       "unhandled": false, "started_ms": null, "duration_ms": null, "attempts": 0}
    ]})";
}

/// `tasker run ci` of a task file: a gather of lint, test and a list of two builds, one of
/// them a shared task reported elsewhere (a ref). test failed and fired ci, which cut lint
/// short.
inline std::string tree_json() {
  return R"({"tasker": "0.1.0", "schema_version": 1, "command": "run",
    "started_at": "2026-01-01T00:00:00.000Z", "hostname": "ci", "file": "tasker.toml",
    "targets": ["ci"], "fired": "errback", "exit_code": 1, "duration_ms": 700,
    "interrupted": null,
    "root": {"name": "ci", "path": "ci", "kind": "gather", "state": "failed", "status": 1,
      "started_ms": 0, "duration_ms": 700, "unhandled": false, "fired": "errback",
      "fire_index": 1, "options": {}, "children": [
        {"name": "lint", "path": "ci/lint", "kind": "run", "state": "cancelled", "status": 143,
         "started_ms": 0.5, "duration_ms": 690, "unhandled": false, "index": 0,
         "command": "sleep 5", "attempts": 1},
        {"name": "test", "path": "ci/test", "kind": "run", "state": "failed", "status": 1,
         "started_ms": 0.6, "duration_ms": 400, "unhandled": true, "index": 1,
         "command": "exit 1", "attempts": 1},
        {"name": "builds", "path": "ci/builds", "kind": "list", "state": "succeeded",
         "status": 0, "started_ms": 0.7, "duration_ms": 300, "unhandled": false,
         "fired": "callback", "fire_index": null, "options": {}, "children": [
           {"name": "build-a", "path": "ci/builds/build-a", "kind": "run",
            "state": "succeeded", "status": 0, "started_ms": 100, "duration_ms": 200,
            "unhandled": false, "index": 2, "command": "make a", "attempts": 1},
           {"name": "lint", "path": "ci/builds/lint", "ref": "ci/lint", "unhandled": false}
         ]}
      ]}})";
}

}  // namespace tasker::cli::samples
