#include "cli/help/help_formatter.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <sstream>
#include <string>

namespace tasker::cli {
namespace {

TEST(WrapText, LinesThatFitStayAsTheyAre) {
  EXPECT_EQ(wrap_text("a  b\n  c", 10), "a  b\n  c");
}

TEST(WrapText, LongLinesBreakAtSpacesIndentedLikeTheirLine) {
  EXPECT_EQ(wrap_text("one two three four", 9), "one two\nthree\nfour");
  EXPECT_EQ(wrap_text("  one two three", 9, 2), "  one two\n    three");
  // A word longer than the line stays whole.
  EXPECT_EQ(wrap_text("x --fire-on-one-callback y", 8), "x\n--fire-on-one-callback\ny");
}

TEST(HelpWidth, ColumnsNarrowerThanAHundredWin) {
  ::setenv("COLUMNS", "60", 1);
  EXPECT_EQ(help_width(-1), 60U);
  ::setenv("COLUMNS", "200", 1);
  EXPECT_EQ(help_width(-1), 100U);
  ::unsetenv("COLUMNS");
  EXPECT_EQ(help_width(-1), 100U);  // not a terminal: 100
}

TEST(HelpFormatter, ValueNamesDefaultsAndNegatedFlagsRead) {
  CLI::App app{"test", "tasker"};
  app.formatter(std::make_shared<HelpFormatter>(100));
  std::string grace = "2s";
  std::size_t jobs = 0;
  bool now = true;
  app.add_option("--grace", grace, "Time to wait")
      ->check(CLI::Validator([](std::string&) { return std::string(); }, "DURATION"))
      ->capture_default_str();
  app.add_option("-j,--jobs", jobs, "At most N")->option_text("N");
  app.add_flag("--now,!--no-now", now, "First run at once");
  const std::string help = app.help();
  EXPECT_NE(help.find("  --grace DURATION"), std::string::npos) << help;
  EXPECT_NE(help.find("Time to wait (default: 2s)"), std::string::npos) << help;
  EXPECT_NE(help.find("  -j, --jobs N"), std::string::npos) << help;
  EXPECT_NE(help.find("  --now, --no-now"), std::string::npos) << help;
  EXPECT_EQ(help.find("TEXT"), std::string::npos) << help;
  EXPECT_EQ(help.find("{false}"), std::string::npos) << help;
}

}  // namespace
}  // namespace tasker::cli
