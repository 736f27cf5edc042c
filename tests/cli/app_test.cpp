#include "cli/app.hpp"

#include "core/status_numbers.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace tasker::cli {
namespace {

using ::testing::MatchesRegex;
using ::testing::StartsWith;

struct Result {
  int status;
  std::string out;
  std::string err;
};

Result run_with(std::vector<const char*> args) {
  args.insert(args.begin(), "tasker");
  std::ostringstream out;
  std::ostringstream err;
  const int status = run(static_cast<int>(args.size()), args.data(), out, err).status;
  return {status, out.str(), err.str()};
}

// docs/behaviour.md "Bad input": a usage error is status 2, nothing on stdout and one line on
// stderr.
void expect_usage_error(const Result& r) {
  EXPECT_EQ(r.status, status::kUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, MatchesRegex("tasker: [^\n]+\n"));
}

TEST(App, VersionPrintsNameAndVersion) {
  const Result r = run_with({"--version"});
  EXPECT_EQ(r.status, status::kSuccess);
  EXPECT_THAT(r.out, MatchesRegex("tasker [0-9]+\\.[0-9]+\\.[0-9]+\n"));
  EXPECT_EQ(r.err, "");
}

TEST(App, HelpGoesToStdout) {
  const Result r = run_with({"--help"});
  EXPECT_EQ(r.status, status::kSuccess);
  EXPECT_THAT(r.out, StartsWith("Run shell commands"));
  EXPECT_EQ(r.err, "");
}

// Subcommands not named on the command line are built only as far as --help
// needs: each is still listed with its description.
TEST(App, HelpListsEverySubcommandWithItsDescription) {
  const Result r = run_with({"--help"});
  for (const char* line :
       {"gather +Run every command; fail fast", "list +Run every command and report",
        "any +Run every command; succeed with the first", "every +Run a command every INTERVAL",
        "after +Run a command once after DELAY", "chain +Run CMD, then each step"}) {
    EXPECT_THAT(r.out, ::testing::ContainsRegex(std::string("\n  ") + line)) << r.out;
  }
}

// What holds for every command, said once for each: numbers, signals, Ctrl-Z.
TEST(App, HelpOfEveryCommandSaysNumbersAreDecimalAndHowSignalsAreHandled) {
  for (std::vector<const char*> args :
       {std::vector<const char*>{"--help"}, {"gather", "--help"}, {"every", "--help"}}) {
    const Result r = run_with(args);
    EXPECT_THAT(r.out, ::testing::HasSubstr("are decimal digits: 010 is ten")) << r.out;
    EXPECT_THAT(r.out, ::testing::HasSubstr("Ctrl-Z stops them with tasker")) << r.out;
    EXPECT_THAT(r.out, ::testing::HasSubstr("ignored when tasker starts (nohup")) << r.out;
  }
}

TEST(App, EachSubcommandsHelpShowsItsOwnOptions) {
  EXPECT_THAT(run_with({"gather", "--help"}).out, ::testing::HasSubstr("--consume-errors"));
  EXPECT_THAT(run_with({"list", "--help"}).out, ::testing::HasSubstr("--fire-on-one-errback"));
  EXPECT_THAT(run_with({"any", "--help"}).out, ::testing::HasSubstr("--on-fire"));
  EXPECT_THAT(run_with({"every", "--help"}).out, ::testing::HasSubstr("--until-success"));
  EXPECT_THAT(run_with({"after", "--help"}).out, ::testing::HasSubstr("DELAY"));
}

// Another subcommand's name as an option's value or a task's word does not
// stop the chosen subcommand from parsing.
TEST(App, OtherSubcommandNamesAsWordsDoNotGetInTheWay) {
  EXPECT_EQ(run_with({"-q", "--output", "quiet", "gather", "--names", "every,list", "true",
                      "echo after any"})
                .status,
            status::kSuccess);
  expect_usage_error(run_with({"gather", "--until-success", "true"}));
}

TEST(App, UnknownFlagIsAUsageErrorNamingIt) {
  const Result r = run_with({"--bogus"});
  expect_usage_error(r);
  EXPECT_EQ(r.err, "tasker: The following argument was not expected: --bogus\n");
}

TEST(App, BareTaskerPrintsTheShortUsage) {
  const Result r = run_with({});
  EXPECT_EQ(r.status, status::kUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, StartsWith("usage: tasker [OPTIONS] COMMAND"));
  EXPECT_THAT(r.err, ::testing::HasSubstr("chain"));
  EXPECT_THAT(r.err, ::testing::HasSubstr("tasker help"));
}

TEST(App, OnlyGlobalOptionsAndNoSubcommandIsAUsageError) {
  const Result r = run_with({"-q"});
  expect_usage_error(r);
  EXPECT_EQ(r.err, "tasker: A subcommand is required\n");
}

TEST(App, HelpCommandIsHelp) {
  EXPECT_EQ(run_with({"help"}).out, run_with({"--help"}).out);
  const Result gather = run_with({"help", "gather"});
  EXPECT_EQ(gather.status, status::kSuccess);
  EXPECT_EQ(gather.out, run_with({"gather", "--help"}).out);
  EXPECT_THAT(gather.out, ::testing::HasSubstr("--jobs"));
}

TEST(App, ShortVersionFlag) {
  const Result r = run_with({"-V"});
  EXPECT_EQ(r.status, status::kSuccess);
  EXPECT_EQ(r.out, run_with({"--version"}).out);
}

// CLI11's own transform also took the values' numbers: `--output 1` ran as grouped.
TEST(App, ChoiceOptionsTakeTheirWordsOnlyAndNameThemWhenNot) {
  for (const std::vector<const char*>& args :
       {std::vector<const char*>{"--output", "1", "gather", "true"},
        std::vector<const char*>{"--color", "2", "gather", "true"},
        std::vector<const char*>{"--stdin", "true", "gather", "true"},
        std::vector<const char*>{"gather", "--on-fire", "0", "true"}}) {
    const Result r = run_with(args);
    expect_usage_error(r);
    EXPECT_THAT(r.err, ::testing::HasSubstr("is not one of")) << args[0];
  }
  const Result r = run_with({"--output", "fancy", "gather", "true"});
  EXPECT_THAT(r.err, ::testing::HasSubstr("'fancy' is not one of prefixed, grouped, raw, quiet"));
}

TEST(App, UnknownSubcommandIsAUsageErrorNamingIt) {
  const Result r = run_with({"frobnicate"});
  expect_usage_error(r);
  EXPECT_THAT(r.err, ::testing::HasSubstr("frobnicate"));
}

// `tasker chain`: CLI11 reads the global options before CMD, and every word from CMD on goes to
// the chain's own grammar, whatever it looks like.
ParsedCommandLine parse_with(std::vector<const char*> args, std::string& err) {
  args.insert(args.begin(), "tasker");
  std::ostringstream out;
  std::ostringstream errors;
  ParsedCommandLine parsed =
      parse_command_line(static_cast<int>(args.size()), args.data(), out, errors);
  err = errors.str();
  return parsed;
}

TEST(App, ChainTakesGlobalOptionsBeforeCmd) {
  std::string err;
  const ParsedCommandLine parsed =
      parse_with({"-q", "chain", "--json", "--output=raw", "--grace", "1s", "--report", "r.json",
                  "make", "--then", "gather", "--catch=--bogus", "--name=list"},
                 err);
  EXPECT_TRUE(parsed.action) << err;
  EXPECT_EQ(err, "");
  EXPECT_TRUE(parsed.global->quiet);
  EXPECT_TRUE(parsed.global->json);
  EXPECT_EQ(parsed.global->output, OutputMode::raw);
  EXPECT_EQ(parsed.global->report_path, "r.json");
}

TEST(App, ChainErrorsAreUsageErrorsFoundWhileParsing) {
  std::string err;
  EXPECT_FALSE(parse_with({"chain", "make", "--json"}, err).action);
  EXPECT_THAT(err, StartsWith("tasker: chain: unknown option '--json'"));
  EXPECT_FALSE(parse_with({"chain", "--timeout", "1s", "make"}, err).action);
  EXPECT_EQ(err,
            "tasker: chain: --timeout comes before CMD: give the command first (only global "
            "options come before it)\n");
  EXPECT_FALSE(parse_with({"chain", "--json"}, err).action);
  EXPECT_THAT(err, StartsWith("tasker: chain: no command"));
  EXPECT_FALSE(parse_with({"chain", "--grace", "soon", "make"}, err).action);
  EXPECT_THAT(err, ::testing::HasSubstr("soon"));
}

TEST(App, ChainHelpShowsItsGrammar) {
  const Result r = run_with({"chain", "--help"});
  EXPECT_EQ(r.status, status::kSuccess);
  EXPECT_THAT(r.out, ::testing::HasSubstr("--callbacks CB EB"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("--grace"));
}

}  // namespace
}  // namespace tasker::cli
