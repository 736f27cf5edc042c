#include "core/input/duration.hpp"

#include "core/input/quoted_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>

namespace tasker {
namespace {

constexpr std::string_view kExpected =
    "expected a number with a unit (250ms, 10s, 1.5s, 2m, 1h30m, 1d)";

struct Unit {
  std::string_view name;
  std::int64_t ns;
};

// Largest first: a compound duration must use them in this order, each at most once.
constexpr std::array<Unit, 7> kUnits{{
    {"d", 86'400'000'000'000},
    {"h", 3'600'000'000'000},
    {"m", 60'000'000'000},
    {"s", 1'000'000'000},
    {"ms", 1'000'000},
    {"us", 1'000},
    {"ns", 1},
}};

constexpr std::size_t kSecondsIndex = 3;

// Fraction digits past this many are below 1e-4 ns for every unit, so they cannot matter.
constexpr std::size_t kMaxFractionDigits = 18;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::optional<std::size_t> find_unit(std::string_view name) {
  for (std::size_t i = 0; i < kUnits.size(); ++i) {
    if (kUnits[i].name == name) {
      return i;
    }
  }
  return std::nullopt;
}

// floor(fraction * unit_ns / 10^digits), exactly: 10^18 * 8.64e13 needs 128 bits.
std::uint64_t fraction_ns(std::string_view digits, std::int64_t unit_ns) {
  __extension__ using Wide = unsigned __int128;
  digits = digits.substr(0, std::min(digits.size(), kMaxFractionDigits));
  Wide numerator = 0;
  Wide denominator = 1;
  for (const char c : digits) {
    numerator = numerator * 10 + static_cast<unsigned>(c - '0');
    denominator *= 10;
  }
  return static_cast<std::uint64_t>(numerator * static_cast<Wide>(unit_ns) / denominator);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Duration parse() {
    if (text_.empty()) {
      fail(kExpected);
    }
    if (text_.front() == '-') {
      fail("durations cannot be negative");
    }
    if (!is_digit(text_.front())) {
      fail(kExpected);
    }

    const auto max = static_cast<std::uint64_t>(kMaxDuration.count());
    std::uint64_t total = 0;
    std::optional<std::size_t> previous_unit;
    while (pos_ < text_.size()) {
      const std::size_t number_start = pos_;
      const std::string_view whole = take_digits();
      std::string_view fraction;
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        fraction = take_digits();
        if (fraction.empty()) {
          fail("expected digits after the decimal point (write 1.5s, not 1.s)");
        }
      }
      const std::string_view number = text_.substr(number_start, pos_ - number_start);

      std::size_t unit_index = kSecondsIndex;
      const std::string_view unit_name = take_unit();
      if (unit_name.empty()) {
        // Only a lone number may omit its unit; "1h30" is ambiguous, not "1h30s".
        if (pos_ != text_.size() || previous_unit) {
          fail(fmt::format("'{}' has no unit; use ns, us, ms, s, m, h or d", number));
        }
      } else if (const auto found = find_unit(unit_name)) {
        unit_index = *found;
      } else {
        fail(fmt::format("unknown unit '{}'; use ns, us, ms, s, m, h or d",
                         quote_for_message(unit_name)));
      }

      if (previous_unit && unit_index <= *previous_unit) {
        fail("units must go from largest to smallest, each at most once (like 1h30m)");
      }
      previous_unit = unit_index;

      const std::int64_t unit_ns = kUnits[unit_index].ns;
      std::uint64_t whole_value = 0;
      const auto [end, ec] =
          std::from_chars(whole.data(), whole.data() + whole.size(), whole_value);
      if (ec != std::errc{} || end != whole.data() + whole.size() ||
          whole_value > max / static_cast<std::uint64_t>(unit_ns)) {
        fail_too_large();
      }
      const std::uint64_t part =
          whole_value * static_cast<std::uint64_t>(unit_ns) + fraction_ns(fraction, unit_ns);
      if (part > max - total) {
        fail_too_large();
      }
      total += part;
    }
    return Duration(static_cast<Duration::rep>(total));
  }

 private:
  std::string_view take_digits() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

  // A unit is everything up to the next number, so "10 s" or "10s!" report the whole odd unit.
  std::string_view take_unit() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_digit(text_[pos_]) && text_[pos_] != '.') {
      ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      // "1.2.3" or "1s.5"
      fail(pos_ == start ? "a number may have one decimal point (like 1.5s)"
                         : "a decimal point must follow digits (like 1.5s)");
    }
    return text_.substr(start, pos_ - start);
  }

  [[noreturn]] void fail_too_large() const {
    fail("too large; the maximum is 36500d (about 100 years)");
  }

  [[noreturn]] void fail(std::string_view reason) const { throw DurationError(text_, reason); }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Splits a non-negative count into a rounded count of tenths of `unit_ns`.
std::uint64_t rounded_tenths(std::uint64_t ns, std::uint64_t unit_ns) {
  const std::uint64_t tenth = unit_ns / 10;
  return ns / tenth + (ns % tenth >= (tenth + 1) / 2 ? 1 : 0);
}

std::string format_tenths(std::uint64_t tenths, std::string_view unit) {
  if (tenths % 10 == 0) {
    return fmt::format("{}{}", tenths / 10, unit);
  }
  return fmt::format("{}.{}{}", tenths / 10, tenths % 10, unit);
}

std::string format_magnitude(std::uint64_t ns) {
  if (ns == 0) {
    return "0s";
  }
  if (ns < 1'000) {
    return fmt::format("{}ns", ns);
  }
  // Below a minute: the largest unit whose rounded value stays under 1000 (60 for seconds).
  if (const auto t = rounded_tenths(ns, 1'000); t < 10'000) {
    return format_tenths(t, "us");
  }
  if (const auto t = rounded_tenths(ns, 1'000'000); t < 10'000) {
    return format_tenths(t, "ms");
  }
  if (const auto t = rounded_tenths(ns, 1'000'000'000); t < 600) {
    return format_tenths(t, "s");
  }

  constexpr std::uint64_t kSecond = 1'000'000'000;
  const std::uint64_t total_s = ns / kSecond + (ns % kSecond >= kSecond / 2 ? 1 : 0);
  const std::uint64_t days = total_s / 86'400;
  const std::uint64_t hours = total_s / 3'600 % 24;
  const std::uint64_t minutes = total_s / 60 % 60;
  const std::uint64_t seconds = total_s % 60;

  // Leading field unpadded, later fields two digits; trailing zero fields dropped.
  std::string out;
  const auto field = [&out](std::uint64_t value, std::string_view unit) {
    out += out.empty() ? fmt::format("{}{}", value, unit) : fmt::format("{:02}{}", value, unit);
  };
  if (days > 0) {
    field(days, "d");
  }
  if (!out.empty() ? (hours > 0 || minutes > 0 || seconds > 0) : hours > 0) {
    field(hours, "h");
  }
  if (!out.empty() ? (minutes > 0 || seconds > 0) : minutes > 0) {
    field(minutes, "m");
  }
  if (seconds > 0) {
    field(seconds, "s");
  }
  return out;
}

}  // namespace

DurationError::DurationError(std::string_view input, std::string_view reason)
    : std::invalid_argument(
          fmt::format("invalid duration '{}': {}", quote_for_message(input), reason)),
      input_(input) {}

Duration parse_duration(std::string_view text) {
  return Parser(text).parse();
}

std::string format_duration(Duration d) {
  const Duration::rep count = d.count();
  if (count < 0) {
    // Negate in unsigned arithmetic so Duration::min() does not overflow.
    return "-" + format_magnitude(0 - static_cast<std::uint64_t>(count));
  }
  return format_magnitude(static_cast<std::uint64_t>(count));
}

}  // namespace tasker
