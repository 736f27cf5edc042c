// Bad input (SPEC §3 status 2, §5): one line on stderr naming the problem,
// nothing on stdout, and nothing run — every task would create a marker file.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/run_tasker.hpp"

namespace tasker::testing {
namespace {

struct BadInvocation {
  std::vector<std::string> args;
  std::string mentions;  // the message must name the problem
};

class UsageErrors : public ::testing::TestWithParam<BadInvocation> {};

TEST_P(UsageErrors, OneLineStatusTwoNothingRun) {
  ScratchDir dir;
  write_file(dir.file("binary"), std::string("echo a\0b\n", 9));
  write_file(dir.file("empty"), "");
  std::filesystem::create_directory(dir.file("a-directory"));
  std::vector<std::string> args;
  for (const std::string& arg : GetParam().args) {
    args.push_back(arg == "MARK" ? "touch " + dir.file("ran") : arg);
  }
  const TaskerResult r = run_tasker(args, dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
  EXPECT_EQ(r.err.rfind("tasker: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(GetParam().mentions), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("ran")));
}

INSTANTIATE_TEST_SUITE_P(
    ParallelCommands, UsageErrors,
    ::testing::Values(
        BadInvocation{{"gather"}, "no command"},
        BadInvocation{{"list"}, "no command"},
        BadInvocation{{"any"}, "no command"},
        BadInvocation{{"gather", ""}, "empty"},
        BadInvocation{{"gather", "MARK", "   "}, "empty"},
        BadInvocation{{"gather", "--timeout", "abc", "MARK"}, "abc"},
        BadInvocation{{"gather", "--timeout", "-1s", "MARK"}, "-1s"},
        BadInvocation{{"gather", "--timeout", "nan", "MARK"}, "nan"},
        BadInvocation{{"gather", "--timeout", "99999999999999d", "MARK"}, "99999999999999d"},
        BadInvocation{{"gather", "--grace", "1x", "MARK"}, "1x"},
        BadInvocation{{"gather", "--retry-delay", "", "MARK"}, "retry-delay"},
        BadInvocation{{"gather", "-j", "-1", "MARK"}, "-1"},
        BadInvocation{{"gather", "-j", "abc", "MARK"}, "abc"},
        BadInvocation{{"gather", "-j", "99999999999999999999999", "MARK"}, "99999999999999999999999"},
        BadInvocation{{"gather", "--retries", "-2", "MARK"}, "-2"},
        BadInvocation{{"gather", "--bogus", "MARK"}, "--bogus"},
        BadInvocation{{"--output", "fancy", "gather", "MARK"}, "fancy"},
        BadInvocation{{"--color", "sometimes", "gather", "MARK"}, "sometimes"},
        BadInvocation{{"--stdin", "file", "gather", "MARK"}, "file"},
        BadInvocation{{"gather", "--on-fire", "later", "MARK"}, "later"},
        BadInvocation{{"gather", "--names", "a,b", "MARK"}, "--names"},
        BadInvocation{{"gather", "--names", "a,a", "MARK", "MARK"}, "a"},
        BadInvocation{{"gather", "--from", "/no/such/file", "MARK"}, "/no/such/file"},
        BadInvocation{{"gather", "--from", "a-directory", "MARK"}, "directory"},
        BadInvocation{{"gather", "--from", "binary", "MARK"}, "NUL"},
        BadInvocation{{"gather", "--from", "empty"}, "no command"},
        BadInvocation{{"gather", "--report", "/no/such/dir/r.json", "MARK"}, "/no/such/dir/r.json"},
        BadInvocation{{"gather", "--junit", "/no/such/dir/j.xml", "MARK"}, "/no/such/dir/j.xml"},
        BadInvocation{{"list", "--fire-on-one-errbak", "MARK"}, "--fire-on-one-errbak"},
        BadInvocation{{"gather", "--consume-errors=maybe", "MARK"}, "consume-errors"},
        BadInvocation{{"bogus-command", "MARK"}, "bogus-command"}));

INSTANTIATE_TEST_SUITE_P(
    PeriodicCommands, UsageErrors,
    ::testing::Values(
        BadInvocation{{"every"}, "interval"},
        BadInvocation{{"every", "10s"}, "no command"},
        BadInvocation{{"every", "10s", "--", " "}, "no command"},
        BadInvocation{{"every", "soon", "MARK"}, "soon"},
        BadInvocation{{"every", "-5s", "MARK"}, "-5s"},
        BadInvocation{{"every", "10s", "--count", "0", "MARK"}, "--count"},
        BadInvocation{{"every", "10s", "--count", "-1", "MARK"}, "-1"},
        BadInvocation{{"every", "10s", "--count", "1e99", "MARK"}, "1e99"},
        BadInvocation{{"every", "10s", "--for", "forever", "MARK"}, "forever"},
        BadInvocation{{"every", "10s", "--max-failures", "0", "MARK"}, "--max-failures"},
        BadInvocation{{"every", "10s", "--timeout", "inf", "MARK"}, "inf"},
        BadInvocation{{"every", "10s", "--report", "/no/such/dir/r.json", "MARK"}, "/no/such/dir"},
        BadInvocation{{"after"}, "delay"},
        BadInvocation{{"after", "5s"}, "no command"},
        BadInvocation{{"after", "5x", "MARK"}, "5x"},
        BadInvocation{{"after", "5s", "--grace", "-2s", "MARK"}, "-2s"}));

}  // namespace
}  // namespace tasker::testing
