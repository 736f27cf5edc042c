#include "cli/report/json_report.hpp"

#include "tests/support/sample_reports.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace tasker::cli {
namespace {

using samples::every_report;
using samples::make_task;
using samples::spec_list_report;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::EndsWith;

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

std::vector<std::string> keys_of(const OrderedJson& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

TEST(JsonReportTest, MatchesTheSpecExample) {
  const Json report = Json::parse(to_json(spec_list_report(), true));

  EXPECT_EQ(report["tasker"], "0.1.0");
  EXPECT_EQ(report["command"], "list");
  EXPECT_EQ(report["options"], Json::parse(R"({"fire_on_one_callback": false,
      "fire_on_one_errback": true, "consume_errors": false, "jobs": 0, "timeout_ms": null})"));
  EXPECT_EQ(report["fired"], "errback");
  EXPECT_EQ(report["fire_index"], 1);
  EXPECT_EQ(report["exit_code"], 3);
  EXPECT_DOUBLE_EQ(report["duration_ms"].get<double>(), 1021.7);
  EXPECT_EQ(report["interrupted"], nullptr);
  EXPECT_EQ(report["capture_limit"], 65536);
  ASSERT_EQ(report["tasks"].size(), 2U);
  EXPECT_EQ(report["tasks"][0], Json::parse(R"({"index": 0, "name": "#0", "command": "sleep 2",
      "state": "cancelled", "exit_code": null, "signal": 15, "core_dumped": false, "status": 143,
      "unhandled": false, "started_ms": 0.2, "duration_ms": 1020.9, "attempts": 1,
      "queued_ms": 0, "stdout": "",
      "stderr": "", "stdout_truncated_bytes": 0, "stderr_truncated_bytes": 0})"));
  EXPECT_EQ(report["tasks"][1], Json::parse(R"({"index": 1, "name": "#1",
      "command": "sleep 1; exit 3", "state": "failed", "exit_code": 3, "signal": null,
      "core_dumped": false, "status": 3, "unhandled": true, "started_ms": 0.3,
      "duration_ms": 1003.1, "attempts": 1, "queued_ms": 0, "stdout": "", "stderr": "",
      "stdout_truncated_bytes": 0,
      "stderr_truncated_bytes": 0})"));
}

TEST(JsonReportTest, KeysFollowTheSpecOrder) {
  const OrderedJson report = OrderedJson::parse(to_json(spec_list_report(), true));
  EXPECT_THAT(keys_of(report),
              ElementsAre("tasker", "schema_version", "command", "started_at", "hostname",
                          "options", "fired", "fire_index", "exit_code", "duration_ms",
                          "interrupted", "capture_limit", "tasks"));
  EXPECT_THAT(keys_of(report["options"]), ElementsAre("fire_on_one_callback", "fire_on_one_errback",
                                                      "consume_errors", "jobs", "timeout_ms"));
  EXPECT_THAT(
      keys_of(report["tasks"][0]),
      ElementsAre("index", "name", "command", "state", "exit_code", "signal", "core_dumped",
                  "status", "unhandled", "started_ms", "duration_ms", "attempts", "queued_ms",
                  "stdout", "stderr", "stdout_truncated_bytes", "stderr_truncated_bytes"));
}

TEST(JsonReportTest, WithoutOutputLeavesOutStreamsAndCaptureLimit) {
  const Json report = Json::parse(to_json(spec_list_report(), false));
  EXPECT_FALSE(report.contains("capture_limit"));
  for (const Json& task : report["tasks"]) {
    EXPECT_FALSE(task.contains("stdout"));
    EXPECT_FALSE(task.contains("stderr"));
    EXPECT_FALSE(task.contains("stdout_truncated_bytes"));
  }
}

TEST(JsonReportTest, UnknownValuesAreNull) {
  RunReport report = spec_list_report();
  report.fired = Fired::none;  // interrupted before anything fired
  report.fire_index.reset();
  report.interrupted_by = 2;
  report.exit_code = 130;
  report.tasks.push_back(make_task(2, "make docs", TaskState::not_started));

  const Json json = Json::parse(to_json(report, true));
  EXPECT_EQ(json["fired"], nullptr);
  EXPECT_EQ(json["fire_index"], nullptr);
  EXPECT_EQ(json["interrupted"], 2);
  const Json& never = json["tasks"][2];
  EXPECT_EQ(never["state"], "not_started");
  for (const char* key : {"exit_code", "signal", "status", "started_ms", "duration_ms"}) {
    EXPECT_EQ(never[key], nullptr) << key;
  }
  EXPECT_EQ(never["attempts"], 0);
  EXPECT_EQ(never["stdout"], "");  // it wrote nothing: empty, not missing
  EXPECT_EQ(never["stdout_truncated_bytes"], 0);
}

TEST(JsonReportTest, TimeoutIsInMilliseconds) {
  RunReport report = spec_list_report();
  report.options.timeout_ms = 2500;
  report.options.jobs = 4;
  report.options.consume_errors = true;
  const Json json = Json::parse(to_json(report, false));
  EXPECT_EQ(json["options"]["timeout_ms"], 2500.0);
  EXPECT_EQ(json["options"]["jobs"], 4);
  EXPECT_EQ(json["options"]["consume_errors"], true);
}

TEST(JsonReportTest, TimesAreRoundedToATenthOfAMillisecond) {
  RunReport report = spec_list_report();
  report.duration_ms = 1021.66666;
  report.tasks[0].started_ms = 0.04;
  report.tasks[0].duration_ms = 12.35001;
  const std::string text = to_json(report, false);
  const Json json = Json::parse(text);
  EXPECT_DOUBLE_EQ(json["duration_ms"].get<double>(), 1021.7);
  EXPECT_DOUBLE_EQ(json["tasks"][0]["started_ms"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(json["tasks"][0]["duration_ms"].get<double>(), 12.4);
  // Printed short, not as 1021.7000000000001.
  EXPECT_NE(text.find("\"duration_ms\": 1021.7,"), std::string::npos) << text;
}

TEST(JsonReportTest, StatesTheBytesTheCaptureDropped) {
  RunReport report = spec_list_report();
  report.capture_limit = 4;
  report.tasks[1].stdout_capture = CapturedStream{"tail", 96};
  report.tasks[1].stderr_capture = CapturedStream{"oops\n", 0};
  const Json json = Json::parse(to_json(report, true));
  EXPECT_EQ(json["capture_limit"], 4);
  EXPECT_EQ(json["tasks"][1]["stdout"], "tail");
  EXPECT_EQ(json["tasks"][1]["stdout_truncated_bytes"], 96);
  EXPECT_EQ(json["tasks"][1]["stderr"], "oops\n");
  EXPECT_EQ(json["tasks"][1]["stderr_truncated_bytes"], 0);
}

TEST(JsonReportTest, BinaryOutputCannotBreakTheReport) {
  RunReport report = spec_list_report();
  const std::string binary("ok \xff\xfe \xc3\x28 \x00\x01\x1b[31m\n", 17);
  report.tasks[0].stdout_capture = CapturedStream{binary, 0};
  report.tasks[0].command = "printf '\\377' \xe2\x82";  // a cut UTF-8 sequence
  std::string text;
  ASSERT_NO_THROW(text = to_json(report, true));
  const Json json = Json::parse(text);  // valid UTF-8 JSON again
  const std::string out = json["tasks"][0]["stdout"];
  EXPECT_EQ(out.substr(0, 3), "ok ");
  EXPECT_NE(out.find("\xef\xbf\xbd"), std::string::npos);  // U+FFFD stands in
  EXPECT_NE(out.find(std::string("\x00\x01\x1b[31m\n", 8)), std::string::npos)
      << "control characters are valid JSON escapes and are kept";
}

TEST(JsonReportTest, EndsWithANewline) {
  EXPECT_THAT(to_json(spec_list_report(), false), EndsWith("}\n"));
}

TEST(JsonReportTest, EveryReportsRunsInSpecOrder) {
  const OrderedJson json = OrderedJson::parse(to_json(every_report(), true));
  EXPECT_THAT(keys_of(json),
              ElementsAre("tasker", "schema_version", "command", "started_at", "hostname",
                          "command_line", "fired", "exit_code", "duration_ms", "interval_ms", "now",
                          "end_reason", "skipped_ticks", "max_lateness_ms", "interrupted",
                          "capture_limit", "runs_omitted", "runs"));
  EXPECT_FALSE(json.contains("tasks"));
  EXPECT_FALSE(json.contains("options"));
  EXPECT_EQ(json["command"], "every");
  EXPECT_EQ(json["fired"], "callback");
  EXPECT_EQ(json["interval_ms"], 1000.0);
  EXPECT_EQ(json["now"], true);
  EXPECT_EQ(json["end_reason"], "count");
  EXPECT_EQ(json["skipped_ticks"], 1);
  EXPECT_DOUBLE_EQ(json["max_lateness_ms"].get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(json["duration_ms"].get<double>(), 3400.0);

  ASSERT_EQ(json["runs"].size(), 3U);
  const OrderedJson& third = json["runs"][2];
  EXPECT_THAT(keys_of(third),
              ElementsAre("n", "tick", "skipped_before", "scheduled_ms", "started_ms",
                          "duration_ms", "state", "exit_code", "signal", "core_dumped", "status",
                          "stdout", "stderr", "stdout_truncated_bytes", "stderr_truncated_bytes"));
  EXPECT_EQ(third["n"], 3);
  EXPECT_EQ(third["tick"], 3);
  EXPECT_EQ(third["skipped_before"], 1);
  EXPECT_EQ(third["scheduled_ms"], 3000.0);
  EXPECT_DOUBLE_EQ(third["started_ms"].get<double>(), 3000.1);
  EXPECT_EQ(third["state"], "succeeded");
  EXPECT_EQ(third["exit_code"], 0);
  EXPECT_EQ(third["signal"], nullptr);
}

TEST(JsonReportTest, EverySaysHowManyOfTheOldestRunsItLeftOut) {
  RunReport report = every_report();
  EXPECT_EQ(Json::parse(to_json(report, false))["runs_omitted"], 0);
  report.every->runs_omitted = 12345;
  EXPECT_EQ(Json::parse(to_json(report, false))["runs_omitted"], 12345);
}

TEST(JsonReportTest, EveryFailureIsAnErrback) {
  RunReport report = every_report();
  TaskReport& last = report.tasks.back();
  last.state = TaskState::failed;
  last.signal = 9;
  last.exit_code.reset();
  last.status = 137;
  report.fired = Fired::errback;
  report.exit_code = 137;
  report.every->end_reason = EndReason::failure;

  const Json json = Json::parse(to_json(report, false));
  EXPECT_EQ(json["fired"], "errback");
  EXPECT_EQ(json["exit_code"], 137);
  EXPECT_EQ(json["end_reason"], "failure");
  EXPECT_EQ(json["runs"][2]["signal"], 9);
  EXPECT_EQ(json["runs"][2]["status"], 137);
  EXPECT_FALSE(json["runs"][2].contains("stdout"));
}

TEST(JsonReportTest, SaysWhenATaskOrARunDumpedCore) {
  RunReport list = spec_list_report();
  list.tasks[0].signal = 11;
  list.tasks[0].core_dumped = true;
  const Json tasks = Json::parse(to_json(list, false))["tasks"];
  EXPECT_EQ(tasks[0]["core_dumped"], true);
  EXPECT_EQ(tasks[1]["core_dumped"], false);

  RunReport every = every_report();
  every.tasks.back().signal = 6;
  every.tasks.back().core_dumped = true;
  const Json runs = Json::parse(to_json(every, false))["runs"];
  EXPECT_EQ(runs[0]["core_dumped"], false);
  EXPECT_EQ(runs[2]["core_dumped"], true);
}

}  // namespace
}  // namespace tasker::cli
