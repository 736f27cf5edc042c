// The slot shell run for real by sh, in a session of its own as sshd starts it, fed the messages
// tasker sends: each task's status as the task's own, its output with the end lines after it,
// what a task leaves behind ended, a signal line reaching the running task, and the group ended
// when its stdin closes. The real sshd is in tests/engines/ssh_hosts_test.sh.

#include "core/process/slot_shell.hpp"

#include "core/input/shell_words.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace tasker {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

class SlotShellTest : public ::testing::Test {
 protected:
  SlotShellTest() : dir_(::testing::TempDir() + "slot-shell-" + std::to_string(::getpid())) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~SlotShellTest() override { std::filesystem::remove_all(dir_); }

  // Runs the shell as ssh would, in a session of its own, its stdin `script`'s output (the
  // messages, with pauses between); its stdout and stderr go to files.
  int run(const std::string& script) {
    const std::string line = slot_shell_command_line(1s);
    std::ofstream(dir_ + "/feed") << script;
    const std::string command = "sh " + shell_quote(dir_ + "/feed") + " | setsid -w sh -c " +
                                shell_quote(line) + " >" + shell_quote(dir_ + "/out") + " 2>" +
                                shell_quote(dir_ + "/err");
    return std::system(command.c_str());
  }

  [[nodiscard]] std::string read(const std::string& name) const {
    std::ifstream in(dir_ + "/" + name);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  // The shell's message for `command`, as a printf argument in the feed script.
  static std::string send(const std::string& marker, const std::string& command) {
    return "printf %s " + shell_quote(slot_shell_task(marker, command)) + "\n";
  }

  // A line of the feed script that waits (20 s at most) until the shell's stderr holds `text`:
  // a task says so once it is ready for a signal.
  [[nodiscard]] std::string await(const std::string& text) const {
    return "i=0; until grep -q " + shell_quote(text) + " " + shell_quote(dir_ + "/err") +
           " || [ $i -ge 1000 ]; do sleep 0.02; i=$((i + 1)); done\n";
  }

  std::string dir_;
};

TEST(SlotShellMessageTest, ALineCountThenEachLineOfTheCommandAfterASpace) {
  EXPECT_EQ(slot_shell_task("m-1", "echo hi"), "m-1 1\n echo hi\n");
  EXPECT_EQ(slot_shell_task("m-2", "kTERM\n\necho 'a\nb'"), "m-2 4\n kTERM\n \n echo 'a\n b'\n");
  EXPECT_EQ(slot_shell_signal("TERM"), "kTERM\n");
}

TEST_F(SlotShellTest, RunsTasksOneAfterAnotherWithTheirOwnStatusesAndEndLines) {
  run(send("m-1", "echo one; echo err >&2; exit 3") + "sleep 0.2\n" +
      send("m-2", "printf 'no newline'; kill -9 $$") + "sleep 0.2\n" +
      send("m-3", "echo \"two\n  lines\"; [ \"$0\" = sh ] && exit 0") + "sleep 0.2\n");
  EXPECT_EQ(read("out"), "one\nm-1 end\nno newlinem-2 end\ntwo\n  lines\nm-3 end\n");
  const std::string err = read("err");
  EXPECT_THAT(err, testing::MatchesRegex("m-1 start [0-9]+ \nerr\nm-1 exit 3\n"
                                         "m-2 start [0-9]+ \nm-2 signal 9\n"
                                         "m-3 start [0-9]+ \nm-3 exit 0\n"));
}

TEST_F(SlotShellTest, WhatATaskLeavesRunningIsEndedWithIt) {
  const std::string flag = dir_ + "/left";
  run(send("m-1", "(sleep 1; touch " + shell_quote(flag) + ") & echo started") + "sleep 2\n");
  EXPECT_EQ(read("out"), "started\nm-1 end\n");
  EXPECT_FALSE(std::filesystem::exists(flag));
}

TEST_F(SlotShellTest, ASignalLineReachesTheRunningTaskAndTheShellGoesOn) {
  run(send("m-1", "trap 'echo got TERM; exit 5' TERM; echo ready-1 >&2; sleep 5 & wait") +
      await("ready-1") + "printf 'kTERM\\n'\n" + send("m-2", "echo ready-2 >&2; exec sleep 5") +
      await("ready-2") + "printf 'kTERM\\n'\n" + send("m-3", "echo after") + await("m-3 exit"));
  EXPECT_EQ(read("out"), "got TERM\nm-1 end\nm-2 end\nafter\nm-3 end\n");
  EXPECT_THAT(read("err"), HasSubstr("m-1 exit 5\n"));
  EXPECT_THAT(read("err"), HasSubstr("m-2 signal 15\n"));
  EXPECT_THAT(read("err"), HasSubstr("m-3 exit 0\n"));
}

TEST_F(SlotShellTest, TheEndOfItsStdinEndsTheRunningTaskAndTheGroup) {
  const std::string flag = dir_ + "/left";
  const auto before = std::chrono::steady_clock::now();
  run(send("m-1", "trap '' TERM; echo ready >&2; sleep 30; touch " + shell_quote(flag)) +
      await("ready"));
  // TERM is ignored: KILL after the grace of 1 s, long before the task's 30 s.
  EXPECT_LT(std::chrono::steady_clock::now() - before, 20s);
  EXPECT_THAT(read("out"), Not(HasSubstr("m-1 end")));
  // Nothing of the task is left: its command line names the flag. (The bracket keeps pgrep's own
  // shell, whose command line has the pattern, from matching.)
  const std::string pattern = "[" + flag.substr(0, 1) + "]" + flag.substr(1);
  EXPECT_NE(std::system(("pgrep -f " + shell_quote(pattern) + " >/dev/null").c_str()), 0);
}

}  // namespace
}  // namespace tasker
