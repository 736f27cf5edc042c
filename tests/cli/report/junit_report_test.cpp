#include "cli/report/junit_report.hpp"

#include "tests/support/sample_reports.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <string>

namespace tasker::cli {
namespace {

using samples::every_report;
using samples::make_task;
using samples::spec_list_report;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST(XmlEscapeTest, EscapesMarkupCharacters) {
  EXPECT_EQ(xml_escape(R"(a & b < c > d "e" 'f')"),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
}

TEST(XmlEscapeTest, KeepsWhitespaceInAttributesAsReferences) {
  EXPECT_EQ(xml_escape("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
}

TEST(XmlEscapeTest, ShowsForbiddenControlCharactersAsText) {
  EXPECT_EQ(xml_escape(std::string("\x1b[31mred\x00\x07\x7f", 11)), "\\x1b[31mred\\x00\\x07\x7f");
}

TEST(XmlEscapeTest, ReplacesBytesThatAreNotUtf8) {
  constexpr const char* kFffd = "\xef\xbf\xbd";
  EXPECT_EQ(xml_escape("caf\xc3\xa9 \xe2\x9c\x94 \xf0\x9f\x98\x80"),
            "caf\xc3\xa9 \xe2\x9c\x94 \xf0\x9f\x98\x80");  // valid UTF-8 passes through
  EXPECT_EQ(xml_escape("\xff"), kFffd);
  EXPECT_EQ(xml_escape("\xc3("), std::string(kFffd) + "(");                   // cut sequence
  EXPECT_EQ(xml_escape("\xc0\xaf"), std::string(kFffd) + kFffd);              // overlong '/'
  EXPECT_EQ(xml_escape("\xed\xa0\x80"), std::string(kFffd) + kFffd + kFffd);  // surrogate
  EXPECT_EQ(xml_escape("\xef\xbf\xbe"), kFffd);                               // U+FFFE
  EXPECT_EQ(xml_escape("\xf4\x90\x80\x80").substr(0, 3), kFffd);              // past U+10FFFF
}

TEST(JunitReportTest, OneSuiteWithCountsAndOneCasePerTask) {
  RunReport report = spec_list_report();
  report.tasks.push_back(make_task(2, "true", TaskState::succeeded));
  report.tasks.push_back(make_task(3, "make docs", TaskState::not_started));
  const std::string xml = to_junit_xml(report);

  EXPECT_THAT(xml, StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
  report.started_at = "2026-12-05T19:01:06.831Z";
  report.hostname = "ci-runner-7";
  const std::string with_time = to_junit_xml(report);
  EXPECT_THAT(with_time, HasSubstr("<testsuite name=\"tasker list\" tests=\"4\" failures=\"1\" "
                                   "errors=\"0\" skipped=\"2\" time=\"1.022\" "
                                   "timestamp=\"2026-12-05T19:01:06.831\" "
                                   "hostname=\"ci-runner-7\">"));
  // The Jenkins JUnit schema has no skipped on testsuites.
  EXPECT_THAT(with_time, HasSubstr("<testsuites name=\"tasker\" tests=\"4\" failures=\"1\" "
                                   "errors=\"0\" time=\"1.022\">"));
  EXPECT_EQ(count_of(xml, "<testcase "), 4U);
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"#1\" classname=\"tasker.list\" time=\"1.003\">"));
  EXPECT_THAT(xml, HasSubstr("<property name=\"tasker.fired\" value=\"errback\"/>"));
  EXPECT_THAT(xml, HasSubstr("<property name=\"tasker.exit_code\" value=\"3\"/>"));
}

TEST(JunitReportTest, FailuresAndSkipsHaveTheirElements) {
  RunReport report = spec_list_report();
  TaskReport slow = make_task(2, "sleep 100", TaskState::timed_out);
  slow.status = 124;
  slow.error = "timed out after 5s";
  report.tasks.push_back(slow);
  report.tasks.push_back(make_task(3, "make docs", TaskState::not_started));
  const std::string xml = to_junit_xml(report);

  EXPECT_THAT(xml, HasSubstr("<failure message=\"exited with 3\" type=\"failed\">"
                             "#1 &apos;sleep 1; exit 3&apos;: exited with 3 (status 3)</failure>"));
  EXPECT_THAT(xml, HasSubstr("<failure message=\"timed out after 5s\" type=\"timed_out\">"));
  EXPECT_THAT(xml, HasSubstr("<skipped message=\"cancelled\"/>"));
  EXPECT_THAT(xml, HasSubstr("<skipped message=\"not started\"/>"));
  EXPECT_EQ(count_of(xml, "<failure "), 2U);
  EXPECT_EQ(count_of(xml, "<skipped "), 2U);
}

TEST(JunitReportTest, CapturedOutputGoesToSystemOutAndErr) {
  RunReport report = spec_list_report();
  report.tasks[1].stdout_capture = CapturedStream{"<b>bold</b> & done\n", 0};
  report.tasks[1].stderr_capture = CapturedStream{"last line\n", 1000};
  const std::string xml = to_junit_xml(report);

  EXPECT_THAT(xml, HasSubstr("<system-out>&lt;b&gt;bold&lt;/b&gt; &amp; done\n</system-out>"));
  EXPECT_THAT(xml, HasSubstr("<system-err>[tasker: 1000 earlier bytes dropped; the capture "
                             "keeps the last 65536]\nlast line\n</system-err>"));
  // Task #0 printed nothing: no empty elements.
  EXPECT_EQ(count_of(xml, "<system-out>"), 1U);
}

TEST(JunitReportTest, AFailureCarriesTheLastLinesOfItsStderr) {
  RunReport report = spec_list_report();
  std::string err;
  for (int i = 1; i <= 30; ++i) err += "line " + std::to_string(i) + "\n";
  report.tasks[1].stderr_capture = CapturedStream{err, 0};
  const std::string xml = to_junit_xml(report);
  const std::size_t failure = xml.find("<failure ");
  const std::string text = xml.substr(failure, xml.find("</failure>") - failure);
  EXPECT_THAT(text, HasSubstr("(status 3)\nline 11\n"));
  EXPECT_THAT(text, HasSubstr("line 30\n"));
  EXPECT_THAT(text, Not(HasSubstr("line 10\n")));
}

TEST(JunitReportTest, HostileNamesAndOutputStayWellFormed) {
  RunReport report = spec_list_report();
  report.command = CommandKind::gather;
  report.tasks[0].name = "a\"b<c>&'d\x01";
  report.tasks[1].stdout_capture = CapturedStream{"]]> \x1b[0m \xff </system-out>", 0};
  const std::string xml = to_junit_xml(report);

  EXPECT_THAT(xml, HasSubstr("name=\"a&quot;b&lt;c&gt;&amp;&apos;d\\x01\""));
  EXPECT_THAT(xml, HasSubstr("]]&gt; \\x1b[0m \xef\xbf\xbd &lt;/system-out&gt;</system-out>"));
  EXPECT_THAT(xml, Not(HasSubstr("\x1b")));
  EXPECT_THAT(xml, Not(HasSubstr("\xff")));
}

TEST(JunitReportTest, EveryHasOneCasePerRun) {
  RunReport report = every_report();
  report.tasks[1].state = TaskState::failed;
  report.tasks[1].exit_code = 1;
  report.tasks[1].status = 1;
  const std::string xml = to_junit_xml(report);

  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"tasker every\" tests=\"3\" failures=\"1\" "
                             "errors=\"0\" skipped=\"0\" time=\"3.400\" "));
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"#2\" classname=\"tasker.every\" time=\"1.500\">"));
  EXPECT_THAT(xml, HasSubstr("<property name=\"tasker.end_reason\" value=\"count\"/>"));
}

TEST(JunitReportTest, EveryStatesTheRunsLeftOut) {
  RunReport report = every_report();
  EXPECT_THAT(to_junit_xml(report), Not(HasSubstr("tasker.runs_omitted")));
  report.every->runs_omitted = 4000;
  EXPECT_THAT(to_junit_xml(report),
              HasSubstr("<property name=\"tasker.runs_omitted\" value=\"4000\"/>"));
}

TEST(JunitReportTest, StatesAnInterruption) {
  RunReport report = spec_list_report();
  report.interrupted_by = 15;
  EXPECT_THAT(to_junit_xml(report),
              HasSubstr("<property name=\"tasker.interrupted\" value=\"SIGTERM\"/>"));
}

// A real XML parser has the last word on well-formedness, where one is installed.
TEST(JunitReportTest, AnXmlParserAcceptsHostileContent) {
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 is not installed";
  }
  RunReport report = spec_list_report();
  report.tasks[0].name = "a\"b<c>&'d\x01\x02\x1f";
  report.tasks[0].command = "printf '\\033[1m'\r\n\t\xc3";
  std::string junk;
  for (int byte = 0; byte < 256; ++byte) junk += static_cast<char>(byte);
  report.tasks[1].stdout_capture = CapturedStream{junk + "]]>\xef\xbf\xbf", 3};
  report.tasks[1].stderr_capture = CapturedStream{"\xed\xa0\x80\xf4\x90\x80\x80", 0};

  char path[] = "/tmp/tasker_junit_XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  const std::string xml = to_junit_xml(report);
  ASSERT_EQ(::write(fd, xml.data(), xml.size()), static_cast<ssize_t>(xml.size()));
  ::close(fd);
  const std::string command = std::string(
                                  "python3 -c 'import sys, xml.etree.ElementTree as E; "
                                  "r = E.parse(sys.argv[1]).getroot(); "
                                  "assert len(r.findall(\"./testsuite/testcase\")) == 2' ") +
                              path;
  const int status = std::system(command.c_str());
  std::remove(path);
  EXPECT_EQ(status, 0) << xml;
}

}  // namespace
}  // namespace tasker::cli
