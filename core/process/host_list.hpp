#pragma once
// Host lists: what -S/--hosts and --hosts-file name, as GNU parallel's -S does: `[N/]HOST`
// entries, comma-separated; `:` is this machine.

#include "core/input/input_error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tasker {

/// The name of this machine among the hosts (GNU parallel's `:`).
inline constexpr std::string_view kLocalHost = ":";

/// One host: its name as ssh takes it (an alias of ~/.ssh/config, user@host, ...), and the
/// tasks it runs at once when its entry said (`4/h1`).
struct HostEntry {
  std::string name;
  std::optional<std::size_t> slots;

  friend bool operator==(const HostEntry&, const HostEntry&) = default;
};

/// The entries of `text`, `[N/]HOST` separated by commas, in order. Throws InputError naming the
/// entry for an empty list or entry, a count that is not a decimal number from 1, or a host
/// name that is empty, starts with `-` (ssh would read an option) or holds a blank.
[[nodiscard]] std::vector<HostEntry> parse_host_list(std::string_view text);

/// The entries of a hosts file: each line a list as parse_host_list takes it; blank lines and
/// lines starting with `#` are skipped. Throws InputError naming the line.
[[nodiscard]] std::vector<HostEntry> parse_hosts_file(std::string_view contents);

}  // namespace tasker
