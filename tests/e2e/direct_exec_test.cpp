// How commands are run, end to end: one without shell syntax runs directly,
// with the shell's exit statuses and messages kept; `--shell` forces the
// shell (core/process/simple_command.hpp decides, tests/core/process/simple_command_test.cpp
// tests the decision itself).

#include "tests/support/run_tasker.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace tasker::testing {
namespace {

using nlohmann::json;

class DirectExec : public ::testing::Test {
 protected:
  TaskerResult run(const std::vector<std::string>& args) { return run_tasker(args, dir, ""); }
  ScratchDir dir;
};

TEST_F(DirectExec, MissingCommandIs127WithTheShellsMessage) {
  const TaskerResult r = run({"gather", "tasker-no-such-command --x"});
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_NE(r.err.find("tasker-no-such-command: not found"), std::string::npos) << r.err;
}

TEST_F(DirectExec, NotExecutableIs126) {
  write_file(dir.file("script"), "echo never\n");
  const TaskerResult r = run({"gather", dir.file("script")});
  EXPECT_EQ(r.exit_code, 126);
  EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
}

TEST_F(DirectExec, SameOutputAndReportWithOrWithoutTheShell) {
  for (const std::string& command : {std::string("echo a  b"), std::string("ls /")}) {
    const TaskerResult direct = run({"gather", "--json", command, "true"});
    const TaskerResult shell = run({"gather", "--json", "--shell", "always", command, "true"});
    ASSERT_EQ(direct.exit_code, 0) << direct.err;
    ASSERT_EQ(shell.exit_code, 0) << shell.err;
    const json d = json::parse(direct.out);
    const json s = json::parse(shell.out);
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(d["tasks"][i]["stdout"], s["tasks"][i]["stdout"]) << command;
      EXPECT_EQ(d["tasks"][i]["status"], s["tasks"][i]["status"]) << command;
    }
  }
}

TEST_F(DirectExec, ShellPathForcesTheShellEvenForPlainCommands) {
  const TaskerResult r = run({"gather", "--shell", dir.file("no-shell"), "true"});
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_NE(r.err.find("no-shell"), std::string::npos) << r.err;
}

TEST_F(DirectExec, ShellAlwaysIsBinSh) {
  const TaskerResult r = run({"gather", "--shell", "always", "echo $((1 + 2))", "true"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("| 3\n"), std::string::npos) << r.out;
}

TEST_F(DirectExec, EveryRunsPlainCommandsDirectlyToo) {
  const TaskerResult r =
      run({"every", "10ms", "--count", "2", "-q", "--", "tasker-no-such-command"});
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_NE(r.err.find("not found"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tasker::testing
