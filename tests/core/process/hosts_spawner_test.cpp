// HostsSpawner over a FakeSpawner and a ManualClock: the ssh command lines it builds, how tasks
// go to hosts and slots, a master opened without waiting for it, a dead host left out, and the
// cancel path through the master. The real sshd is in tests/engines/ssh_hosts_test.sh.

#include "core/process/hosts_spawner.hpp"

#include "core/deferred/errors.hpp"
#include "tests/support/hosts_spawner_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

namespace tasker {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;

class HostsSpawnerTest : public HostsSpawnerFixture {
 protected:
  // One session and wrapper a task; the slot shells are in hosts_spawner_slot_shell_test.cpp.
  static HostsOptions hosts(std::vector<HostsOptions::Host> list) {
    return HostsSpawnerFixture::hosts(std::move(list), false);
  }

  // Process `i`, a client, ran its command on the host, in group `pgid`.
  void started(std::size_t i, long pgid) {
    const std::string marker = remote_marker_in(command(i));
    local.write(i, OutputStream::stderr_stream, marker + " start " + std::to_string(pgid) + " \n");
  }
  // The command of client `i` exited with `code`; its wrapper killed its group, and ssh says 255.
  void exited(std::size_t i, int code) {
    const std::string marker = remote_marker_in(command(i));
    local.write(i, OutputStream::stderr_stream, marker + " exit " + std::to_string(code) + "\n");
    local.finish(i, ProcessExit::exited(255));
  }
  // The ControlPath option of process `i`.
  [[nodiscard]] std::string control_path(std::size_t i) const {
    const std::string line = command(i);
    std::smatch match;
    EXPECT_TRUE(std::regex_search(line, match, std::regex("ControlPath=[^ ']+")));
    return match.str();
  }
};

TEST_F(HostsSpawnerTest, OpensAMasterWithoutWaitingAndRunsTheTaskOnceItIsUp) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  Deferred<ProcessExit> done = spawner.spawn("echo hi", {}, observers[0]);
  ASSERT_EQ(local.spawned(), 1U);  // the master only: the task waits for it
  EXPECT_THAT(command(0), HasSubstr("ssh -F cfg -o 'BatchMode=yes' -o 'ControlPath="));
  EXPECT_THAT(command(0), HasSubstr("-o 'ControlMaster=yes' -o 'ControlPersist=no'"));
  EXPECT_THAT(command(0), HasSubstr("-o 'LocalCommand=echo up'"));
  EXPECT_THAT(command(0), HasSubstr("-N h1"));
  EXPECT_EQ(spawner.live(), 1U);

  up(0);
  ASSERT_EQ(local.spawned(), 2U);
  EXPECT_THAT(command(1), HasSubstr("-o 'ControlMaster=no' h1 'exec sh -c"));
  EXPECT_THAT(command(1), HasSubstr("echo hi"));
  // The remote command line is one word of the client's argv; what is shown is what runs.
  const std::vector<std::string>& client = local.process(1).options.argv;
  ASSERT_GE(client.size(), 2U);
  EXPECT_EQ(client[client.size() - 2], "h1");
  EXPECT_THAT(client.back(), StartsWith("exec sh -c "));
  EXPECT_EQ(local.process(1).command, command(1));
  // No input: the client's stdin is the pipe tasker holds, which the wrapper watches.
  EXPECT_THAT(local.process(1).options.stdin_path, HasSubstr("/proc/self/fd/"));
  EXPECT_THAT(command(1), HasSubstr(remote_marker_in(command(1)) + " 2 "));
  // The master's ControlPath is the client's.
  EXPECT_THAT(command(1), HasSubstr(control_path(0)));

  started(1, 4242);
  local.write(1, OutputStream::stderr_stream, "oops\n");
  exited(1, 3);
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(observers[0].exit()->exit_code, 3);
  EXPECT_EQ(observers[0].exit()->host, "h1");
  EXPECT_EQ(observers[0].err(), "oops\n");
  EXPECT_TRUE(done.called());
  EXPECT_EQ(spawner.live(), 0U);
}

TEST_F(HostsSpawnerTest, ATaskWithInputGetsItThroughSshAndIsNotWatched) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  ProcessOptions options;
  options.stdin_path = "/tmp/spool";
  static_cast<void>(spawner.spawn("cat", options, observers[0]));
  up(0);
  ASSERT_EQ(local.spawned(), 2U);
  EXPECT_EQ(local.process(1).options.stdin_path, "/tmp/spool");
  EXPECT_THAT(command(1), HasSubstr(remote_marker_in(command(1)) + " '\\''='\\'' "));
}

// A task with input is not watched by its wrapper: its group is listed with the watchdog as
// "HOST.PGID" from its start line to its end, for the watchdog to kill should tasker die.
TEST_F(HostsSpawnerTest, ATaskWithInputHasItsGroupListedWithTheWatchdogWhileItRuns) {
  HostsSpawner spawner(local, clock, hosts({{":", 1}, {"h1", 1}}));
  EXPECT_THAT(local.remote_canceller,
              ::testing::ElementsAre("sh", "-c", HasSubstr("h1"), "tasker-remote-killer"));
  ProcessOptions options;
  options.stdin_path = "/tmp/spool";
  static_cast<void>(spawner.spawn("sleep 1", {}, observers[0]));  // takes the local slot
  static_cast<void>(spawner.spawn("cat", options, observers[1]));
  up(1);
  ASSERT_EQ(local.spawned(), 3U);
  EXPECT_TRUE(local.remote_events.empty());  // not before its group is known
  started(2, 4242);
  EXPECT_THAT(local.remote_events, ::testing::ElementsAre("+1.4242"));
  local.write(2, OutputStream::stdout_stream, "more\n");
  EXPECT_EQ(local.remote_events.size(), 1U);  // once
  exited(2, 0);
  EXPECT_THAT(local.remote_events, ::testing::ElementsAre("+1.4242", "-1.4242"));
}

// A watched task's wrapper ends its group itself; a group id of 1 or less is never listed.
TEST_F(HostsSpawnerTest, AWatchedTaskOrAGroupOfOneIsNotListed) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 2}}));
  ProcessOptions options;
  options.stdin_path = "/tmp/spool";
  static_cast<void>(spawner.spawn("true", {}, observers[0]));
  static_cast<void>(spawner.spawn("cat", options, observers[1]));
  up(0);
  ASSERT_EQ(local.spawned(), 3U);
  started(1, 4242);
  started(2, 1);
  exited(1, 0);
  exited(2, 0);
  EXPECT_TRUE(local.remote_events.empty());
}

TEST_F(HostsSpawnerTest, FillsTheFirstHostWithAFreeSlotAndQueuesTheRest) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}, {"h2", 1}}));
  for (int i = 0; i < 3; ++i) static_cast<void>(spawner.spawn("true", {}, observers[i]));
  ASSERT_EQ(local.spawned(), 2U);  // a master per host, opening at once
  EXPECT_THAT(command(0), HasSubstr("-N h1"));
  EXPECT_THAT(command(1), HasSubstr("-N h2"));
  up(1);  // h2 first: the first task does not wait for h1
  ASSERT_EQ(local.spawned(), 3U);
  EXPECT_THAT(command(2), HasSubstr("'ControlMaster=no' h2 "));
  up(0);
  ASSERT_EQ(local.spawned(), 4U);
  EXPECT_THAT(command(3), HasSubstr("'ControlMaster=no' h1 "));
  EXPECT_EQ(spawner.live(), 3U);  // the third waits for a slot

  started(2, 10);
  exited(2, 0);
  ASSERT_EQ(local.spawned(), 5U);
  EXPECT_THAT(command(4), HasSubstr("'ControlMaster=no' h2 "));
  EXPECT_EQ(observers[0].exit()->host, "h2");
}

TEST_F(HostsSpawnerTest, MoreSlotsThanOneMasterCarriesOpenASecondMaster) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 12}}));
  for (int i = 0; i < 8; ++i) static_cast<void>(spawner.spawn("true", {}, observers[i]));
  std::deque<RecordingObserver> more(4);
  for (auto& observer : more) static_cast<void>(spawner.spawn("true", {}, observer));
  ASSERT_EQ(local.spawned(), 1U);
  up(0);
  // Nine sessions on the first master, then the second opens for the other three.
  ASSERT_EQ(local.spawned(), 1U + kSessionsPerMaster + 1U);
  const std::size_t second = kSessionsPerMaster + 1;
  EXPECT_THAT(command(second), HasSubstr("'ControlMaster=yes'"));
  up(second);
  ASSERT_EQ(local.spawned(), second + 4U);
  const std::string path = control_path(second);
  for (std::size_t i = second + 1; i < second + 4; ++i) EXPECT_THAT(command(i), HasSubstr(path));
  EXPECT_THAT(command(1), Not(HasSubstr(path)));
  EXPECT_THAT(command(1), HasSubstr(control_path(0)));
}

TEST_F(HostsSpawnerTest, ADeadHostIsLeftOutForAWhileAndItsTaskRunsElsewhere) {
  HostsSpawner spawner(local, clock, hosts({{"dead", 1}, {"h1", 1}}));
  static_cast<void>(spawner.spawn("true", {}, observers[0]));
  ASSERT_EQ(local.spawned(), 2U);
  local.write(0, OutputStream::stderr_stream, "ssh: connect to host dead: Connection refused\n");
  local.finish(0, ProcessExit::exited(255));
  EXPECT_EQ(local.spawned(), 2U);
  up(1);
  ASSERT_EQ(local.spawned(), 3U);
  EXPECT_THAT(command(2), HasSubstr("'ControlMaster=no' h1 "));
  started(2, 5);
  exited(2, 0);
  EXPECT_EQ(observers[0].exit()->exit_code, 0);

  // Within 30 s the dead host is not tried again; after, a new master is opened for it.
  static_cast<void>(spawner.spawn("true", {}, observers[1]));
  static_cast<void>(spawner.spawn("true", {}, observers[2]));
  ASSERT_EQ(local.spawned(), 4U);
  EXPECT_THAT(command(3), HasSubstr("'ControlMaster=no' h1 "));
  clock.advance(31s);
  started(3, 6);
  exited(3, 0);
  ASSERT_EQ(local.spawned(), 6U);
  EXPECT_THAT(command(4), HasSubstr("'ControlMaster=yes'"));
  EXPECT_THAT(command(4), HasSubstr("-N dead"));
  EXPECT_THAT(command(5), HasSubstr("'ControlMaster=no' h1 "));
}

TEST_F(HostsSpawnerTest, WithNoHostLeftTheTaskFailsWith255AndSaysWhy) {
  HostsSpawner spawner(local, clock, hosts({{"dead", 1}}));
  Deferred<ProcessExit> done = spawner.spawn("true", {}, observers[0]);
  local.write(0, OutputStream::stderr_stream, "ssh: connect to host dead: Connection refused\n");
  local.finish(0, ProcessExit::exited(255));
  clock.advance(0s);
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(observers[0].exit()->exit_code, 255);
  EXPECT_EQ(observers[0].err(),
            "tasker: no host could run the task: dead (ssh: connect to host dead: Connection "
            "refused)\n");
  EXPECT_TRUE(done.called());
  EXPECT_EQ(local.spawned(), 1U);
}

TEST_F(HostsSpawnerTest, AnSshThatCannotBeStartedSaysWhyOnce) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  static_cast<void>(spawner.spawn("true", {}, observers[0]));
  local.finish(0, ProcessExit::not_started("cannot run ssh: No such file or directory"));
  clock.advance(0s);
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(observers[0].exit()->exit_code, 255);
  EXPECT_EQ(observers[0].err(),
            "tasker: no host could run the task: h1 (cannot run ssh: No such file or "
            "directory)\n");
}

TEST_F(HostsSpawnerTest, AClientThatCannotReachItsHostMovesTheTask) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}, {"h2", 1}}));
  static_cast<void>(spawner.spawn("true", {}, observers[0]));
  up(0);
  up(1);
  ASSERT_EQ(local.spawned(), 3U);
  EXPECT_THAT(command(2), HasSubstr("'ControlMaster=no' h1 "));
  local.write(2, OutputStream::stderr_stream, "mux_client_request_session: failed\n");
  local.finish(2, ProcessExit::exited(255));
  EXPECT_FALSE(observers[0].done());
  ASSERT_EQ(local.spawned(), 4U);
  EXPECT_THAT(command(3), HasSubstr("'ControlMaster=no' h2 "));
  started(3, 8);
  exited(3, 0);
  EXPECT_EQ(observers[0].exit()->host, "h2");
  EXPECT_EQ(observers[0].err(), "");
}

TEST_F(HostsSpawnerTest, ACancelSendsTermThroughTheMasterThenKillAfterTheGrace) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  Deferred<ProcessExit> done = spawner.spawn("sleep 60", {}, observers[0]);
  bool cancelled = false;
  done.add_errback([&cancelled](const Failure& f) { cancelled = f.check<CancelledError>(); });
  up(0);
  started(1, 4242);
  done.cancel();
  EXPECT_TRUE(cancelled);
  ASSERT_EQ(local.spawned(), 3U);
  EXPECT_THAT(command(2), HasSubstr("'ControlMaster=no' h1 'kill -TERM -4242'"));
  EXPECT_EQ(local.process(1).cancels, 0);
  clock.advance(2s);
  ASSERT_EQ(local.spawned(), 4U);
  EXPECT_THAT(command(3), HasSubstr("'kill -KILL -4242'"));
  EXPECT_EQ(local.process(1).cancels, 1);
  local.finish(1, ProcessExit::killed(SIGTERM));
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(*observers[0].exit(), [] {
    ProcessExit killed = ProcessExit::killed(SIGKILL);
    killed.host = "h1";
    return killed;
  }());
}

TEST_F(HostsSpawnerTest, ACancelBeforeTheCommandStartedEndsTheClient) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  Deferred<ProcessExit> done = spawner.spawn("sleep 60", {}, observers[0]);
  done.add_errback([](const Failure&) {});
  up(0);
  done.cancel();
  EXPECT_EQ(local.process(1).cancels, 1);
  EXPECT_EQ(local.spawned(), 2U);  // nothing to signal through the master
}

TEST_F(HostsSpawnerTest, ACancelWhileWaitingForTheMasterStartsNothing) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  Deferred<ProcessExit> done = spawner.spawn("sleep 60", {}, observers[0]);
  done.add_errback([](const Failure&) {});
  done.cancel();
  clock.advance(0s);
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(observers[0].exit()->signal, SIGTERM);
  up(0);
  EXPECT_EQ(local.spawned(), 1U);
  EXPECT_EQ(spawner.live(), 0U);
}

TEST_F(HostsSpawnerTest, TheMastersEndWithTheSpawner) {
  {
    HostsSpawner spawner(local, clock, hosts({{"h1", 1}, {"h2", 1}}));
    static_cast<void>(spawner.spawn("true", {}, observers[0]));
    up(0);
    started(2, 3);
    exited(2, 0);
    EXPECT_EQ(local.process(0).cancels, 0);
  }
  EXPECT_EQ(local.process(0).cancels, 1);
  EXPECT_EQ(local.process(1).cancels, 1);
}

}  // namespace
}  // namespace tasker
