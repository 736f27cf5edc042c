// parse_host_list and parse_hosts_file: GNU parallel's -S entries, and the errors of bad ones.

#include "core/process/host_list.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tasker {
namespace {

using Hosts = std::vector<HostEntry>;

TEST(ParseHostList, ReadsEntriesWithAndWithoutSlots) {
  EXPECT_EQ(parse_host_list("h1"), (Hosts{{"h1", std::nullopt}}));
  EXPECT_EQ(parse_host_list("4/h1,user@h2,:,2/:"),
            (Hosts{{"h1", 4}, {"user@h2", std::nullopt}, {":", std::nullopt}, {":", 2}}));
  EXPECT_EQ(parse_host_list("010/h"), (Hosts{{"h", 10}}));
}

TEST(ParseHostList, RejectsBadEntriesNamingThem) {
  for (const std::string bad :
       {"", "h,,", ",h", "h,", "0/h", "x/h", "/h", "3/", "-oProxy=x", "a b", "1234567/h"}) {
    EXPECT_THROW(static_cast<void>(parse_host_list(bad)), InputError) << bad;
  }
  try {
    static_cast<void>(parse_host_list("h1,x/h2"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "host entry 'x/h2': 'x' is not a number of slots");
  }
}

TEST(ParseHostsFile, ReadsLinesSkippingBlanksAndComments) {
  EXPECT_EQ(parse_hosts_file("# hosts\nh1\n\n  2/h2  \nh3,h4\n"),
            (Hosts{{"h1", std::nullopt}, {"h2", 2}, {"h3", std::nullopt}, {"h4", std::nullopt}}));
  try {
    static_cast<void>(parse_hosts_file("h1\n0/h2\n"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "line 2: host entry '0/h2': the slots must be from 1 to 100000");
  }
  EXPECT_THROW(static_cast<void>(parse_hosts_file("# none\n")), InputError);
}

}  // namespace
}  // namespace tasker
