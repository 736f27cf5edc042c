// The grammar of `tasker chain` (docs/behaviour.md "Chain grammar"), from CMD on, on its own: every
// step kind, options bound to the step before them, the `--flag=value` form, and every malformed
// command line as one exact "chain: ..." line.

#include "cli/commands/chain_arguments.hpp"

#include "cli/usage_error.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace tasker::cli {
namespace {

using namespace std::chrono_literals;
using spec::Level;

spec::Task parse(const std::vector<std::string>& words,
                 std::optional<Duration> grace = std::nullopt) {
  return parse_chain_arguments(words, grace);
}

// The message parse() fails with, or "parsed" when it does not fail.
std::string error_of(const std::vector<std::string>& words) {
  try {
    static_cast<void>(parse(words));
    return "parsed";
  } catch (const UsageError& e) {
    return e.what();
  }
}

const spec::Task& task_of(const spec::Use& use) {
  return *std::get<std::shared_ptr<const spec::Task>>(use);
}

const std::string& command_of(const spec::Use& use) {
  return task_of(use).body.command;
}

TEST(ChainArguments, CmdAloneIsATaskRunningIt) {
  const spec::Task chain = parse({"make check"});
  EXPECT_EQ(chain.body.kind, spec::Body::Kind::run);
  EXPECT_EQ(chain.body.command, "make check");
  EXPECT_TRUE(chain.levels.empty());
  EXPECT_TRUE(chain.needs.empty());
  EXPECT_EQ(chain.name, std::nullopt);
  EXPECT_EQ(chain.extras().label, std::nullopt);
  EXPECT_EQ(chain.timeout, std::nullopt);
  EXPECT_EQ(chain.retries, 0u);
  EXPECT_EQ(chain.extras().grace, std::nullopt);
  EXPECT_FALSE(chain.extras().every || chain.extras().delay);
}

TEST(ChainArguments, EveryStepKindBecomesALevelInCommandLineOrder) {
  const spec::Task chain =
      parse({"make", "--then", "make install", "--catch", "notify", "--both", "log", "--finally",
             "rm -rf tmp", "--callbacks", "echo ok", "echo failed", "--then", "again"});
  ASSERT_EQ(chain.levels.size(), 6u);
  const std::vector<std::pair<Level::Kind, std::string>> expected{
      {Level::Kind::then, "make install"}, {Level::Kind::catch_, "notify"},
      {Level::Kind::both, "log"},          {Level::Kind::finally, "rm -rf tmp"},
      {Level::Kind::callbacks, "echo ok"}, {Level::Kind::then, "again"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Level& level = chain.levels[i];
    EXPECT_EQ(level.kind, expected[i].first) << i;
    EXPECT_EQ(command_of(level.step), expected[i].second) << i;
    EXPECT_EQ(task_of(level.step).body.kind, spec::Body::Kind::run) << i;
    EXPECT_EQ(level.errback != nullptr, level.kind == Level::Kind::callbacks) << i;
    EXPECT_FALSE(level.trap) << i;
  }
  EXPECT_EQ(command_of(*chain.levels[4].errback), "echo failed");
}

TEST(ChainArguments, OptionsApplyToTheStepBeforeThem) {
  const spec::Task chain =
      parse({"make", "--timeout", "5m", "--name", "build", "--then", "deploy", "--retries", "3",
             "--retry-delay", "1.5s", "--catch", "notify", "--trap", "1,timeout", "--name", "alert",
             "--finally", "cleanup"});
  EXPECT_EQ(chain.timeout, 5min);
  EXPECT_EQ(chain.extras().label, "build");
  EXPECT_EQ(chain.retries, 0u);
  ASSERT_EQ(chain.levels.size(), 3u);

  const spec::Task& deploy = task_of(chain.levels[0].step);
  EXPECT_EQ(deploy.retries, 3u);
  EXPECT_EQ(deploy.retry_delay, 1500ms);
  EXPECT_EQ(deploy.timeout, std::nullopt);
  EXPECT_EQ(deploy.extras().label, std::nullopt);

  const Level& notify = chain.levels[1];
  ASSERT_TRUE(notify.trap);
  EXPECT_TRUE(notify.trap->matches(1));
  EXPECT_TRUE(notify.trap->matches(124));
  EXPECT_FALSE(notify.trap->matches(2));
  EXPECT_EQ(task_of(notify.step).extras().label, "alert");

  const spec::Task& cleanup = task_of(chain.levels[2].step);
  EXPECT_EQ(cleanup.extras().label, std::nullopt);
  EXPECT_EQ(cleanup.retries, 0u);
  EXPECT_EQ(cleanup.retry_delay, Duration::zero());
}

TEST(ChainArguments, OptionsOfACallbacksLevelApplyToBothCommands) {
  const spec::Task chain =
      parse({"make", "--callbacks", "on-ok", "on-fail", "--timeout", "10s", "--name", "report"});
  ASSERT_EQ(chain.levels.size(), 1u);
  for (const spec::Use& use : {chain.levels[0].step, *chain.levels[0].errback}) {
    EXPECT_EQ(task_of(use).timeout, 10s);
    EXPECT_EQ(task_of(use).extras().label, "report");
  }
}

TEST(ChainArguments, EveryFlagTakesItsValueAfterAnEqualsSign) {
  const spec::Task chain = parse({"make", "--timeout=1s", "--name=-build-", "--then=--x",
                                  "--retries=2", "--retry-delay=250ms", "--catch=-y", "--trap=3-5",
                                  "--both=a=b", "--finally=c", "--callbacks=--cb", "eb"});
  EXPECT_EQ(chain.timeout, 1s);
  EXPECT_EQ(chain.extras().label, "-build-");
  ASSERT_EQ(chain.levels.size(), 5u);
  EXPECT_EQ(command_of(chain.levels[0].step), "--x");
  EXPECT_EQ(task_of(chain.levels[0].step).retries, 2u);
  EXPECT_EQ(task_of(chain.levels[0].step).retry_delay, 250ms);
  EXPECT_EQ(command_of(chain.levels[1].step), "-y");
  EXPECT_TRUE(chain.levels[1].trap->matches(4));
  EXPECT_EQ(command_of(chain.levels[2].step), "a=b");  // only the first '=' splits
  EXPECT_EQ(command_of(chain.levels[3].step), "c");
  EXPECT_EQ(command_of(chain.levels[4].step), "--cb");
  EXPECT_EQ(command_of(*chain.levels[4].errback), "eb");
}

TEST(ChainArguments, AStepsCommandMayHoldDashesAfterItsFirstCharacter) {
  const spec::Task chain = parse({"ls -l", "--then", "grep -v x", "--name", "a-b"});
  EXPECT_EQ(chain.body.command, "ls -l");
  EXPECT_EQ(command_of(chain.levels[0].step), "grep -v x");
  EXPECT_EQ(task_of(chain.levels[0].step).extras().label, "a-b");
}

TEST(ChainArguments, GraceGoesOnEveryTask) {
  const spec::Task chain = parse({"a", "--then", "b", "--callbacks", "c", "d"}, 3s);
  EXPECT_EQ(chain.extras().grace, 3s);
  EXPECT_EQ(task_of(chain.levels[0].step).extras().grace, 3s);
  EXPECT_EQ(task_of(chain.levels[1].step).extras().grace, 3s);
  EXPECT_EQ(task_of(*chain.levels[1].errback).extras().grace, 3s);
}

TEST(ChainArguments, RetriesAreDecimalDigits) {
  EXPECT_EQ(parse({"a", "--retries", "010"}).retries, 10u);
  EXPECT_EQ(parse({"a", "--retries", "0"}).retries, 0u);
  EXPECT_EQ(parse({"a", "--retries", "1000000"}).retries, 1'000'000u);
  for (const char* bad :
       {"0x10", "-1", "+1", "", " 1", "1.0", "1e3", "1000001", "99999999999999999999", "ten"}) {
    EXPECT_EQ(error_of({"a", "--retries=" + std::string(bad)}),
              "chain: --retries: '" + std::string(bad) +
                  "' is not a number from 0 to 1000000 (decimal digits)");
  }
}

struct BadChain {
  std::vector<std::string> words;
  std::string message;
};

class BadChains : public ::testing::TestWithParam<BadChain> {};

TEST_P(BadChains, AreOneExactLine) {
  EXPECT_EQ(error_of(GetParam().words), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    ChainArguments, BadChains,
    ::testing::Values(
        BadChain{{}, "chain: no command: give CMD, e.g. tasker chain 'make' --then 'make install'"},
        BadChain{{"make", "test"},
                 "chain: unexpected 'test' after CMD 'make': a command is one word (quote it)"},
        BadChain{{"a", "--then", "b", "c"},
                 "chain: unexpected 'c' after --then 'b': a command is one word (quote it)"},
        BadChain{{"--then", "b"},
                 "chain: --then comes before CMD: give the command first (only global options "
                 "come before it)"},
        BadChain{{"--timeout=1s", "a"},
                 "chain: --timeout comes before CMD: give the command first (only global "
                 "options come before it)"},
        BadChain{{"-x"}, "chain: '-x' is not a global option, and CMD cannot start with '-'"},
        BadChain{{"--", "a"}, "chain: '--' is not a global option, and CMD cannot start with '-'"},
        BadChain{{"a", "--bogus"},
                 "chain: unknown option '--bogus': a step takes --timeout, --retries, "
                 "--retry-delay, --name and --trap; global options go before CMD"},
        BadChain{{"a", "--json"},
                 "chain: unknown option '--json': a step takes --timeout, --retries, "
                 "--retry-delay, --name and --trap; global options go before CMD"},
        BadChain{{"a", "--thne", "b"}, "chain: unknown option '--thne' (did you mean --then?)"},
        BadChain{{"a", "--retry_delay=1s"},
                 "chain: unknown option '--retry_delay' (did you mean --retry-delay?)"},
        BadChain{{"a", "-"},
                 "chain: unknown option '-': a step takes --timeout, --retries, --retry-delay, "
                 "--name and --trap; global options go before CMD"},
        BadChain{{"a", "--then"}, "chain: --then needs a command"},
        BadChain{{"a", "--then", "--catch", "b"},
                 "chain: --then needs a command, got '--catch' (write --then=--catch for a value "
                 "starting with '-')"},
        BadChain{{"a", "--finally", "-x"},
                 "chain: --finally needs a command, got '-x' (write --finally=-x for a value "
                 "starting with '-')"},
        BadChain{{"a", "--callbacks"}, "chain: --callbacks needs two commands, CB and EB"},
        BadChain{{"a", "--callbacks", "cb"}, "chain: --callbacks needs two commands, CB and EB"},
        BadChain{{"a", "--callbacks=cb"}, "chain: --callbacks needs two commands, CB and EB"},
        BadChain{{"a", "--callbacks", "cb", "--then", "x"},
                 "chain: --callbacks needs two commands, CB and EB, got '--then' (write "
                 "--callbacks=--then for a value starting with '-')"},
        BadChain{{""}, "chain: CMD: the command is empty"},
        BadChain{{" \t"}, "chain: CMD: the command is empty"},
        BadChain{{"a", "--then", ""}, "chain: --then: the command is empty"},
        BadChain{{"a", "--then="}, "chain: --then: the command is empty"},
        BadChain{{"a", "--callbacks", "cb", "\n"}, "chain: --callbacks: the command is empty"},
        BadChain{{"a", "--timeout"}, "chain: --timeout needs a duration"},
        BadChain{{"a", "--timeout", "--then", "b"},
                 "chain: --timeout needs a duration, got '--then' (write --timeout=--then for a "
                 "value starting with '-')"},
        BadChain{{"a", "--timeout", "abc"},
                 "chain: --timeout: invalid duration 'abc': expected a number with a unit "
                 "(250ms, 10s, 1.5s, 2m, 1h30m, 1d)"},
        BadChain{{"a", "--then", "b", "--retry-delay", "-1s"},
                 "chain: --retry-delay: invalid duration '-1s': durations cannot be negative"},
        BadChain{{"a", "--timeout", "1s", "--timeout", "2s"},
                 "chain: --timeout given twice for CMD 'a'"},
        BadChain{{"a", "--then", "b", "--retries", "1", "--retries=2"},
                 "chain: --retries given twice for --then 'b'"},
        BadChain{{"a", "--name", "x", "--name", "y"}, "chain: --name given twice for CMD 'a'"},
        BadChain{{"a", "--name", "x", "--then", "b", "--name", "x"},
                 "chain: --name 'x' is given to two steps"},
        BadChain{{"a", "--name", " "}, "chain: --name: the name is empty"},
        BadChain{{"a", "--name=a\nb"}, "chain: --name: 'a\\nb' holds a control character"},
        BadChain{{"a", "--name", "-x"},
                 "chain: --name needs a name, got '-x' (write --name=-x for a value starting "
                 "with '-')"},
        BadChain{{"a", "--trap", "1"},
                 "chain: --trap applies only to a --catch step, not to CMD 'a'"},
        BadChain{{"a", "--then", "b", "--trap", "1"},
                 "chain: --trap applies only to a --catch step, not to --then 'b'"},
        BadChain{{"a", "--callbacks", "b", "c", "--trap", "1"},
                 "chain: --trap applies only to a --catch step, not to --callbacks 'b'"},
        BadChain{{"a", "--catch", "b", "--trap", "1", "--trap", "2"},
                 "chain: --trap given twice for --catch 'b'"},
        BadChain{{"a", "--catch", "b", "--trap", "1,x"},
                 "chain: --trap: 'x' is not a status (1-255), a range a-b, 'timeout' or 'signal'"},
        BadChain{{"a", "--catch", "b", "--trap", ""},
                 "chain: --trap: '' is not a status (1-255), a range a-b, 'timeout' or 'signal'"},
        BadChain{{"a", "--catch", "b", "--trap"}, "chain: --trap needs a list of statuses"}));

}  // namespace
}  // namespace tasker::cli
