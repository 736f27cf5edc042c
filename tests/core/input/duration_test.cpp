#include "core/input/duration.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tasker {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;

// Readable test names: "<index>_<text with non-alphanumerics as _>", e.g. "4_1h30m".
template <typename Case>
std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::to_string(info.index) + "_";
  for (const char c : info.param.name()) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    name += alnum ? c : '_';
  }
  return name;
}

struct Accepted {
  std::string_view text;
  Duration expected;
  [[nodiscard]] std::string_view name() const { return text; }
  friend void PrintTo(const Accepted& c, std::ostream* os) { *os << "'" << c.text << "'"; }
};

class ParseDurationAccepts : public ::testing::TestWithParam<Accepted> {};

TEST_P(ParseDurationAccepts, Value) {
  const Accepted& c = GetParam();
  EXPECT_EQ(parse_duration(c.text), c.expected) << "input: '" << c.text << "'";
}

INSTANTIATE_TEST_SUITE_P(
    Forms, ParseDurationAccepts,
    ::testing::Values(
        // The examples of docs/behaviour.md "Options of every command".
        Accepted{"250ms", milliseconds(250)}, Accepted{"10s", seconds(10)},
        Accepted{"1.5s", milliseconds(1500)}, Accepted{"2m", minutes(2)},
        Accepted{"1h30m", minutes(90)}, Accepted{"1d", hours(24)},
        // A lone number is seconds.
        Accepted{"5", seconds(5)}, Accepted{"0.5", milliseconds(500)},
        Accepted{"0", Duration::zero()}, Accepted{"0s", Duration::zero()},
        // Every unit.
        Accepted{"7ns", nanoseconds(7)}, Accepted{"500us", microseconds(500)},
        Accepted{"3h", hours(3)}, Accepted{"2d", days(2)},
        // Compounds, largest unit first.
        Accepted{"1m30s", seconds(90)}, Accepted{"1h30m15s", seconds(5415)},
        Accepted{"1d2h3m4s5ms6us7ns", days(1) + hours(2) + minutes(3) + seconds(4) +
                                          milliseconds(5) + microseconds(6) + nanoseconds(7)},
        Accepted{"1s500ms", milliseconds(1500)}, Accepted{"1m1.5s", milliseconds(61'500)},
        // Leading zeros, as format_duration prints them.
        Accepted{"2m05s", seconds(125)}, Accepted{"007s", seconds(7)},
        // Fractions in any unit, truncated below a nanosecond.
        Accepted{"0.25m", seconds(15)}, Accepted{"1.5h", minutes(90)}, Accepted{"0.5d", hours(12)},
        Accepted{"1.5us", nanoseconds(1500)}, Accepted{"1.9ns", nanoseconds(1)},
        Accepted{"0.001s", milliseconds(1)}, Accepted{"0.123456789s", nanoseconds(123'456'789)},
        Accepted{"0.1234567891s", nanoseconds(123'456'789)},
        Accepted{"0.99999999999999999999999d", days(1) - nanoseconds(1)},
        // The cap itself is allowed.
        Accepted{"36500d", kMaxDuration}, Accepted{"36499d24h", kMaxDuration}),
    case_name<Accepted>);

struct Rejected {
  std::string_view text;
  std::string_view reason;  // a distinctive part of the message
  [[nodiscard]] std::string_view name() const { return text; }
  friend void PrintTo(const Rejected& c, std::ostream* os) { *os << "'" << c.text << "'"; }
};

class ParseDurationRejects : public ::testing::TestWithParam<Rejected> {};

TEST_P(ParseDurationRejects, WithMessageNamingTheInput) {
  const Rejected& c = GetParam();
  try {
    const Duration d = parse_duration(c.text);
    FAIL() << "'" << c.text << "' parsed as " << d.count() << "ns";
  } catch (const DurationError& e) {
    const std::string what = e.what();
    EXPECT_THAT(what, HasSubstr("invalid duration '" + std::string(c.text) + "'"));
    EXPECT_THAT(what, HasSubstr(c.reason));
    EXPECT_EQ(what.find('\n'), std::string::npos) << "message must be one line";
    EXPECT_EQ(e.input(), c.text);
  }
}

constexpr std::string_view kExpected = "expected a number with a unit (250ms, 10s";
constexpr std::string_view kUnknownUnit = "unknown unit";
constexpr std::string_view kOrder = "from largest to smallest";
constexpr std::string_view kTooLarge = "too large";

INSTANTIATE_TEST_SUITE_P(
    Inputs, ParseDurationRejects,
    ::testing::Values(
        Rejected{"", kExpected}, Rejected{" ", kExpected}, Rejected{"   ", kExpected},
        Rejected{"abc", kExpected}, Rejected{"s", kExpected}, Rejected{"ms", kExpected},
        Rejected{"-5s", "cannot be negative"}, Rejected{"-0", "cannot be negative"},
        Rejected{"+5s", kExpected}, Rejected{"nan", kExpected}, Rejected{"inf", kExpected},
        Rejected{"NaN", kExpected}, Rejected{".5s", kExpected}, Rejected{" 10s", kExpected},
        Rejected{"5.", "digits after the decimal point"},
        Rejected{"5.s", "digits after the decimal point"}, Rejected{"1.2.3s", "one decimal point"},
        Rejected{"1s.5", "must follow digits"}, Rejected{"10x", "unknown unit 'x'"},
        Rejected{"10S", "unknown unit 'S'"}, Rejected{"10sec", "unknown unit 'sec'"},
        Rejected{"1y", "unknown unit 'y'"}, Rejected{"10 s", "unknown unit ' s'"},
        Rejected{"10s ", "unknown unit 's '"}, Rejected{"10s!", "unknown unit 's!'"},
        Rejected{"1,5s", "unknown unit ','"}, Rejected{"1e3", "unknown unit 'e'"},
        Rejected{"1e3s", kUnknownUnit}, Rejected{"0x10", "unknown unit 'x'"},
        Rejected{"10µs", "unknown unit 'µs'"}, Rejected{"5s-3s", "unknown unit 's-'"},
        Rejected{"30m1h", kOrder}, Rejected{"1s1s", kOrder}, Rejected{"1s2ms1s", kOrder},
        Rejected{"1h30", "'30' has no unit"}, Rejected{"1m1.5", "'1.5' has no unit"},
        Rejected{"36501d", kTooLarge}, Rejected{"36500d1ns", kTooLarge},
        Rejected{"876001h", kTooLarge}, Rejected{"99999999999999999999", kTooLarge},
        Rejected{"18446744073709551616ns", kTooLarge}, Rejected{"9223372036854775807ns", kTooLarge},
        Rejected{"1000000000000d", kTooLarge}),
    case_name<Rejected>);

TEST(ParseDuration, EscapesControlCharactersSoTheMessageIsOneLine) {
  try {
    (void)parse_duration("1s\n2s");
    FAIL() << "accepted a newline";
  } catch (const DurationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("invalid duration '1s\\n2s'"));
    EXPECT_EQ(e.input(), "1s\n2s");
  }
}

TEST(ParseDuration, ShortensVeryLongInputInTheMessage) {
  const std::string input(500, 'x');
  try {
    (void)parse_duration(input);
    FAIL() << "accepted garbage";
  } catch (const DurationError& e) {
    EXPECT_LT(std::string_view(e.what()).size(), 200U);
    EXPECT_THAT(e.what(), HasSubstr("xxx...'"));
    EXPECT_EQ(e.input(), input);
  }
}

TEST(ParseDuration, ErrorIsAnInvalidArgument) {
  EXPECT_THROW((void)parse_duration("abc"), std::invalid_argument);
}

struct Formatted {
  Duration value;
  std::string_view expected;
  [[nodiscard]] std::string_view name() const { return expected; }
  friend void PrintTo(const Formatted& c, std::ostream* os) { *os << c.value.count() << "ns"; }
};

class FormatDuration : public ::testing::TestWithParam<Formatted> {};

TEST_P(FormatDuration, Text) {
  const Formatted& c = GetParam();
  EXPECT_EQ(format_duration(c.value), c.expected) << c.value.count() << "ns";
}

INSTANTIATE_TEST_SUITE_P(
    Values, FormatDuration,
    ::testing::Values(
        Formatted{Duration::zero(), "0s"}, Formatted{nanoseconds(850), "850ns"},
        Formatted{nanoseconds(999), "999ns"}, Formatted{nanoseconds(1000), "1us"},
        Formatted{nanoseconds(1500), "1.5us"}, Formatted{nanoseconds(1549), "1.5us"},
        Formatted{nanoseconds(1550), "1.6us"}, Formatted{nanoseconds(999'949), "999.9us"},
        Formatted{nanoseconds(999'950), "1ms"}, Formatted{milliseconds(250), "250ms"},
        Formatted{microseconds(1500), "1.5ms"}, Formatted{microseconds(999'960), "1s"},
        Formatted{milliseconds(1200), "1.2s"}, Formatted{seconds(10), "10s"},
        Formatted{milliseconds(59'940), "59.9s"}, Formatted{milliseconds(59'950), "1m"},
        Formatted{seconds(60), "1m"}, Formatted{seconds(125), "2m05s"},
        Formatted{milliseconds(125'400), "2m05s"}, Formatted{milliseconds(125'500), "2m06s"},
        Formatted{minutes(90), "1h30m"}, Formatted{hours(1) + seconds(5), "1h00m05s"},
        Formatted{hours(2), "2h"}, Formatted{hours(24), "1d"}, Formatted{hours(51), "2d03h"},
        Formatted{days(1) + minutes(30), "1d00h30m"}, Formatted{kMaxDuration, "36500d"},
        Formatted{milliseconds(-250), "-250ms"}, Formatted{seconds(-125), "-2m05s"},
        Formatted{Duration::min(), "-106751d23h47m17s"},
        Formatted{Duration::max(), "106751d23h47m17s"}),
    case_name<Formatted>);

TEST(FormatDuration, OutputParsesBack) {
  const std::vector<Duration> values{
      Duration::zero(), nanoseconds(7), microseconds(12),      milliseconds(250), seconds(10),
      seconds(125),     minutes(90),    hours(1) + seconds(5), hours(51),         kMaxDuration};
  for (const Duration d : values) {
    EXPECT_EQ(parse_duration(format_duration(d)), d) << format_duration(d);
  }
}

}  // namespace
}  // namespace tasker
