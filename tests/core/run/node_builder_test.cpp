// Trees built from task files by NodeBuilder, run on a FakeSpawner and a
// ManualClock: groups inside chains and chains inside groups, a named task
// shared through `needs` running once per scope with every referrer chained on
// its one outcome, and an `every` opening a fresh scope for each tick.

#include "core/run/node_builder.hpp"

#include "core/input/task_file_parser.hpp"
#include "core/input/task_graph.hpp"
#include "core/run/chain_node.hpp"
#include "tests/support/node_test.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tasker {
namespace {

using namespace std::chrono_literals;

class NodeBuilderTest : public NodeTest {
 protected:
  // Parses `toml` and starts the task `target` as `tasker run target` would.
  void start(std::string_view toml, const std::string& target) {
    file_ = std::make_shared<const spec::TaskFile>(parse_task_file_text(toml, "t.toml"));
    check_task_graph(*file_);
    builder_ = std::make_unique<NodeBuilder>(file_, "");
    const NodeMaker make = builder_->task(file_->find(target), target, NodeBuilder::Inherited{},
                                          std::make_shared<Scope>());
    root_ = make(0, "");
    start_node(*root_);
  }

  std::shared_ptr<const spec::TaskFile> file_;
  std::unique_ptr<NodeBuilder> builder_;
  std::unique_ptr<Node> root_;
};

const ProcessExit kOk = ProcessExit::exited(0);

// --- Chain semantics the tree relies on, beyond chain_node_test.cpp -------------------------

// A1–A3: a failure skips callbacks down to the next errback; an errback that fails keeps the
// chain on the errback track (with its own failure); one that succeeds switches back.
TEST_F(NodeBuilderTest, TheResultAlternatesBetweenTracksLevelByLevel) {
  start(R"([tasks.t]
run = "build"
chain = [{ then = "skipped-1" }, { catch = "fix-1" }, { then = "skipped-2" },
         { catch = "fix-2" }, { then = "after" }]
)",
        "t");
  finish("build", ProcessExit::exited(3));
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "fix-1"}));
  finish("fix-1", ProcessExit::exited(4));  // the errback raised: still on the errback track
  EXPECT_EQ(commands().back(), "fix-2");
  EXPECT_EQ(env_of("fix-2", "TASKER_STATUS"), "4");
  EXPECT_EQ(env_of("fix-2", "TASKER_FROM"), "catch#2");
  finish("fix-2", kOk);  // recovered: the callback track again
  EXPECT_EQ(commands().back(), "after");
  EXPECT_EQ(env_of("after", "TASKER_FROM"), "catch#4");
  finish("after", kOk);
  EXPECT_EQ(spawned("skipped-1") + spawned("skipped-2"), 0u);
  EXPECT_EQ(result_status(), 0);
}

// A4, one level: on a failure `callbacks` runs its errback, whose success recovers.
TEST_F(NodeBuilderTest, CallbacksRunsItsErrbackOnAFailureAndNotItsCallback) {
  start(R"([tasks.t]
run = "build"
chain = [{ callbacks = ["cb", "eb"] }, { then = "after" }]
)",
        "t");
  finish("build", ProcessExit::exited(2));
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "eb"}));
  EXPECT_EQ(env_of("eb", "TASKER_STATUS"), "2");
  finish("eb", kOk);
  finish("after", kOk);
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "eb", "after"}));
  EXPECT_EQ(result_status(), 0);
}

// A12: a trap that matches handles the failure like a plain catch.
TEST_F(NodeBuilderTest, ATrapThatMatchesRunsTheCatchWhichRecovers) {
  start(R"([tasks.t]
run = "build"
catch = "fix"
trap = [1, "5-7"]
)",
        "t");
  finish("build", ProcessExit::exited(6));
  EXPECT_EQ(commands().back(), "fix");
  finish("fix", kOk);
  EXPECT_EQ(result_status(), 0);
}

// A12: a trap that does not match re-raises, and the chain ends on the original failure.
TEST_F(NodeBuilderTest, ATrapThatDoesNotMatchEndsTheChainOnTheOriginalFailure) {
  start(R"([tasks.t]
run = "build"
catch = "fix"
trap = ["timeout"]
finally = "clean"
)",
        "t");
  finish("build", ProcessExit::exited(3));
  EXPECT_EQ(commands(), (std::vector<std::string>{"build", "clean"}));
  EXPECT_EQ(env_of("clean", "TASKER_STATUS"), "3");
  finish("clean", kOk);
  EXPECT_EQ(result_status(), 3);  // finally kept it
}

// A timeout is a failure (124), not an interrupt: a plain catch sees it and the chain goes on.
TEST_F(NodeBuilderTest, ABodyTimeoutIsAFailureACatchHandles) {
  start(R"([tasks.t]
run = "slow"
timeout = "2s"
chain = [{ catch = "fix" }, { then = "after" }]
)",
        "t");
  clock.advance(1s);
  EXPECT_EQ(spawner.process(0).cancels, 0);
  clock.advance(1s);
  EXPECT_EQ(spawner.process(0).cancels, 1);
  finish("slow", ProcessExit::killed(SIGTERM));
  EXPECT_EQ(commands().back(), "fix");
  EXPECT_EQ(env_of("fix", "TASKER_STATUS"), "124");
  EXPECT_EQ(env_of("fix", "TASKER_ERROR"), "timed out");
  finish("fix", kOk);
  finish("after", kOk);
  EXPECT_EQ(result_status(), 0);
}

// --- Groups in a tree --------------------------------------------------------------------------

// A8 with a group as the body: the chain waits for the whole gather, and its levels see the
// gather's outcome.
TEST_F(NodeBuilderTest, AChainOnAGatherWaitsForEveryMember) {
  start(R"([tasks.lint]
run = "lint"
[tasks.ci]
gather = ["lint", { run = "test" }]
then = "package"
)",
        "ci");
  EXPECT_EQ(commands(), (std::vector<std::string>{"lint", "test"}));
  finish("lint", kOk);
  EXPECT_EQ(spawned("package"), 0u);
  finish("test", kOk);
  EXPECT_EQ(commands().back(), "package");
  EXPECT_EQ(env_of("package", "TASKER_FROM"), "ci");
  finish("package", kOk);
  EXPECT_EQ(result_status(), 0);
  EXPECT_TRUE(root_->ended());
}

// A failing member fires the gather's errback (FirstError): the others are cancelled, and the
// catch sees the failing member's status.
TEST_F(NodeBuilderTest, AFailingGatherMemberIsWhatTheCatchSees) {
  start(R"([tasks.ci]
gather = [{ run = "lint" }, { run = "test" }]
chain = [{ then = "package" }, { catch = "notify" }]
)",
        "ci");
  finish("test", ProcessExit::exited(5));
  EXPECT_EQ(spawner.process(0).cancels, 1);  // lint: cancelled once the gather fired
  finish("lint", ProcessExit::killed(SIGTERM));
  EXPECT_EQ(commands(), (std::vector<std::string>{"lint", "test", "notify"}));
  EXPECT_EQ(env_of("notify", "TASKER_STATUS"), "5");
  finish("notify", kOk);
  EXPECT_EQ(result_status(), 0);
}

// A chain inside a group: the member's own levels run before the group counts it.
TEST_F(NodeBuilderTest, AGroupWaitsForAMembersWholeChain) {
  start(R"([tasks.all]
list = [{ run = "a", catch = "a-fix" }, { run = "b" }]
consume_errors = true
then = "after"
)",
        "all");
  finish("b", kOk);
  finish("a", ProcessExit::exited(1));
  EXPECT_EQ(spawned("after"), 0u);  // the member is still in its catch
  finish("a-fix", kOk);
  EXPECT_EQ(commands().back(), "after");
  finish("after", kOk);
  EXPECT_EQ(result_status(), 0);
}

// --- Named tasks shared through needs ---------------------------------------------------------

constexpr std::string_view kSharedSetup = R"([tasks.setup]
run = "setup"
[tasks.a]
needs = ["setup"]
run = "a"
[tasks.b]
needs = ["setup"]
run = "b"
[tasks.both]
gather = ["a", "b"]
)";

TEST_F(NodeBuilderTest, ANeedSharedByTwoTasksRunsOnceAndBothAreChainedOnIt) {
  start(kSharedSetup, "both");
  EXPECT_EQ(commands(), (std::vector<std::string>{"setup"}));
  finish("setup", kOk);
  EXPECT_EQ(commands(), (std::vector<std::string>{"setup", "a", "b"}));
  finish("a", kOk);
  finish("b", kOk);
  EXPECT_EQ(result_status(), 0);
  EXPECT_TRUE(root_->ended());
}

TEST_F(NodeBuilderTest, ASharedNeedsFailureReachesEveryReferrer) {
  start(R"([tasks.setup]
run = "setup"
[tasks.a]
needs = ["setup"]
run = "a"
catch = "a-fix"
[tasks.b]
needs = ["setup"]
run = "b"
catch = "b-fix"
[tasks.both]
gather = ["a", "b"]
)",
        "both");
  finish("setup", ProcessExit::exited(7));
  // Each referrer got the one failure (not None, A9): both catches ran with it.
  EXPECT_EQ(commands(), (std::vector<std::string>{"setup", "a-fix", "b-fix"}));
  EXPECT_EQ(env_of("a-fix", "TASKER_STATUS"), "7");
  EXPECT_EQ(env_of("b-fix", "TASKER_STATUS"), "7");
  finish("a-fix", kOk);
  finish("b-fix", kOk);
  EXPECT_EQ(result_status(), 0);
}

// A named task as a chain level is not shared: it runs afresh there.
TEST_F(NodeBuilderTest, ANamedTaskAsAChainLevelRunsAfresh) {
  start(R"([tasks.setup]
run = "setup"
[tasks.t]
needs = ["setup"]
run = "work"
then = { task = "setup" }
)",
        "t");
  finish("setup", kOk);
  finish("work", kOk);
  EXPECT_EQ(commands(), (std::vector<std::string>{"setup", "work", "setup"}));
  finish("setup", kOk);
  EXPECT_EQ(result_status(), 0);
}

// --- tasker chain's root ------------------------------------------------------------------------

// The unnamed root of `tasker chain` names its body `cmd`, or what `--name` after CMD says.
TEST_F(NodeBuilderTest, AChainRootsBodyTakesItsLabel) {
  auto chain = std::make_shared<spec::Task>();
  chain->body.kind = spec::Body::Kind::run;
  chain->body.command = "build";
  chain->set_extras().label = "compile";
  spec::Level then;
  auto step = std::make_shared<spec::Task>();
  step->body.kind = spec::Body::Kind::run;
  step->body.command = "package";
  then.step = step;
  chain->levels.push_back(then);
  const NodeBuilder builder(nullptr, "");
  root_ = builder.task(chain, "", NodeBuilder::Inherited{}, std::make_shared<Scope>())(0, "");
  static_cast<void>(root_->start(context, StepInput{}));
  finish("build", kOk);
  EXPECT_EQ(env_of("package", "TASKER_FROM"), "compile");
  const auto* node = dynamic_cast<const ChainNode*>(root_.get());
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->body()->name(), "compile");
  finish("package", kOk);
}

// --- every: a fresh scope per tick ------------------------------------------------------------

TEST_F(NodeBuilderTest, EachTickOfAnEveryOpensAFreshScope) {
  std::string toml(kSharedSetup);
  toml += R"([tasks.poll]
every = "10s"
count = 2
gather = ["a", "b"]
)";
  start(toml, "poll");
  EXPECT_EQ(commands(), (std::vector<std::string>{"setup"}));
  finish("setup", kOk);
  finish("a", kOk);
  finish("b", kOk);
  EXPECT_EQ(spawned("setup"), 1u);  // once in the first tick, for both referrers
  EXPECT_FALSE(result_);
  clock.advance(10s);
  EXPECT_EQ(spawned("setup"), 2u);  // the second tick runs its needs again
  EXPECT_TRUE(live("setup"));
  finish("setup", kOk);
  EXPECT_EQ(spawned("a"), 2u);
  EXPECT_EQ(spawned("b"), 2u);
  finish("a", kOk);
  finish("b", kOk);
  EXPECT_EQ(result_status(), 0);
  EXPECT_EQ(spawner.spawned(), 6u);
}

}  // namespace
}  // namespace tasker
