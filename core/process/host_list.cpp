#include "core/process/host_list.hpp"

#include "core/input/quoted_input.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tasker {
namespace {

// At most this many slots on one host: beyond it is a typing error, not a machine.
constexpr std::size_t kMaxSlots = 100000;

HostEntry parse_entry(std::string_view entry) {
  if (entry.empty())
    throw InputError("an empty host entry");
  HostEntry host;
  std::string_view name = entry;
  if (const std::size_t slash = entry.find('/'); slash != std::string_view::npos) {
    const std::string_view count = entry.substr(0, slash);
    name = entry.substr(slash + 1);
    const bool digits = !count.empty() && std::all_of(count.begin(), count.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || count.size() > 6)
      throw InputError(fmt::format("host entry '{}': '{}' is not a number of slots",
                                   quote_for_message(entry), quote_for_message(count)));
    std::size_t slots = 0;
    for (const char c : count) slots = slots * 10 + static_cast<std::size_t>(c - '0');
    if (slots == 0 || slots > kMaxSlots)
      throw InputError(fmt::format("host entry '{}': the slots must be from 1 to {}",
                                   quote_for_message(entry), kMaxSlots));
    host.slots = slots;
  }
  if (name.empty())
    throw InputError(fmt::format("host entry '{}' names no host", quote_for_message(entry)));
  if (name.front() == '-')
    throw InputError(
        fmt::format("host entry '{}': a host cannot start with '-'", quote_for_message(entry)));
  if (name.find_first_of(" \t\n\r") != std::string_view::npos)
    throw InputError(
        fmt::format("host entry '{}': a host cannot hold a blank", quote_for_message(entry)));
  host.name = std::string(name);
  return host;
}

}  // namespace

std::vector<HostEntry> parse_host_list(std::string_view text) {
  if (text.empty())
    throw InputError("no host given");
  std::vector<HostEntry> hosts;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    hosts.push_back(parse_entry(text.substr(start, comma - start)));
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  return hosts;
}

std::vector<HostEntry> parse_hosts_file(std::string_view contents) {
  std::vector<HostEntry> hosts;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < contents.size()) {
    std::size_t end = contents.find('\n', start);
    if (end == std::string_view::npos)
      end = contents.size();
    std::string_view line = contents.substr(start, end - start);
    start = end + 1;
    ++line_number;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#')
      continue;
    try {
      for (HostEntry& host : parse_host_list(line)) hosts.push_back(std::move(host));
    } catch (const InputError& e) {
      throw InputError(fmt::format("line {}: {}", line_number, e.what()));
    }
  }
  if (hosts.empty())
    throw InputError("it names no host");
  return hosts;
}

}  // namespace tasker
