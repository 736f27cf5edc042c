#pragma once
// A job log as GNU parallel writes it (--joblog): a header line, then one tab-separated line per
// finished task, `Seq Host Starttime JobRuntime Send Receive Exitval Signal Command`. tasker
// reads one for --resume and --resume-failed, its own or one parallel wrote
// (docs/behaviour.md "Job log and resume").

#include <cstddef>
#include <string_view>
#include <vector>

namespace tasker {

/// The first line of every job log.
inline constexpr std::string_view kJobLogHeader =
    "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand";

/// What --resume needs from one line of a job log.
struct JobLogEntry {
  std::size_t seq = 0;
  long exitval = 0;
  long signal = 0;

  /// Exitval and Signal both 0: what --resume-failed takes for done (as parallel does).
  [[nodiscard]] bool succeeded() const { return exitval == 0 && signal == 0; }
};

struct ParsedJobLog {
  std::vector<JobLogEntry> entries;
  /// The bytes up to the end of the last whole line. A last line without its newline that is
  /// not a whole entry was cut short by a crash while it was written: it lies past this, and
  /// counts as not logged.
  std::size_t whole_length = 0;
};

/// Which logged tasks a resumed run skips.
enum class ResumeMode {
  resume,         ///< every Seq logged
  resume_failed,  ///< every Seq logged with Exitval and Signal 0
};

/// Parses a job log's text. Empty text is an empty log. Throws InputError naming the line:
/// "LABEL line 3: not a job log line (Seq Host Starttime JobRuntime ... Command)".
[[nodiscard]] ParsedJobLog parse_job_log(std::string_view text, std::string_view label);

/// The Seqs a resumed run skips, sorted, each once.
[[nodiscard]] std::vector<std::size_t> seqs_done(const ParsedJobLog& log, ResumeMode mode);

}  // namespace tasker
