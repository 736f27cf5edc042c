// HostsSpawner's slot shells over a FakeSpawner and a ManualClock: the tasks of a slot sent one
// after another to one ssh session's shell (core/process/slot_shell.hpp), their output and
// statuses read back from its end lines, a cancel as signal lines, a shell that cannot reach its
// host, and a task with input waiting for its slot's shell to end. The shell itself runs for real
// in slot_shell_test.cpp, and over the real sshd in tests/engines/ssh_hosts_test.sh.

#include "core/deferred/errors.hpp"
#include "core/process/hosts_spawner.hpp"
#include "tests/support/hosts_spawner_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace tasker {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;

class HostsSpawnerSlotShellTest : public HostsSpawnerFixture {
 protected:
  ~HostsSpawnerSlotShellTest() override {
    for (const auto& [process, fd] : readers_) ::close(fd);
  }

  static HostsOptions hosts(std::vector<HostsOptions::Host> list) {
    return HostsSpawnerFixture::hosts(std::move(list), true);
  }

  // What tasker wrote to the stdin of process `i` (a slot shell's) since the last call; "EOF"
  // at the end once that stdin was closed.
  std::string sent(std::size_t i) {
    const std::string& path = local.process(i).options.stdin_path;
    EXPECT_THAT(path, StartsWith("/proc/self/fd/"));
    auto [reader, fresh] = readers_.try_emplace(i, -1);
    if (fresh)
      reader->second = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    std::string out;
    char buffer[4096];
    while (true) {
      const ssize_t n = ::read(reader->second, buffer, sizeof buffer);
      if (n > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0)
        out += "EOF";
      break;
    }
    return out;
  }

  // The shell, process `i`, ran the task of `marker`: its start line, `out` and its end lines.
  void ran(std::size_t i, const std::string& marker, const std::string& out, int code) {
    local.write(i, OutputStream::stderr_stream, marker + " start 4242 \n");
    local.write(i, OutputStream::stdout_stream, out + marker + " end\n");
    local.write(i, OutputStream::stderr_stream, marker + " exit " + std::to_string(code) + "\n");
  }

 private:
  std::map<std::size_t, int> readers_;  // by process: an fd's number may be used again
};

TEST_F(HostsSpawnerSlotShellTest, TasksOfASlotRunOneAfterAnotherInOneSession) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  Deferred<ProcessExit> first = spawner.spawn("echo one", {}, observers[0]);
  Deferred<ProcessExit> second = spawner.spawn("echo two", {}, observers[1]);
  up(0);
  ASSERT_EQ(local.spawned(), 2U);  // the master, and the slot's shell
  EXPECT_THAT(command(1), HasSubstr("-o 'ControlMaster=no' h1 'exec sh -c"));
  EXPECT_THAT(local.process(1).options.argv.back(), StartsWith("exec sh -c "));
  EXPECT_THAT(command(1), Not(HasSubstr("echo one")));  // the tasks go through its stdin

  const std::string message = sent(1);
  const std::string marker = remote_marker_in(message);
  EXPECT_EQ(message, marker + " 1\n echo one\n");
  EXPECT_EQ(sent(1), "");  // the second waits for the slot
  ran(1, marker, "one", 3);
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(observers[0].out(), "one");
  EXPECT_EQ(observers[0].exit()->exit_code, 3);
  EXPECT_EQ(observers[0].exit()->host, "h1");
  EXPECT_TRUE(first.called());

  const std::string next = sent(1);
  EXPECT_EQ(next, remote_marker_in(next) + " 1\n echo two\n");
  EXPECT_NE(remote_marker_in(next), marker);
  ran(1, remote_marker_in(next), "two\n", 0);
  EXPECT_EQ(observers[1].out(), "two\n");
  EXPECT_EQ(observers[1].exit()->exit_code, 0);
  EXPECT_TRUE(second.called());
  EXPECT_EQ(local.spawned(), 2U);
  EXPECT_EQ(spawner.live(), 0U);
}

TEST_F(HostsSpawnerSlotShellTest, ATaskEndsOnlyOnceBothEndLinesCameWhereverTheReadsCut) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  static_cast<void>(spawner.spawn("work", {}, observers[0]));
  up(0);
  const std::string marker = remote_marker_in(sent(1));
  // stdout before the start line is held, as the wrapper's is.
  local.write(1, OutputStream::stdout_stream, "early ");
  local.write(1, OutputStream::stderr_stream, marker + " start 4242 \nwarn");
  local.write(1, OutputStream::stderr_stream, "ing\n" + marker + " signal 15\n");
  EXPECT_FALSE(observers[0].done());
  local.write(1, OutputStream::stdout_stream, "late\n" + marker.substr(0, 5));
  EXPECT_FALSE(observers[0].done());
  EXPECT_EQ(observers[0].out(), "early late\n");  // a whole line goes on as it comes
  local.write(1, OutputStream::stdout_stream, marker.substr(5) + " end\n");
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(observers[0].out(), "early late\n");
  EXPECT_EQ(observers[0].err(), "warning\n");
  EXPECT_EQ(observers[0].exit()->signal, SIGTERM);
}

TEST_F(HostsSpawnerSlotShellTest, TheEnvironmentAndFolderAreLinesOfTheTask) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  ProcessOptions options;
  options.env = {{"A", "x y"}};
  options.cwd = "/srv";
  static_cast<void>(spawner.spawn("pwd", options, observers[0]));
  up(0);
  const std::string message = sent(1);
  EXPECT_EQ(message, remote_marker_in(message) + " 3\n export A='x y'\n cd /srv || exit 1\n pwd\n");
  EXPECT_TRUE(local.process(1).options.env.empty());
  EXPECT_TRUE(local.process(1).options.cwd.empty());
}

// The remote shell starts in the login's home: a relative folder (a task file's) starts from
// the one tasker runs in, as it does here.
TEST_F(HostsSpawnerSlotShellTest, ARelativeFolderStartsFromTheOneTaskerRunsIn) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  ProcessOptions options;
  options.cwd = "work dir";
  static_cast<void>(spawner.spawn("pwd", options, observers[0]));
  up(0);
  const std::string message = sent(1);
  const std::string here = std::filesystem::current_path().string();
  EXPECT_EQ(message, remote_marker_in(message) + " 2\n cd " + shell_quote(here + "/work dir") +
                         " || exit 1\n pwd\n");
}

TEST_F(HostsSpawnerSlotShellTest, EachSlotHasAShellOfItsOwn) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 2}}));
  static_cast<void>(spawner.spawn("a", {}, observers[0]));
  static_cast<void>(spawner.spawn("b", {}, observers[1]));
  up(0);
  ASSERT_EQ(local.spawned(), 3U);
  EXPECT_THAT(sent(1), HasSubstr(" a\n"));
  EXPECT_THAT(sent(2), HasSubstr(" b\n"));
}

TEST_F(HostsSpawnerSlotShellTest, ACommandTooLongForTheShellRunsInASessionOfItsOwn) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  const std::string long_command = "echo " + std::string(kSlotShellTaskLimit, 'x');
  static_cast<void>(spawner.spawn(long_command, {}, observers[0]));
  up(0);
  ASSERT_EQ(local.spawned(), 2U);
  EXPECT_THAT(command(1), HasSubstr("xxxxxxxx"));  // the wrapper's command line carries it
  EXPECT_EQ(local.process(1).options.stdin_path.find("/proc/self/fd/"), 0U);
}

TEST_F(HostsSpawnerSlotShellTest, ACancelIsATermLineThenAKillLineAfterTheGraceThatEndsTheShell) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  Deferred<ProcessExit> done = spawner.spawn("sleep 60", {}, observers[0]);
  bool cancelled = false;
  done.add_errback([&cancelled](const Failure& f) { cancelled = f.check<CancelledError>(); });
  up(0);
  const std::string marker = remote_marker_in(sent(1));
  local.write(1, OutputStream::stderr_stream, marker + " start 4242 \n");
  done.cancel();
  EXPECT_TRUE(cancelled);
  EXPECT_EQ(sent(1), "kTERM\n");
  EXPECT_EQ(local.spawned(), 2U);  // no session of its own for the signal
  EXPECT_EQ(local.process(1).cancels, 0);
  clock.advance(2s);
  EXPECT_EQ(sent(1), "kKILL\nEOF");
  EXPECT_EQ(local.process(1).cancels, 1);
  local.finish(1, ProcessExit::exited(255));
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(observers[0].exit()->signal, SIGKILL);
  EXPECT_EQ(observers[0].exit()->host, "h1");

  // The slot's next task gets a new shell.
  static_cast<void>(spawner.spawn("true", {}, observers[1]));
  ASSERT_EQ(local.spawned(), 3U);
  EXPECT_THAT(sent(2), HasSubstr(" true\n"));
}

TEST_F(HostsSpawnerSlotShellTest, ATaskThatEndsAtItsTermNeedsNoKill) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  Deferred<ProcessExit> done = spawner.spawn("sleep 60", {}, observers[0]);
  done.add_errback([](const Failure&) {});
  up(0);
  const std::string marker = remote_marker_in(sent(1));
  local.write(1, OutputStream::stderr_stream, marker + " start 4242 \n");
  done.cancel();
  EXPECT_EQ(sent(1), "kTERM\n");
  local.write(1, OutputStream::stdout_stream, marker + " end\n");
  local.write(1, OutputStream::stderr_stream, marker + " signal 15\n");
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(observers[0].exit()->signal, SIGTERM);
  clock.advance(5s);
  EXPECT_EQ(sent(1), "");  // no KILL: the shell lives on for the slot
  EXPECT_EQ(local.process(1).cancels, 0);
}

TEST_F(HostsSpawnerSlotShellTest, ACancelBeforeTheTaskStartedEndsTheShell) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  Deferred<ProcessExit> done = spawner.spawn("sleep 60", {}, observers[0]);
  done.add_errback([](const Failure&) {});
  up(0);
  static_cast<void>(sent(1));
  done.cancel();
  EXPECT_EQ(sent(1), "EOF");
  EXPECT_EQ(local.process(1).cancels, 1);
  local.finish(1, ProcessExit::killed(SIGTERM));
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(observers[0].exit()->signal, SIGTERM);
}

TEST_F(HostsSpawnerSlotShellTest, AShellThatCannotReachItsHostMovesItsTask) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}, {"h2", 1}}));
  static_cast<void>(spawner.spawn("true", {}, observers[0]));
  ASSERT_EQ(local.spawned(), 2U);  // both masters: the task takes the first one up
  up(0);
  ASSERT_EQ(local.spawned(), 3U);
  EXPECT_THAT(command(2), HasSubstr(" h1 'exec sh -c"));
  local.write(2, OutputStream::stderr_stream, "mux_client_request_session: failed\n");
  local.finish(2, ProcessExit::exited(255));
  EXPECT_EQ(local.spawned(), 3U);  // h1 is down; the task waits for h2's master
  up(1);
  ASSERT_EQ(local.spawned(), 4U);
  EXPECT_THAT(command(3), HasSubstr(" h2 'exec sh -c"));
  ran(3, remote_marker_in(sent(3)), "", 0);
  ASSERT_TRUE(observers[0].done());
  EXPECT_EQ(observers[0].exit()->exit_code, 0);
  EXPECT_EQ(observers[0].exit()->host, "h2");
  EXPECT_EQ(observers[0].err(), "");
}

TEST_F(HostsSpawnerSlotShellTest, ATaskWithInputWaitsForItsSlotsShellToEnd) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  static_cast<void>(spawner.spawn("true", {}, observers[0]));
  up(0);
  ran(1, remote_marker_in(sent(1)), "", 0);
  ASSERT_TRUE(observers[0].done());

  ProcessOptions input;
  input.stdin_path = "/tmp/spool";
  static_cast<void>(spawner.spawn("cat", input, observers[1]));
  EXPECT_EQ(sent(1), "EOF");  // the shell's session ends first
  EXPECT_EQ(local.process(1).cancels, 1);
  EXPECT_EQ(local.spawned(), 2U);
  local.finish(1, ProcessExit::exited(0));
  ASSERT_EQ(local.spawned(), 3U);
  EXPECT_EQ(local.process(2).options.stdin_path, "/tmp/spool");
  EXPECT_THAT(command(2), HasSubstr(" h1 'exec sh -c"));
  EXPECT_THAT(command(2), HasSubstr("cat"));
  EXPECT_FALSE(observers[1].done());
}

TEST_F(HostsSpawnerSlotShellTest, ACancelWhileWaitingForTheShellToEndStartsNothing) {
  HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
  static_cast<void>(spawner.spawn("true", {}, observers[0]));
  up(0);
  ran(1, remote_marker_in(sent(1)), "", 0);
  ProcessOptions input;
  input.stdin_path = "/tmp/spool";
  Deferred<ProcessExit> done = spawner.spawn("cat", input, observers[1]);
  done.add_errback([](const Failure&) {});
  done.cancel();
  clock.advance(0s);
  ASSERT_TRUE(observers[1].done());
  EXPECT_EQ(observers[1].exit()->signal, SIGTERM);
  local.finish(1, ProcessExit::exited(0));
  EXPECT_EQ(local.spawned(), 2U);
  EXPECT_EQ(spawner.live(), 0U);
}

TEST_F(HostsSpawnerSlotShellTest, TheShellsEndWithTheSpawner) {
  {
    HostsSpawner spawner(local, clock, hosts({{"h1", 1}}));
    static_cast<void>(spawner.spawn("true", {}, observers[0]));
    up(0);
    ran(1, remote_marker_in(sent(1)), "", 0);
    EXPECT_EQ(local.process(1).cancels, 0);
  }
  EXPECT_EQ(local.process(1).cancels, 1);
  EXPECT_EQ(local.process(0).cancels, 1);
}

}  // namespace
}  // namespace tasker
