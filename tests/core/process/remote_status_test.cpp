// RemoteStatus: the wrapper's lines come out of stderr however the reads cut them; the
// command's own bytes pass unchanged.

#include "core/process/remote_status.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tasker {
namespace {

constexpr const char* kMarker = "tasker-remote-0123-7";

TEST(RemoteStatus, TakesOutTheStartAndEndLines) {
  RemoteStatus status(kMarker);
  EXPECT_EQ(status.take("tasker-remote-0123-7 start 4242 \nerr 1\n"), "err 1\n");
  EXPECT_TRUE(status.started());
  EXPECT_EQ(status.pgid(), 4242);
  EXPECT_EQ(status.job_id(), "");
  EXPECT_EQ(status.take("no newline"), "no newline");
  EXPECT_EQ(status.take("tasker-remote-0123-7 signal 9\nssh: anything after\n"), "");
  EXPECT_EQ(status.reported_exit(), ProcessExit::killed(9));
  EXPECT_EQ(status.take("more"), "");
}

TEST(RemoteStatus, FindsAMarkerCutAcrossReadsByteByByte) {
  const std::string stream =
      "Warning: banner\ntasker-remote-0123-7 start 7 815\nout tasker-remote-0123 x\n"
      "partial tasker-remote-0123-7 exit 3\n";
  RemoteStatus status(kMarker);
  std::string own;
  for (const char c : stream) own += status.take(std::string(1, c));
  EXPECT_EQ(own, "Warning: banner\nout tasker-remote-0123 x\npartial ");
  EXPECT_EQ(status.reported_exit(), ProcessExit::exited(3));
  EXPECT_EQ(status.job_id(), "815");
}

TEST(RemoteStatus, HoldsWhatCameBeforeTheStart) {
  RemoteStatus status(kMarker);
  EXPECT_EQ(status.take("ssh: connect to host x port 22: Connection refused\n"), "");
  EXPECT_FALSE(status.started());
  EXPECT_EQ(status.held(), "ssh: connect to host x port 22: Connection refused\n");
  EXPECT_FALSE(status.reported_exit());
}

}  // namespace
}  // namespace tasker
