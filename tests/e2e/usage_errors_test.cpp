// Bad input (docs/behaviour.md "Bad input", status 2): one line on stderr naming the problem,
// nothing on stdout, and nothing run — every task would create a marker file.

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace tasker::testing {
namespace {

struct BadInvocation {
  std::vector<std::string> args;
  std::string mentions;  // the message must name the problem
};

class UsageErrors : public ::testing::TestWithParam<BadInvocation> {};

// The --from files an invocation may name, made only when it names one (the
// 10 MB line is not written for every row).
void make_fixture(const ScratchDir& dir, const std::string& name) {
  if (name == "binary")
    write_file(dir.file(name), std::string("echo a\0b\n", 9));
  if (name == "elf") {
    // The start of an executable: bytes of every value, NULs, no newline for a while.
    std::string bytes(
        "\x7f"
        "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
        16);
    for (int i = 0; i < 4096; ++i) bytes += static_cast<char>(i * 7 % 256);
    write_file(dir.file(name), bytes);
  }
  if (name == "empty")
    write_file(dir.file(name), "");
  if (name == "comments-only")
    write_file(dir.file(name), "# nothing\n\n   \n\t# here\n");
  if (name == "two-commands")
    write_file(dir.file(name), "true\ntrue\n");
  // tasker's choice (README "Reliability"): a line longer than the kernel passes
  // to the shell (128 KiB) is a usage error, found before anything runs.
  if (name == "huge-line")
    write_file(dir.file(name), "echo " + std::string(10 << 20, 'x') + "\n");
  if (name == "a-directory")
    std::filesystem::create_directory(dir.file(name));
}

TEST_P(UsageErrors, OneLineStatusTwoNothingRun) {
  ScratchDir dir;
  std::vector<std::string> args;
  for (const std::string& arg : GetParam().args) {
    make_fixture(dir, arg);
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
        BadInvocation{{"gather"}, "no command"}, BadInvocation{{"list"}, "no command"},
        BadInvocation{{"any"}, "no command"}, BadInvocation{{"gather", ""}, "empty"},
        BadInvocation{{"gather", "MARK", "   "}, "empty"},
        BadInvocation{{"gather", "--timeout", "abc", "MARK"}, "abc"},
        BadInvocation{{"gather", "--timeout", "-1s", "MARK"}, "-1s"},
        BadInvocation{{"gather", "--timeout", "nan", "MARK"}, "nan"},
        BadInvocation{{"gather", "--timeout", "99999999999999d", "MARK"}, "99999999999999d"},
        BadInvocation{{"gather", "--grace", "1x", "MARK"}, "1x"},
        BadInvocation{{"gather", "--retry-delay", "", "MARK"}, "retry-delay"},
        BadInvocation{{"gather", "-j", "-1", "MARK"}, "-1"},
        BadInvocation{{"gather", "-j", "abc", "MARK"}, "abc"},
        BadInvocation{{"gather", "-j", "99999999999999999999999", "MARK"},
                      "99999999999999999999999"},
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

// docs/behaviour.md "Bad input": numbers that overflow, are negative or are not numbers,
// for every numeric option; unknown flags on every command; --from files that
// are binary, huge or empty; blank commands; --names that do not fit.
INSTANTIATE_TEST_SUITE_P(
    Hardening, UsageErrors,
    ::testing::Values(
        BadInvocation{{"gather", "-j", "nan", "MARK"}, "nan"},
        BadInvocation{{"gather", "-j", "1.5", "MARK"}, "1.5"},
        BadInvocation{{"gather", "--retries", "nan", "MARK"}, "nan"},
        BadInvocation{{"gather", "--retries", "4294967296", "MARK"},
                      "4294967296"},  // 2^32: not wrapped to 0
        BadInvocation{{"gather", "--retries", "99999999999999999999", "MARK"},
                      "99999999999999999999"},
        BadInvocation{{"every", "1s", "--count", "nan", "MARK"}, "nan"},
        BadInvocation{{"every", "1s", "--count", "99999999999999999999", "MARK"},
                      "99999999999999999999"},
        BadInvocation{{"every", "1s", "--max-failures", "-1", "MARK"}, "-1"},
        BadInvocation{{"every", "1s", "--max-failures", "nan", "MARK"}, "nan"},
        BadInvocation{{"every", "1s", "--max-failures", "99999999999999999999", "MARK"},
                      "99999999999999999999"},
        BadInvocation{{"--capture-limit", "0", "gather", "MARK"}, "--capture-limit"},
        BadInvocation{{"--capture-limit", "-1", "gather", "MARK"}, "-1"},
        BadInvocation{{"--capture-limit", "nan", "gather", "MARK"}, "nan"},
        BadInvocation{{"--capture-limit", "99999999999999999999", "gather", "MARK"},
                      "99999999999999999999"},
        BadInvocation{{"gather", "--timeout", std::string(100'000, '9'), "MARK"}, "too large"},
        BadInvocation{{"any", "--bogus", "MARK"}, "--bogus"},
        BadInvocation{{"every", "10s", "--bogus", "MARK"}, "--bogus"},
        BadInvocation{{"every", "--bogus", "10s", "MARK"}, "--bogus"},
        BadInvocation{{"after", "0", "--bogus", "MARK"}, "--bogus"},
        BadInvocation{{"after", "0", "-x", "MARK"}, "-x"},
        BadInvocation{{"--bogus", "gather", "MARK"}, "--bogus"},
        // An argument holding a newline must not make the message two lines.
        BadInvocation{{"gather", "--bo\ngus", "MARK"}, "--bo gus"},
        BadInvocation{{"gather", "--from", "no\nsuch", "MARK"}, "no such"},
        BadInvocation{{"gather", "--from", "elf", "MARK"}, "NUL"},
        BadInvocation{{"gather", "--from", "huge-line", "MARK"}, "longer than"},
        BadInvocation{{"list", "--from", "comments-only"}, "no command"},
        BadInvocation{{"any", "--from", "empty"}, "no command"},
        BadInvocation{{"list", "MARK", "\t"}, "empty"}, BadInvocation{{"any", "", "MARK"}, "empty"},
        BadInvocation{{"every", "0", "--count", "1", "--", ""}, "no command"},
        BadInvocation{{"after", "0", "--", " \t "}, "no command"},
        BadInvocation{{"gather", "--names", "a", "MARK", "MARK"}, "--names"},
        BadInvocation{{"gather", "--names", ",", "MARK", "MARK"}, "empty name"},
        BadInvocation{{"gather", "--names", "a,b", "--from", "two-commands", "MARK"}, "--names"}));

INSTANTIATE_TEST_SUITE_P(
    PeriodicCommands, UsageErrors,
    ::testing::Values(
        BadInvocation{{"every"}, "interval"}, BadInvocation{{"every", "10s"}, "no command"},
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
        BadInvocation{{"after"}, "delay"}, BadInvocation{{"after", "5s"}, "no command"},
        BadInvocation{{"after", "5x", "MARK"}, "5x"},
        BadInvocation{{"after", "5s", "--grace", "-2s", "MARK"}, "-2s"}));

// Every number is decimal, digits only: CLI11 alone reads `010` as eight and `0x10` as sixteen,
// and lets a sign or blanks through.
INSTANTIATE_TEST_SUITE_P(
    DecimalNumbers, UsageErrors,
    ::testing::Values(
        BadInvocation{{"gather", "-j", "0x10", "MARK"}, "--jobs: expected a decimal number"},
        BadInvocation{{"gather", "--jobs", "0X10", "MARK"}, "expected a decimal number"},
        BadInvocation{{"gather", "-j", " 5", "MARK"}, "expected a decimal number"},
        BadInvocation{{"gather", "-j", "5 ", "MARK"}, "expected a decimal number"},
        BadInvocation{{"gather", "-j", "+5", "MARK"}, "expected a decimal number"},
        BadInvocation{{"gather", "--retries", "0x1", "MARK"}, "--retries: expected a decimal"},
        BadInvocation{{"list", "--retries", "0b1", "MARK"}, "expected a decimal number"},
        BadInvocation{{"every", "0", "--count", "0x10", "MARK"}, "--count: expected a decimal"},
        BadInvocation{{"every", "0", "--count", "0o10", "MARK"}, "expected a decimal number"},
        BadInvocation{{"every", "0", "--count", "0b1", "MARK"}, "expected a decimal number"},
        BadInvocation{{"every", "0", "--count", "+3", "MARK"}, "expected a decimal number"},
        BadInvocation{{"every", "0", "--keep-going", "--max-failures", "0x2", "MARK"},
                      "--max-failures: expected a decimal"},
        BadInvocation{{"--capture-limit", "0x100", "gather", "MARK"},
                      "--capture-limit: expected a decimal"}));

// A timeout of 0 would time every task out at once: it is a mistake, not a limit.
INSTANTIATE_TEST_SUITE_P(
    ZeroTimeout, UsageErrors,
    ::testing::Values(BadInvocation{{"gather", "--timeout", "0", "MARK"}, "--timeout"},
                      BadInvocation{{"list", "--timeout", "0s", "MARK"}, "more than 0"},
                      BadInvocation{{"any", "--timeout", "0ms", "MARK"}, "more than 0"},
                      BadInvocation{{"every", "1s", "--count", "1", "--timeout", "0", "MARK"},
                                    "more than 0"},
                      BadInvocation{{"after", "0", "--timeout", "0s", "MARK"}, "more than 0"}));

// Leading zeros are decimal too: `--count 010` is ten runs, not eight, and `08` is eight.
TEST(DecimalNumbers, LeadingZerosAreDecimal) {
  ScratchDir dir;
  const auto runs = [&dir](const std::string& count) {
    const TaskerResult r = run_tasker(
        {"--report", "r.json", "-q", "every", "0", "--count", count, "--", "echo", "x"}, dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return std::count(r.out.begin(), r.out.end(), '\n');
  };
  EXPECT_EQ(runs("010"), 10);
  EXPECT_EQ(runs("08"), 8);
  EXPECT_EQ(runs("0009"), 9);
  const TaskerResult r = run_tasker(
      {"--report", "r.json", "-q", "gather", "-j", "010", "--retries", "02", "exit 1"}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const nlohmann::json report = nlohmann::json::parse(read_file(dir.file("r.json")));
  EXPECT_EQ(report["options"]["jobs"], 10);
  EXPECT_EQ(report["tasks"][0]["attempts"], 3);
}

// docs/behaviour.md "Chain grammar": the grammar of `tasker chain`. MARK as CMD or a step would
// leave a file behind if anything ran.
INSTANTIATE_TEST_SUITE_P(
    ChainCommand, UsageErrors,
    ::testing::Values(
        BadInvocation{{"chain"}, "no command"}, BadInvocation{{"--json", "chain"}, "no command"},
        BadInvocation{{"chain", "MARK", "MARK"}, "a command is one word"},
        BadInvocation{{"chain", "--then", "MARK"}, "--then comes before CMD"},
        BadInvocation{{"chain", "--timeout", "1s", "MARK"}, "--timeout comes before CMD"},
        BadInvocation{{"chain", "-x", "MARK"}, "CMD cannot start with '-'"},
        BadInvocation{{"chain", "MARK", "--bogus"}, "unknown option '--bogus'"},
        BadInvocation{{"chain", "MARK", "--thne", "MARK"}, "did you mean --then?"},
        BadInvocation{{"chain", "MARK", "--json"}, "unknown option '--json'"},
        BadInvocation{{"chain", "MARK", "--grace", "1s"}, "unknown option '--grace'"},
        BadInvocation{{"chain", "MARK", "--then"}, "--then needs a command"},
        BadInvocation{{"chain", "MARK", "--then", "--catch", "MARK"}, "got '--catch'"},
        BadInvocation{{"chain", "MARK", "--callbacks", "MARK"}, "two commands, CB and EB"},
        BadInvocation{{"chain", ""}, "the command is empty"},
        BadInvocation{{"chain", "MARK", "--finally", " "}, "the command is empty"},
        BadInvocation{{"chain", "MARK", "--timeout", "abc"}, "abc"},
        BadInvocation{{"chain", "MARK", "--then", "MARK", "--retry-delay", "-1s"}, "-1s"},
        BadInvocation{{"chain", "--grace", "1x", "MARK"}, "1x"},
        BadInvocation{{"chain", "MARK", "--retries", "0x10"}, "'0x10' is not a number"},
        BadInvocation{{"chain", "MARK", "--retries", "-1"}, "'-1' is not a number"},
        BadInvocation{{"chain", "MARK", "--trap", "1"}, "--trap applies only to a --catch"},
        BadInvocation{{"chain", "MARK", "--catch", "MARK", "--trap", "1", "--trap", "2"},
                      "--trap given twice"},
        BadInvocation{{"chain", "MARK", "--catch", "MARK", "--trap", "1,x"}, "'x' is not a status"},
        BadInvocation{{"chain", "MARK", "--name", "a", "--then", "MARK", "--name", "a"},
                      "given to two steps"},
        BadInvocation{{"chain", "MARK", "--timeout", "1s", "--timeout", "2s"}, "given twice"}));

}  // namespace
}  // namespace tasker::testing
