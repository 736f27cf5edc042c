#pragma once
// FakeSpawner: a Spawner whose processes end when the test says so (ninja's
// FakeCommandRunner). It behaves like PosixSpawner at the seam: on_exit runs
// before the Deferred fires, and the canceller only records the cancel.

#include "core/process/spawner.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace tasker {

class FakeSpawner final : public Spawner {
 public:
  struct Process {
    std::string command;
    ProcessOptions options;
    ProcessObserver* observer = nullptr;
    Deferred<ProcessExit> deferred;
    int cancels = 0;
    int stops = 0;      // stop_all() calls while it was live
    int continues = 0;  // continue_all() calls while it was live
    bool done = false;
  };

  Deferred<ProcessExit> spawn(const std::string& command, const ProcessOptions& options,
                              ProcessObserver& observer) override {
    const std::size_t i = processes_.size();
    Deferred<ProcessExit> d([this, i](Deferred<ProcessExit>&) { ++processes_[i].cancels; });
    processes_.push_back(Process{command, options, &observer, d});
    return d;
  }

  [[nodiscard]] bool killed_all() const override { return killed_all_; }
  void kill_all() override {
    killed_all_ = true;
    for (std::size_t i = 0; i < processes_.size(); ++i) {
      if (!processes_[i].done)
        finish(i, ProcessExit::killed(9));
    }
  }

  void set_output_paused(bool paused) override { output_paused = paused; }

  void stop_all() override {
    for (Process& p : processes_) p.stops += p.done ? 0 : 1;
  }

  void continue_all() override {
    for (Process& p : processes_) p.continues += p.done ? 0 : 1;
  }

  [[nodiscard]] std::size_t live() const override {
    std::size_t n = 0;
    for (const Process& p : processes_) n += p.done ? 0 : 1;
    return n;
  }

  void set_remote_canceller(std::vector<std::string> canceller) override {
    remote_canceller = std::move(canceller);
  }
  void watch_remote(const std::string& id) override { remote_events.push_back("+" + id); }
  void release_remote(const std::string& id) override { remote_events.push_back("-" + id); }

  /// Process `i` writes `bytes`.
  void write(std::size_t i, OutputStream stream, std::string_view bytes) {
    processes_.at(i).observer->on_output(stream, bytes);
  }

  /// Process `i` stops, by signal `signo`.
  void stop(std::size_t i, int signo) { processes_.at(i).observer->on_stopped(signo); }

  /// Process `i` ends with `exit`.
  void finish(std::size_t i, const ProcessExit& exit) {
    processes_.at(i).done = true;
    processes_.at(i).observer->on_exit(exit);  // may spawn more: no reference kept across it
    Deferred<ProcessExit> d = processes_.at(i).deferred;
    if (!d.called())
      d.callback(exit);
  }

  [[nodiscard]] const Process& process(std::size_t i) const { return processes_.at(i); }
  [[nodiscard]] std::size_t spawned() const { return processes_.size(); }

  bool output_paused = false;
  /// What an executor told about its remote work: the canceller, and "+ID" and "-ID"
  /// in order.
  std::vector<std::string> remote_canceller;
  std::vector<std::string> remote_events;

 private:
  std::vector<Process> processes_;
  bool killed_all_ = false;
};

}  // namespace tasker
