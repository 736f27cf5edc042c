#include "cli/output/label_fit.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace tasker::cli {
namespace {

TEST(FitLabel, ALabelThatFitsIsKept) {
  EXPECT_EQ(fit_label("release/checks/lint", 19), "release/checks/lint");
  EXPECT_EQ(fit_label("release/checks/lint", 0), "release/checks/lint");  // no limit
}

TEST(FitLabel, APathKeepsItsLastPartsThatFit) {
  EXPECT_EQ(fit_label("release/checks/lint", 18), "…/checks/lint");
  EXPECT_EQ(fit_label("release/checks/lint", 12), "…/lint");
}

TEST(FitLabel, ALastPartTooLongKeepsItsEnd) {
  EXPECT_EQ(fit_label("build/integration-tests", 12), "…ation-tests");
  EXPECT_EQ(label_width(fit_label("build/integration-tests", 12)), 12u);
}

TEST(FitLabel, CountsCodePointsNotBytes) {
  EXPECT_EQ(label_width("測試/lint"), 7u);
  EXPECT_EQ(fit_label("發布/檢查/測試", 7), "…/檢查/測試");
  EXPECT_EQ(fit_label("發布檢查測試單元", 4), "…試單元");
}

TEST(FitLabel, ATinyLimitKeepsTheEnd) {
  EXPECT_EQ(fit_label("release/lint", 2), "nt");
  EXPECT_EQ(fit_label("release/lint", 1), "t");
}

TEST(LabelLimit, IsAThirdOfTheLineAndAtLeastTwelve) {
  EXPECT_EQ(label_limit(0), 0u);
  EXPECT_EQ(label_limit(120), 40u);
  EXPECT_EQ(label_limit(20), 12u);
}

TEST(OutputColumns, ReadsColumnsWhenItIsANumber) {
  ::setenv("COLUMNS", "90", 1);
  EXPECT_EQ(output_columns(-1), 90u);
  ::setenv("COLUMNS", "wide", 1);
  EXPECT_EQ(output_columns(-1), 0u);  // and -1 is no terminal
  ::unsetenv("COLUMNS");
  EXPECT_EQ(output_columns(-1), 0u);
}

}  // namespace
}  // namespace tasker::cli
