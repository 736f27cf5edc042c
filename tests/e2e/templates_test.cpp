// One command template over many inputs (docs/behaviour.md "Many inputs"): hostile inputs stay
// data, the cross product and --link, {#} and {%}, --args from a slow pipe, task names, and the
// bad input that is a usage error (status 2, one line, nothing run).
// tests/share/templates_vs_parallel_test.sh checks the commands against GNU parallel's.

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace tasker::testing {
namespace {

class Templates : public ::testing::Test {
 protected:
  ScratchDir dir;
};

TEST_F(Templates, HostileInputsAreOneWordEachAndNeverCode) {
  const std::string pwned = dir.file("pwned");
  const TaskerResult r = run_tasker(
      {"-q", "--output", "raw", "gather", "-j", "1", "printf '[%s]\\n' {}", ":::", "a b",
       "$(touch " + pwned + ")", "x; touch " + pwned, "`touch " + pwned + "`", "it's", "", "-n"},
      dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[a b]\n[$(touch " + pwned + ")]\n[x; touch " + pwned + "]\n[`touch " + pwned +
                       "`]\n[it's]\n[]\n[-n]\n");
  EXPECT_FALSE(std::filesystem::exists(pwned));
}

TEST_F(Templates, CrossProductTurnsTheLastSourceFastest) {
  write_file(dir.file("colours"), "red\n\nblue\n");
  const TaskerResult r =
      run_tasker({"-q", "--output", "raw", "gather", "-j", "1", "echo {1}-{2}-{3}", "--args",
                  dir.file("colours"), ":::", "a", "b", ":::", "1", "2"},
                 dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "red-a-1\nred-a-2\nred-b-1\nred-b-2\n-a-1\n-a-2\n-b-1\n-b-2\n"
            "blue-a-1\nblue-a-2\nblue-b-1\nblue-b-2\n");
}

TEST_F(Templates, LinkPairsTheSourcesOneToOne) {
  const TaskerResult r = run_tasker({"-q", "--output", "raw", "gather", "-j", "1", "--link",
                                     "echo {1}={2}", "--args", "-", ":::", "x", "y"},
                                    dir, "a\nb\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "a=x\nb=y\n");
}

TEST_F(Templates, WithoutPlaceholderTheInputsAreAppended) {
  const TaskerResult r = run_tasker(
      {"-q", "--output", "raw", "gather", "-j", "1", "printf '<%s>'", ":::", "a b", "c"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "<a b><c>");
}

TEST_F(Templates, NumberCountsFromOneAndSlotStaysWithinJobs) {
  const TaskerResult r = run_tasker(
      {"-q", "--output", "raw", "gather", "-j", "3", "sleep 0.0{#}; echo {#} {%}", "--args", "-"},
      dir, "a\nb\nc\nd\ne\nf\ng\nh\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::set<int> numbers;
  std::istringstream lines(r.out);
  int number = 0;
  int slot = 0;
  while (lines >> number >> slot) {
    numbers.insert(number);
    EXPECT_GE(slot, 1);
    EXPECT_LE(slot, 3);
  }
  EXPECT_EQ(numbers, (std::set<int>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST_F(Templates, TasksAreNamedByTheirInput) {
  const TaskerResult r =
      run_tasker({"--json", "gather", "echo {}", ":::", "alpha", "b c", ""}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json report = nlohmann::json::parse(r.out);
  ASSERT_EQ(report["tasks"].size(), 3u);
  EXPECT_EQ(report["tasks"][0]["name"], "alpha");
  EXPECT_EQ(report["tasks"][0]["command"], "echo alpha");
  EXPECT_EQ(report["tasks"][1]["name"], "b c");
  EXPECT_EQ(report["tasks"][1]["command"], "echo 'b c'");
  EXPECT_EQ(report["tasks"][2]["name"], "#2");  // an empty input still names its task
}

// The producer writes one input, waits 3 s, writes another: the first task's output is out long
// before the producer is done.
TEST_F(Templates, SlowProducerFirstInputRunsAtOnce) {
  SpawnedProcess tasker({"/bin/sh", "-c",
                         "{ echo first; sleep 3; echo second; } | \"$0\" -q --output raw gather "
                         "'echo got {}' --args -",
                         TASKER_BINARY},
                        dir);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(tasker.read_line(), "got first\n");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
  EXPECT_EQ(tasker.read_line(), "got second\n");
  EXPECT_EQ(tasker.wait().exit_code, 0);
}

// A pipe's length is known only at its end: --link with a longer stream is found there, after
// the tasks before it ran; it is still bad input, said in one line.
TEST_F(Templates, LinkWithALongerStreamEndsAsBadInput) {
  SpawnedProcess tasker(
      {"/bin/sh", "-c",
       "printf 'a\\nb\\nc\\n' | \"$0\" -q --output raw gather -j 1 --link 'echo {1}{2}' "
       "--args - ::: x y",
       TASKER_BINARY},
      dir, SpawnedProcess::Options{SpawnedProcess::Stdout::file, std::nullopt, std::nullopt});
  const TaskerResult r = tasker.wait();
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "ax\nby\n");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("--link"), std::string::npos) << r.err;
}

struct BadTemplate {
  std::vector<std::string> args;
  std::string mentions;  // the message must name the problem
  std::string stdin_text = "";
};

class TemplateUsageErrors : public ::testing::TestWithParam<BadTemplate> {};

// "MARK" in a word becomes a command that leaves a file behind: if it runs, the test sees it.
TEST_P(TemplateUsageErrors, OneLineStatusTwoNothingRun) {
  ScratchDir dir;
  write_file(dir.file("two"), "a\nb\n");
  write_file(dir.file("three"), "a\nb\nc\n");
  write_file(dir.file("empty"), "");
  write_file(dir.file("nul"), std::string("a\0b\n", 4));
  std::filesystem::create_directory(dir.file("a-directory"));
  std::vector<std::string> args;
  for (std::string arg : GetParam().args) {
    if (const std::size_t mark = arg.find("MARK"); mark != std::string::npos)
      arg.replace(mark, 4, "touch " + dir.file("ran") + " ");
    for (const char* file : {"two", "three", "empty", "nul", "a-directory", "missing"}) {
      if (arg == file)
        arg = dir.file(file);
    }
    args.push_back(arg);
  }
  const TaskerResult r = run_tasker(args, dir, GetParam().stdin_text);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
  EXPECT_EQ(r.err.rfind("tasker: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(GetParam().mentions), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("ran")));
}

INSTANTIATE_TEST_SUITE_P(
    Templates, TemplateUsageErrors,
    ::testing::Values(
        BadTemplate{{"gather", "MARK", ":::"}, "::: has no values"},
        BadTemplate{{"gather", "MARK", ":::", "a", ":::"}, "::: has no values"},
        BadTemplate{{"list", "MARK {3}", ":::", "a", ":::", "b"},
                    "placeholder {3}: there are only 2"},
        BadTemplate{{"any", "MARK {0}", ":::", "a"}, "count from 1"},
        BadTemplate{{"gather", "--link", "MARK", ":::", "a", "b", ":::", "c"}, "--link"},
        BadTemplate{{"gather", "--link", "MARK", "--args", "two", "--args", "three"}, "--link"},
        BadTemplate{{"gather", "--link", "MARK"}, "--link"},
        BadTemplate{{"gather", "MARK", "echo x", ":::", "a"}, "one command template"},
        BadTemplate{{"gather", "MARK", "echo x", "--args", "two"}, "one command template"},
        BadTemplate{{"gather", ":::", "a"}, "no command template"},
        BadTemplate{{"gather", "MARK", "-j", "2", ":::", "a"}, "options go before it"},
        BadTemplate{{"gather", "MARK", "--args", "missing"}, "missing"},
        BadTemplate{{"gather", "MARK", "--args", "a-directory"}, "directory"},
        BadTemplate{{"gather", "MARK", "--args", "empty"}, "empty"},
        BadTemplate{{"gather", "MARK", "--args", "nul"}, "NUL"},
        BadTemplate{{"gather", "MARK", "--args", "-", "--args", "-"}, "twice", "a\n"},
        BadTemplate{{"gather", "--names", "x,y", "MARK", "--args", "-"}, "--names", "a\nb\n"},
        BadTemplate{{"gather", "--names", "x", "MARK", ":::", "a", "b"}, "--names"},
        BadTemplate{{"gather", "--from", "two", "MARK", ":::", "a"}, "--from"},
        BadTemplate{{"gather", "MARK", "--args", "-"}, "stdin is empty", ""},
        BadTemplate{{"gather", "--link", "MARK", "--args", "-", ":::", "a"}, "--link", "x\ny\n"}));

}  // namespace
}  // namespace tasker::testing
