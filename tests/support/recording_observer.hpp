#pragma once
// RecordingObserver: a ProcessObserver that keeps everything a process did,
// for assertions, and hands its process group to a ProcessGuard.

#include "core/process/process_exit.hpp"
#include "core/process/spawner.hpp"
#include "tests/support/process_guard.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tasker {

class RecordingObserver : public ProcessObserver {
 public:
  /// With `keep_bytes` false only the byte counts are kept (for huge outputs).
  explicit RecordingObserver(ProcessGuard* guard = nullptr, bool keep_bytes = true)
      : guard_(guard), keep_bytes_(keep_bytes) {}

  void on_spawned(int pid) override {
    pid_ = pid;
    if (guard_ != nullptr)
      guard_->track(pid);
  }
  void on_output(OutputStream stream, std::string_view bytes) override {
    ++chunks_;
    if (exit_)
      output_after_exit_ = true;
    const bool is_out = stream == OutputStream::stdout_stream;
    (is_out ? out_bytes_ : err_bytes_) += bytes.size();
    if (keep_bytes_)
      (is_out ? out_ : err_).append(bytes);
  }
  void on_exit(const ProcessExit& exit) override {
    ++exit_calls_;
    exit_ = exit;
  }

  [[nodiscard]] int pid() const { return pid_; }
  [[nodiscard]] const std::string& out() const { return out_; }
  [[nodiscard]] const std::string& err() const { return err_; }
  [[nodiscard]] std::size_t out_bytes() const { return out_bytes_; }
  [[nodiscard]] std::size_t err_bytes() const { return err_bytes_; }
  [[nodiscard]] const std::optional<ProcessExit>& exit() const { return exit_; }
  [[nodiscard]] bool done() const { return exit_.has_value(); }
  [[nodiscard]] int exit_calls() const { return exit_calls_; }
  [[nodiscard]] long chunks() const { return chunks_; }
  [[nodiscard]] bool output_after_exit() const { return output_after_exit_; }

 private:
  ProcessGuard* guard_;
  bool keep_bytes_;
  std::size_t out_bytes_ = 0;
  std::size_t err_bytes_ = 0;
  int pid_ = -1;
  std::string out_;
  std::string err_;
  std::optional<ProcessExit> exit_;
  int exit_calls_ = 0;
  long chunks_ = 0;
  bool output_after_exit_ = false;
};

}  // namespace tasker
