#pragma once
// What the HostsSpawner tests share: a HostsSpawner's local processes on a FakeSpawner, its clock
// a ManualClock, the options of a host list, the words of a process read back, and the marker of
// a task (tests/support/remote_marker.hpp).

#include "core/input/shell_words.hpp"
#include "core/process/hosts_spawner.hpp"
#include "tests/support/fake_spawner.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/recording_observer.hpp"
#include "tests/support/remote_marker.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace tasker {

class HostsSpawnerFixture : public ::testing::Test {
 protected:
  static HostsOptions hosts(std::vector<HostsOptions::Host> list, bool slot_shells) {
    HostsOptions options;
    options.hosts = std::move(list);
    options.ssh = {"ssh", "-F", "cfg"};
    options.slot_shells = slot_shells;
    return options;
  }

  // Process `i`, a master, says it is up (its LocalCommand's line).
  void up(std::size_t i) { local.write(i, OutputStream::stdout_stream, "up\n"); }

  // The words process `i` runs (no shell in between), as one line to read.
  [[nodiscard]] std::string command(std::size_t i) const {
    return shell_command_line(local.process(i).options.argv);
  }

  FakeSpawner local;
  ManualClock clock;
  std::deque<RecordingObserver> observers{8};
};

}  // namespace tasker
