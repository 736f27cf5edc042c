#pragma once
// PosixSpawner: the real Spawner. Each command runs as `shell -c command`,
// or directly when it needs no shell (ShellUse; split_simple_command in
// core/process/simple_command.hpp),
// through posix_spawn, in a process group of its own, with stdout and stderr
// on two pipes read through Asio. The exit is observed per child, through a
// pidfd (Linux >= 5.3), or through SIGCHLD plus waitid on that child's pid
// where pidfd_open fails; never with waitpid(-1), which would steal other
// code's children.
//
// Three layers, one file each: launching a process (process_launch.hpp),
// following one child from spawn to reaping (child_process.hpp, where its
// life is told step by step), and this spawner, the table of live children.

#include "core/deferred/clock.hpp"
#include "core/process/spawner.hpp"

#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace tasker {

namespace detail {
class SpawnerCore;
}  // namespace detail

class PosixSpawner final : public Spawner {
 public:
  /// How the exit of a child is noticed.
  enum class ExitWatch {
    /// A pidfd per child; SIGCHLD for any child whose pidfd_open fails
    /// (ENOSYS before Linux 5.3, EMFILE, ...).
    pidfd,
    /// SIGCHLD for every child: the fallback, forced (for tests).
    sigchld,
  };

  /// If SIGCHLD is ignored (a disposition inherited across exec), resets it
  /// to the default: with it ignored the kernel reaps children itself and
  /// their status is lost. When this process has a controlling terminal,
  /// looks every second for children that stopped (ProcessObserver::on_stopped):
  /// a task that reads the terminal stops, by SIGTTIN, and would wait unseen.
  ///
  /// `watchdog`, if not empty, is a tasker binary ("/proc/self/exe" in
  /// tasker): at the first spawn it is started as the watchdog
  /// (core/process/watchdog.hpp), which kills every live task's group if
  /// this process dies without doing it (SIGKILL, the OOM killer).
  ///
  /// Preconditions: `io` and `clock` outlive this; `clock` runs its calls
  /// on `io`'s thread; nothing else in the process reaps children it did not
  /// start (waitpid(-1)).
  PosixSpawner(boost::asio::io_context& io, Clock& clock, ExitWatch watch = ExitWatch::pidfd,
               std::string watchdog = {});

  /// SIGKILLs the group of every live process and reaps its leader, without
  /// calling observers or firing Deferreds: those Deferreds never fire. Then
  /// kills and reaps the watchdog, which has nothing left to do.
  ~PosixSpawner() override;

  /// See Spawner::spawn. Also, every file descriptor tasker holds is
  /// close-on-exec; the child gets only stdin, stdout and stderr from it.
  [[nodiscard]] Deferred<ProcessExit> spawn(const std::string& command,
                                            const ProcessOptions& options,
                                            ProcessObserver& observer) override;

  void kill_all() override;
  [[nodiscard]] bool killed_all() const override { return killed_all_; }
  void stop_all() override;
  void continue_all() override;

  void set_output_paused(bool paused) override;

  [[nodiscard]] std::size_t live() const override;

  void set_remote_canceller(std::vector<std::string> canceller) override;
  void watch_remote(const std::string& id) override;
  void release_remote(const std::string& id) override;

 private:
  // Shared so completion handlers still queued in the io_context after the spawner is gone can
  // tell, through a weak_ptr, that it is gone.
  std::shared_ptr<detail::SpawnerCore> core_;
  bool killed_all_ = false;
};

}  // namespace tasker
