// ChainNode on a FakeSpawner and a ManualClock: each rule of docs/rules.md a chain
// of commands relies on (A1–A4, A8, A12, I4, I5), one test or more per rule.

#include "core/run/chain_node.hpp"

#include "core/run/command_node.hpp"
#include "core/run/group_node.hpp"
#include "tests/support/node_test.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <optional>
#include <string>
#include <vector>

namespace tasker {
namespace {

using namespace std::chrono_literals;

NodeMaker command(const std::string& name, const std::string& text, TaskOptions options = {}) {
  return [=](std::size_t, const std::string& parent) {
    CommandSpec spec;
    spec.command = text;
    spec.task = options;
    spec.spool_output = true;
    return std::make_unique<CommandNode>(name, parent + "/" + name, spec);
  };
}

LevelSpec level(LevelKind kind, NodeMaker step) {
  LevelSpec spec;
  spec.kind = kind;
  spec.step = std::move(step);
  return spec;
}

class ChainNodeTest : public NodeTest {
 protected:
  Deferred<StepValue> start(NodeMaker body, std::vector<LevelSpec> levels, NodeMaker needs = {}) {
    chain_ =
        std::make_unique<ChainNode>("c", "c", std::move(needs), std::move(body), std::move(levels));
    return start_node(*chain_);
  }

  std::unique_ptr<ChainNode> chain_;
};

const ProcessExit kOk = ProcessExit::exited(0);

TEST_F(ChainNodeTest, ThenRunsOnSuccessAndItsOutcomeBecomesTheResult) {
  start(command("cmd", "build"), {level(LevelKind::then, command("then#1", "package"))});
  finish("build", kOk);
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "package"}));
  EXPECT_FALSE(result_);  // paused on package (A8)
  finish("package", ProcessExit::exited(4));
  EXPECT_EQ(result_status(), 4);
  EXPECT_EQ(chain_->levels()[0].ran, Fired::callback);
  EXPECT_EQ(chain_->levels()[0].track_after, Fired::errback);
}

TEST_F(ChainNodeTest, ThenIsSkippedOnAFailureWhichPassesOnUntouched) {
  start(command("cmd", "build"), {level(LevelKind::then, command("then#1", "package"))});
  finish("build", ProcessExit::exited(2));
  EXPECT_EQ(commands(), (std::vector<std::string>{"build"}));
  EXPECT_EQ(result_status(), 2);
  EXPECT_EQ(chain_->levels()[0].ran, Fired::none);
}

TEST_F(ChainNodeTest, CatchRecoversWhenItsCommandExitsZero) {
  start(command("cmd", "build"), {level(LevelKind::catch_, command("catch#1", "notify")),
                                  level(LevelKind::then, command("then#2", "after"))});
  finish("build", ProcessExit::exited(3));
  EXPECT_EQ(env_of("notify", "TASKER_STATUS"), "3");
  EXPECT_EQ(env_of("notify", "TASKER_ERROR"), "exited with 3");
  EXPECT_EQ(env_of("notify", "TASKER_FROM"), "cmd");
  finish("notify", kOk);
  EXPECT_EQ(commands().back(), "after");  // recovered: the callback track again (A3)
  EXPECT_EQ(env_of("after", "TASKER_STATUS"), "0");
  EXPECT_EQ(env_of("after", "TASKER_FROM"), "catch#1");
  finish("after", kOk);
  EXPECT_EQ(result_status(), 0);
}

TEST_F(ChainNodeTest, ATrapThatDoesNotMatchPassesTheFailureOnUnchanged) {
  LevelSpec trapped = level(LevelKind::catch_, command("catch#1", "fix"));
  trapped.trap = StatusTrap::parse("1-2");
  start(command("cmd", "build"), {trapped, level(LevelKind::catch_, command("catch#2", "all"))});
  finish("build", ProcessExit::exited(7));
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "all"}));  // A12: re-raised
  EXPECT_EQ(env_of("all", "TASKER_FROM"), "cmd");  // still the process that produced it
  EXPECT_EQ(chain_->levels()[0].ran, Fired::none);
  EXPECT_EQ(chain_->levels()[0].track_after, Fired::errback);
}

TEST_F(ChainNodeTest, TrapTimeoutMatchesAStepTimeout) {
  TaskOptions timed;
  timed.timeout = 1s;
  LevelSpec trapped = level(LevelKind::catch_, command("catch#1", "slow-fix"));
  trapped.trap = StatusTrap::parse("timeout");
  start(command("cmd", "slow", timed), {trapped});
  clock.advance(1s);
  finish("slow", ProcessExit::killed(SIGTERM));
  EXPECT_EQ(commands().back(), "slow-fix");
  EXPECT_EQ(env_of("slow-fix", "TASKER_STATUS"), "124");
  EXPECT_EQ(env_of("slow-fix", "TASKER_ERROR"), "timed out");
}

// A4: addCallbacks(cb, eb) is one level: eb never sees cb's failure.
TEST_F(ChainNodeTest, CallbacksIsOneLevelSoItsErrbackNeverSeesItsCallbacksFailure) {
  LevelSpec pair = level(LevelKind::callbacks, command("callbacks#1", "cb"));
  pair.errback = command("callbacks#1", "eb");
  start(command("cmd", "build"), {pair});
  finish("build", kOk);
  finish("cb", ProcessExit::exited(5));
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "cb"}));
  EXPECT_EQ(result_status(), 5);
}

TEST_F(ChainNodeTest, ThenAndCatchAreTwoLevelsSoTheCatchSeesTheThensFailure) {
  start(command("cmd", "build"), {level(LevelKind::then, command("then#1", "cb")),
                                  level(LevelKind::catch_, command("catch#2", "eb"))});
  finish("build", kOk);
  finish("cb", ProcessExit::exited(5));
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "cb", "eb"}));
}

TEST_F(ChainNodeTest, FinallyKeepsTheResultItReceivedWhenItSucceeds) {
  start(command("cmd", "build"), {level(LevelKind::finally, command("finally#1", "clean"))});
  finish("build", ProcessExit::exited(6));
  finish("clean", kOk);
  EXPECT_EQ(result_status(), 6);
  EXPECT_EQ(chain_->levels()[0].ran, Fired::errback);
}

TEST_F(ChainNodeTest, FinallyReplacesTheResultWhenItFails) {
  start(command("cmd", "build"), {level(LevelKind::finally, command("finally#1", "clean"))});
  finish("build", kOk);
  finish("clean", ProcessExit::exited(9));
  EXPECT_EQ(result_status(), 9);
}

TEST_F(ChainNodeTest, BothRunsOnEitherTrackAndExitZeroRecovers) {
  start(command("cmd", "build"), {level(LevelKind::both, command("both#1", "report"))});
  finish("build", ProcessExit::exited(1));
  finish("report", kOk);
  EXPECT_EQ(result_status(), 0);
}

TEST_F(ChainNodeTest, AStepReadsTheStdoutOfTheStepWhoseOutcomeItHandles) {
  start(command("cmd", "build"), {level(LevelKind::then, command("then#1", "package"))});
  spawner.write(0, OutputStream::stdout_stream, "artifact\n");
  finish("build", kOk);
  const std::string stdin_path = spawner.process(1).options.stdin_path;
  ASSERT_NE(stdin_path.rfind("/proc/self/fd/", 0), std::string::npos) << stdin_path;
  // /proc/self is this test process, which holds the spool.
  FILE* spool = std::fopen(stdin_path.c_str(), "r");
  ASSERT_NE(spool, nullptr);
  char text[32] = {};
  EXPECT_EQ(std::fread(text, 1, sizeof(text) - 1, spool), 9u);
  std::fclose(spool);
  EXPECT_STREQ(text, "artifact\n");
}

// A8: a level whose step is a group pauses the chain until the group fires.
TEST_F(ChainNodeTest, ALevelThatIsAGroupPausesTheChainUntilItFires) {
  NodeMaker group = [](std::size_t index, const std::string& parent) {
    std::vector<NodeMaker> members{command("a", "lint"), command("b", "test")};
    return std::make_unique<GroupNode>(NodeKind::gather, "checks", parent + "/checks",
                                       GroupOptions{}, std::move(members));
    static_cast<void>(index);
  };
  start(command("cmd", "build"),
        {level(LevelKind::then, group), level(LevelKind::then, command("then#2", "package"))});
  finish("build", kOk);
  finish("lint", kOk);
  EXPECT_EQ(commands().back(), "test");
  finish("test", kOk);
  EXPECT_EQ(commands().back(), "package");
  EXPECT_EQ(env_of("package", "TASKER_FROM"), "checks");
}

TEST_F(ChainNodeTest, AFailedNeedSkipsTheBodyAndIsWhatTheLevelsSee) {
  NodeMaker needs = [](std::size_t, const std::string& parent) {
    std::vector<NodeMaker> members{command("setup", "setup")};
    GroupOptions spec;
    spec.consume_errors = true;
    return std::make_unique<GroupNode>(NodeKind::needs, "needs", parent + "/needs", spec,
                                       std::move(members));
  };
  start(command("cmd", "build"), {level(LevelKind::catch_, command("catch#1", "notify"))}, needs);
  finish("setup", ProcessExit::exited(8));
  EXPECT_EQ(commands(), (std::vector<std::string>{"setup", "notify"}));
  EXPECT_EQ(env_of("notify", "TASKER_STATUS"), "8");
}

// I5: an interrupt cancels the running step, then only cleanup levels run,
// receiving `interrupted` with the signal's status.
TEST_F(ChainNodeTest, InterruptRunsOnlyCleanupLevels) {
  Deferred<StepValue> outcome =
      start(command("cmd", "build"), {level(LevelKind::then, command("then#1", "package")),
                                      level(LevelKind::catch_, command("catch#2", "notify")),
                                      level(LevelKind::finally, command("finally#3", "clean"))});
  context.interrupted_by = SIGINT;
  outcome.cancel();
  EXPECT_EQ(spawner.process(0).cancels, 1);
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "clean"}));
  EXPECT_EQ(env_of("clean", "TASKER_STATUS"), "130");
  EXPECT_EQ(env_of("clean", "TASKER_ERROR"), "interrupted");
  EXPECT_FALSE(chain_->ended());  // build still winding down, clean running
  finish("build", ProcessExit::killed(SIGTERM));
  finish("clean", kOk);
  EXPECT_TRUE(chain_->ended());
}

TEST_F(ChainNodeTest, InterruptDoesNotCancelARunningCleanupStep) {
  Deferred<StepValue> outcome =
      start(command("cmd", "build"), {level(LevelKind::finally, command("finally#1", "clean"))});
  finish("build", kOk);
  context.interrupted_by = SIGTERM;
  outcome.cancel();
  EXPECT_EQ(spawner.process(1).cancels, 0);
  finish("clean", kOk);
  EXPECT_TRUE(chain_->ended());
}

// A second interrupt kills every process at once and skips the rest: no cleanup level after
// the one it killed starts.
TEST_F(ChainNodeTest, AfterASecondInterruptNoFurtherCleanupLevelRuns) {
  Deferred<StepValue> outcome =
      start(command("cmd", "build"), {level(LevelKind::finally, command("finally#1", "clean")),
                                      level(LevelKind::both, command("both#2", "report"))});
  context.interrupted_by = SIGINT;
  outcome.cancel();
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "clean"}));
  context.killed = true;
  spawner.kill_all();
  clock.advance(0s);
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "clean"}));
  EXPECT_EQ(chain_->levels()[1].ran, Fired::none);
  EXPECT_TRUE(chain_->ended());
}

TEST_F(ChainNodeTest, EndsOnlyWhenEveryStepItStartedHasEnded) {
  start(command("cmd", "build"), {level(LevelKind::then, command("then#1", "package"))});
  finish("build", kOk);
  EXPECT_FALSE(chain_->ended());
  finish("package", kOk);
  EXPECT_TRUE(chain_->ended());
  EXPECT_EQ(listener.ended.back(), "c");
}

}  // namespace
}  // namespace tasker
