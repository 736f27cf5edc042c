// --trap LIST (docs/behaviour.md "--trap"): numbers, ranges, `timeout` and `signal`, mixed;
// anything else is bad input.

#include "core/input/status_trap.hpp"

#include "core/input/input_error.hpp"

#include <gtest/gtest.h>

namespace tasker {
namespace {

TEST(StatusTrap, NumbersRangesTimeoutAndSignalMixFreely) {
  const StatusTrap trap = StatusTrap::parse("3,10-12,timeout,signal");
  EXPECT_TRUE(trap.matches(3));
  EXPECT_FALSE(trap.matches(4));
  EXPECT_TRUE(trap.matches(10));
  EXPECT_TRUE(trap.matches(12));
  EXPECT_FALSE(trap.matches(13));
  EXPECT_TRUE(trap.matches(124));
  EXPECT_FALSE(trap.matches(128));
  EXPECT_TRUE(trap.matches(129));  // SIGHUP
  EXPECT_TRUE(trap.matches(137));  // SIGKILL
  EXPECT_TRUE(trap.matches(192));
  EXPECT_FALSE(trap.matches(193));
  EXPECT_FALSE(trap.matches(0));
  EXPECT_EQ(trap.text(), "3,10-12,timeout,signal");
}

TEST(StatusTrap, AnythingElseIsAnErrorNamingTheItem) {
  for (const char* bad : {"", "0", "256", "1,,2", "5-3", "0-9", "1-256", "x", "-1", "1-", "-",
                          "Timeout", " 3", "3 ", "0x10", "+3", "1.5", "1000"}) {
    try {
      static_cast<void>(StatusTrap::parse(bad));
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("--trap"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace tasker
