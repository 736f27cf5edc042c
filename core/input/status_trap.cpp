#include "core/input/status_trap.hpp"

#include "core/input/input_error.hpp"
#include "core/status_numbers.hpp"

#include <fmt/format.h>

#include <charconv>

namespace tasker {
namespace {

// A status number 1-255, decimal digits only.
bool parse_status(std::string_view text, int& status) {
  if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != text.npos)
    return false;
  std::from_chars(text.data(), text.data() + text.size(), status);
  return status >= 1 && status <= 255;
}

}  // namespace

StatusTrap StatusTrap::parse(std::string_view list) {
  StatusTrap trap;
  while (true) {
    const std::size_t comma = list.find(',');
    trap.add(list.substr(0, comma));
    if (comma == std::string_view::npos)
      return trap;
    list.remove_prefix(comma + 1);
  }
}

void StatusTrap::add(std::string_view item) {
  const auto bad = [&] {
    return InputError(fmt::format(
        "--trap: '{}' is not a status (1-255), a range a-b, 'timeout' or 'signal'", item));
  };
  int low = 0;
  int high = 0;
  if (item == "timeout") {
    low = high = status::kTimedOut;
  } else if (item == "signal") {
    // A death by signal N is 128+N; Linux's signals are 1 to 64.
    low = status::of_signal(1);
    high = status::of_signal(64);
  } else if (const std::size_t dash = item.find('-'); dash != std::string_view::npos) {
    if (!parse_status(item.substr(0, dash), low) || !parse_status(item.substr(dash + 1), high) ||
        low > high) {
      throw bad();
    }
  } else if (parse_status(item, low)) {
    high = low;
  } else {
    throw bad();
  }
  for (int s = low; s <= high; ++s) statuses_.set(static_cast<std::size_t>(s));
  if (!text_.empty())
    text_ += ',';
  text_ += item;
}

}  // namespace tasker
