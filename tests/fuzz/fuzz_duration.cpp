// parse_duration on arbitrary text, and format_duration on whatever it accepts
// and on arbitrary counts: no crash and no UB, results inside [0, kMaxDuration],
// one-line errors, and format → parse coming back within the rounding shown.

#include "core/input/duration.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace {

using tasker::Duration;

// What format_duration may round away: a tenth of the unit it picks below a
// minute (half a tenth, rounded), whole seconds from a minute on.
Duration rounding_shown(Duration d) {
  using namespace std::chrono_literals;
  if (d < 1us)
    return 0ns;
  if (d < 1ms)
    return 50ns;
  if (d < 1s)
    return 50us;
  if (d < 60s)
    return 50ms;
  return 500ms;
}

void check_round_trip(Duration d) {
  const std::string text = tasker::format_duration(d);
  FUZZ_CHECK(!text.empty());
  Duration back{};
  try {
    back = tasker::parse_duration(text);
  } catch (const tasker::DurationError&) {
    FUZZ_CHECK(!"format_duration of an accepted duration must parse back");
  }
  const Duration error = back > d ? back - d : d - back;
  FUZZ_CHECK(error <= rounding_shown(d));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Duration d = tasker::parse_duration(text);
    FUZZ_CHECK(d >= Duration::zero());
    FUZZ_CHECK(d <= tasker::kMaxDuration);
    check_round_trip(d);
  } catch (const tasker::DurationError& e) {
    const std::string what = e.what();
    FUZZ_CHECK(what.find('\n') == std::string::npos);  // one line: docs/behaviour.md "Bad input"
    FUZZ_CHECK(what.rfind("invalid duration '", 0) == 0);
    FUZZ_CHECK(e.input() == text);
  }

  // The first 8 bytes as a count: format_duration takes any value, negative too.
  if (size >= sizeof(std::int64_t)) {
    std::int64_t count = 0;
    std::memcpy(&count, data, sizeof count);
    const Duration d(count);
    const std::string text_of_count = tasker::format_duration(d);
    FUZZ_CHECK(!text_of_count.empty());
    if (d >= Duration::zero() && d <= tasker::kMaxDuration)
      check_round_trip(d);
  }
  return 0;
}
