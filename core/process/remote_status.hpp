#pragma once
// RemoteStatus: reads the remote wrapper's lines (core/process/remote_wrapper.hpp) out of a
// task's stderr as it arrives, and hands on the rest, the command's own bytes, unchanged.

#include "core/process/process_exit.hpp"
#include "core/process/spawner.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace tasker {

class RemoteStatus {
 public:
  /// `marker` is the word the wrapper starts its lines with; it must not be empty.
  explicit RemoteStatus(std::string marker);

  /// Takes the next bytes of stderr; returns those that are the command's. Before the start line
  /// bytes are held (they are ssh's, or the remote login's, until the command runs: see
  /// held()); after the end line, nothing more is the command's.
  [[nodiscard]] std::string take(std::string_view bytes);

  /// Hands on to `observer` what the command wrote: stderr through take(); stdout held until
  /// the start line came (it comes on stderr, and stdout's pipe may be read first).
  void relay(OutputStream stream, std::string_view bytes, ProcessObserver& observer);
  /// Hands on the stdout still held: at the end, whether or not the start line came.
  void flush_stdout(ProcessObserver& observer);

  [[nodiscard]] const std::string& marker() const { return marker_; }
  /// What came before the start line: ssh's own messages when the command never started.
  [[nodiscard]] const std::string& held() const { return held_; }
  /// True once the start line came.
  [[nodiscard]] bool started() const { return pgid_.has_value(); }
  /// The remote process group, from the start line.
  [[nodiscard]] const std::optional<long>& pgid() const { return pgid_; }
  /// The Slurm job the wrapper ran in, from the start line; empty outside Slurm.
  [[nodiscard]] const std::string& job_id() const { return job_id_; }
  /// How the command ended, from the end line.
  [[nodiscard]] const std::optional<ProcessExit>& reported_exit() const { return exit_; }

 private:
  void read_line(std::string_view line);

  std::string marker_;
  std::string pending_;  // bytes that may be the start of a marker line
  std::string held_;
  std::string held_stdout_;
  std::optional<long> pgid_;
  std::string job_id_;
  std::optional<ProcessExit> exit_;
};

}  // namespace tasker
