#pragma once
// tasker's own lines on stderr ("tasker: ..."), kept after the task output
// they follow.

#include <string_view>

namespace tasker::cli {

class FdWriter;

/// Writes `tasker: LINE` and a newline to stderr: through the writer a
/// ScopedLogWriter installed (never blocking the event loop), else at once,
/// after flushing stdout.
void log_line(std::string_view line);

/// Sends log_line() through `writer` while in scope.
class ScopedLogWriter {
 public:
  explicit ScopedLogWriter(FdWriter& writer);
  ~ScopedLogWriter();
  ScopedLogWriter(const ScopedLogWriter&) = delete;
  ScopedLogWriter& operator=(const ScopedLogWriter&) = delete;

 private:
  FdWriter* previous_;
};

}  // namespace tasker::cli
