#pragma once

// The one place durations are parsed and printed: every CLI flag that takes a duration goes
// through parse_duration, so they all accept and reject exactly the same spellings.

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tasker {

// Time spans and instants (as a span since an arbitrary epoch, see Clock) in nanoseconds.
using Duration = std::chrono::nanoseconds;

// The largest duration parse_duration accepts: 36500d, about 100 years. Anything longer is
// almost certainly a typo, and the cap keeps `now() + delay` far from overflowing.
inline constexpr Duration kMaxDuration = std::chrono::hours(24 * 36500);

// Thrown by parse_duration. what() is one line naming the input and the fix, e.g.
// "invalid duration 'abc': expected a number with a unit (250ms, 10s, 1.5s, 2m, 1h30m, 1d)".
class DurationError : public std::invalid_argument {
 public:
  DurationError(std::string_view input, std::string_view reason);

  // The rejected text, unmodified.
  [[nodiscard]] const std::string& input() const noexcept { return input_; }

 private:
  std::string input_;
};

// Parses a user-written duration.
//
// Accepted: a sequence of <number><unit> with units ns, us, ms, s, m, h, d from largest to
// smallest, each at most once ("250ms", "1.5s", "1h30m", "1m30s", "2m05s", "1d"), or a lone
// number, which means seconds ("5", "0.5"). A number is decimal digits with an optional
// fraction ("1.5"); digits must appear on both sides of the point. Fractions finer than a
// nanosecond are truncated.
//
// Rejected with DurationError: empty or blank text, whitespace anywhere, signs, negative values,
// "nan"/"inf", hex, exponents ("1e3"), unknown or misplaced units ("30m1h", "1s1s"), a number
// without a unit inside a compound ("1h30"), and anything above kMaxDuration.
//
// Locale-independent. Postcondition: Duration::zero() <= result <= kMaxDuration.
[[nodiscard]] Duration parse_duration(std::string_view text);

// Formats a duration for people. Below a minute: the largest of ns, us, ms, s that keeps the
// number under 1000, rounded to one decimal ("850ns", "1.5us", "250ms", "1.2s", "10s"). From a
// minute on: whole seconds, zero-padded fields, trailing zero fields dropped ("2m05s", "2m",
// "1h30m", "1h00m05s", "2d03h"). Zero is "0s"; negative durations get a leading '-'. The output
// of a non-negative duration parses back with parse_duration to within the rounding shown.
[[nodiscard]] std::string format_duration(Duration d);

}  // namespace tasker
