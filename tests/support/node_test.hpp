#pragma once
// NodeTest: the fixture of the node tests (tests/core/run/): a FakeSpawner and a ManualClock, a
// RunContext over them, the outcome of the node started with start_node(), and the fake
// processes found by their command.

#include "core/run/node.hpp"
#include "core/run/step_value.hpp"
#include "tests/support/fake_spawner.hpp"
#include "tests/support/manual_clock.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tasker {

/// Hears nothing but which nodes ended, by path, in order.
class NodeEndListener final : public NodeListener {
 public:
  void on_task_output(const Task&, OutputStream, std::string_view) override {}
  void on_task_end(const Task&) override {}
  void on_node_end(const Node& node) override { ended.push_back(node.path()); }
  std::vector<std::string> ended;
};

class NodeTest : public ::testing::Test {
 protected:
  /// Starts `node` as a body, keeping its outcome in result_.
  Deferred<StepValue> start_node(Node& node) {
    Deferred<StepValue> outcome = node.start(context, StepInput{});
    outcome.add_both([this](Outcome<StepValue> result) {
      result_ = result;
      return StepValue{};
    });
    return outcome;
  }
  /// Ends the live process running `command` with `exit`.
  void finish(const std::string& command, ProcessExit exit) {
    for (std::size_t i = 0; i < spawner.spawned(); ++i) {
      if (spawner.process(i).command == command && !spawner.process(i).done) {
        spawner.finish(i, exit);
        clock.advance(Duration{0});
        return;
      }
    }
    ADD_FAILURE() << "no live process runs " << command;
  }
  [[nodiscard]] std::vector<std::string> commands() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < spawner.spawned(); ++i) out.push_back(spawner.process(i).command);
    return out;
  }
  [[nodiscard]] std::size_t spawned(const std::string& command) const {
    const std::vector<std::string> all = commands();
    return static_cast<std::size_t>(std::count(all.begin(), all.end(), command));
  }
  [[nodiscard]] bool live(const std::string& command) const {
    for (std::size_t i = 0; i < spawner.spawned(); ++i) {
      if (spawner.process(i).command == command && !spawner.process(i).done)
        return true;
    }
    return false;
  }
  /// The value `command`'s process got for the variable `name`, or "(unset)".
  [[nodiscard]] std::string env_of(const std::string& command, const std::string& name) const {
    for (std::size_t i = 0; i < spawner.spawned(); ++i) {
      if (spawner.process(i).command != command)
        continue;
      for (const auto& [key, value] : spawner.process(i).options.env) {
        if (key == name)
          return value;
      }
    }
    return "(unset)";
  }
  /// 0 for a success, the failure's status number, -1 before the node fired.
  [[nodiscard]] int result_status() const {
    if (!result_)
      return -1;
    return result_->succeeded() ? 0 : facts_of(result_->failure()).status;
  }

  ManualClock clock;
  FakeSpawner spawner;
  NodeEndListener listener;
  RunContext context{clock, spawner, listener, ProcessOptions{}, std::nullopt};
  std::optional<Outcome<StepValue>> result_;
};

}  // namespace tasker
