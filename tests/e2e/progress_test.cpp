// The progress line of gather, list and any. On a terminal (a real pty here): one line on
// stderr redrawn in place, erased before every other line reaches the terminal, so no line the
// terminal shows holds any of it, fitted to the width again when the window changes. Off a
// terminal: nothing, unless --progress asks for a plain line every 10 s.

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace tasker::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kErase = "\x1b[K";

// tasker on a pty of `columns` columns: stdin, stdout and stderr are the terminal.
class PtyTasker {
 public:
  PtyTasker(const std::vector<std::string>& args, unsigned short columns,
            const std::vector<std::string>& env = {"TERM=xterm"}) {
    winsize size{};
    size.ws_row = 24;
    size.ws_col = columns;
    pid_ = ::forkpty(&master_, nullptr, nullptr, &size);
    if (pid_ == 0) {
      ::unsetenv("COLUMNS");
      ::unsetenv("NO_COLOR");
      ::unsetenv("GITHUB_ACTIONS");
      for (const std::string& assignment : env) ::putenv(const_cast<char*>(assignment.c_str()));
      std::vector<char*> argv{const_cast<char*>(TASKER_BINARY)};
      for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
      argv.push_back(nullptr);
      ::execv(TASKER_BINARY, argv.data());
      ::_exit(127);
    }
  }
  PtyTasker(const PtyTasker&) = delete;
  PtyTasker& operator=(const PtyTasker&) = delete;
  ~PtyTasker() {
    if (pid_ > 0 && !waited_) {
      ::kill(-pid_, SIGKILL);
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0)
      ::close(master_);
  }

  [[nodiscard]] bool started() const { return pid_ > 0 && master_ >= 0; }

  /// Reads what the terminal got until `until(all so far)` holds or the end; false at the end.
  bool read_until(const std::function<bool(const std::string&)>& until,
                  std::chrono::seconds deadline = 60s) {
    const auto stop = Clock::now() + deadline;
    while (!until(text_)) {
      if (Clock::now() > stop)
        return false;
      pollfd ready{master_, POLLIN, 0};
      if (::poll(&ready, 1, 100) <= 0)
        continue;
      char chunk[4096];
      const ssize_t n = ::read(master_, chunk, sizeof chunk);
      if (n <= 0)
        return false;  // EIO: the terminal's last user is gone
      text_.append(chunk, static_cast<std::size_t>(n));
    }
    return true;
  }

  /// Reads what comes for `duration`.
  void read_for(std::chrono::milliseconds duration) {
    const auto stop = Clock::now() + duration;
    read_until([&](const std::string&) { return Clock::now() > stop; });
  }

  /// Reads to the end and waits for tasker; its exit status.
  int finish() {
    read_until([](const std::string&) { return false; });
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  void resize(unsigned short columns) {
    winsize size{};
    size.ws_row = 24;
    size.ws_col = columns;
    ::ioctl(master_, TIOCSWINSZ, &size);  // the kernel sends SIGWINCH to the foreground group
  }

  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  int master_ = -1;
  pid_t pid_ = -1;
  bool waited_ = false;
  std::string text_;
};

// The lines a terminal shows for `text`: '\r' goes back to the line's start, ESC[K erases to
// its end, other bytes overwrite.
std::vector<std::string> shown_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t cursor = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      lines.push_back(line);
      line.clear();
      cursor = 0;
    } else if (c == '\r') {
      cursor = 0;
    } else if (text.compare(i, kErase.size(), kErase) == 0) {
      line.resize(cursor);
      i += kErase.size() - 1;
    } else {
      if (cursor < line.size())
        line[cursor] = c;
      else
        line.push_back(c);
      ++cursor;
    }
  }
  if (!line.empty())
    lines.push_back(line);
  return lines;
}

std::size_t count(const std::string& text, std::string_view word) {
  std::size_t n = 0;
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

// Columns a line takes, as the terminal counts UTF-8.
std::size_t columns_of(std::string_view line) {
  return static_cast<std::size_t>(std::count_if(line.begin(), line.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

TEST(Progress, OnATerminalTheLineIsErasedBeforeEveryOutputLine) {
  // Lines keep coming for about 2 s while two tasks sleep.
  PtyTasker tasker({"--color", "never", "gather", "-j", "3",
                    "i=0; while [ $i -lt 60 ]; do echo line $i; sleep 0.03; i=$((i+1)); done",
                    "sleep 2.5", "echo err >&2; sleep 1", "echo last"},
                   100);
  ASSERT_TRUE(tasker.started());
  const auto start = Clock::now();
  EXPECT_EQ(tasker.finish(), 0) << tasker.text();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const std::string& raw = tasker.text();
  // It was drawn, in place...
  EXPECT_NE(raw.find("running 3  queued 1"), std::string::npos) << raw;
  EXPECT_NE(raw.find(kErase), std::string::npos);
  // ...at most 10 times a second (each draw ends with ESC[K; each erase is `\r` ESC[K)...
  const std::size_t draws = count(raw, "queued");
  EXPECT_LE(static_cast<double>(draws), seconds * 10 + 3) << raw;
  // ...and never shows in a line the terminal keeps: every output line is whole.
  std::size_t output_lines = 0;
  for (const std::string& line : shown_lines(raw)) {
    EXPECT_EQ(line.find("queued"), std::string::npos) << "torn: " << line;
    if (line.find(" | ") != std::string::npos) {
      ++output_lines;
      EXPECT_TRUE(line.rfind("#0 | line ", 0) == 0 || line == "#2 | err" || line == "#3 | last")
          << line;
    }
  }
  EXPECT_EQ(output_lines, 62u) << raw;
}

TEST(Progress, SaysTheLongestRunningTaskAndFitsTheWindowWhenItChanges) {
  const std::string name = "a-task-with-a-rather-long-name-to-show";
  PtyTasker tasker({"gather", "--names", name + ",b", "sleep 3", "sleep 0.2"}, 200);
  ASSERT_TRUE(tasker.started());
  // The first draw after #1 ended says #0's whole name.
  ASSERT_TRUE(tasker.read_until([&](const std::string& text) {
    return text.find("done 1") != std::string::npos;
  })) << tasker.text();
  ASSERT_TRUE(tasker.read_until([&](const std::string& text) {
    return text.find("longest: " + name, text.find("done 1")) != std::string::npos;
  })) << tasker.text();
  tasker.resize(50);
  // What was on its way before tasker heard of it, and the redraw it makes at once, go by.
  tasker.read_for(300ms);
  const std::size_t resized_at = tasker.text().size();
  EXPECT_EQ(tasker.finish(), 0);
  const std::string after = tasker.text().substr(resized_at);
  // Drawn again within the new width (its last column left free), without the whole name.
  std::size_t draws = 0;
  for (std::size_t at = after.find('\r'); at != std::string::npos; at = after.find('\r', at + 1)) {
    const std::size_t end = after.find(kErase, at);
    const std::string draw = after.substr(at + 1, end == std::string::npos ? 0 : end - at - 1);
    if (draw.find("queued") == std::string::npos)
      continue;
    ++draws;
    EXPECT_LE(columns_of(draw), 49u) << draw;
    EXPECT_EQ(draw.find(name), std::string::npos) << draw;
  }
  EXPECT_GE(draws, 1u) << after;
}

TEST(Progress, OffATerminalThereIsNoneUnlessAskedFor) {
  ScratchDir dir;
  const TaskerResult r = run_tasker({"gather", "sleep 1.5", "echo done"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("queued"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "#1 | done\n");
}

TEST(Progress, NoProgressAndQuietTurnItOffOnATerminal) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"gather", "--no-progress", "sleep 1"},
        std::vector<std::string>{"-q", "gather", "sleep 1"}}) {
    PtyTasker tasker(args, 80);
    ASSERT_TRUE(tasker.started());
    EXPECT_EQ(tasker.finish(), 0);
    EXPECT_EQ(tasker.text().find("queued"), std::string::npos) << args[1] << tasker.text();
  }
}

// NO_COLOR drops colour only: the line is still drawn in place.
TEST(Progress, NoColorStillDrawsTheLine) {
  PtyTasker tasker({"gather", "sleep 1"}, 80, {"TERM=xterm", "NO_COLOR=1"});
  ASSERT_TRUE(tasker.started());
  EXPECT_EQ(tasker.finish(), 0);
  EXPECT_NE(tasker.text().find("running 1  queued 0"), std::string::npos) << tasker.text();
  EXPECT_NE(tasker.text().find(kErase), std::string::npos);
}

// --progress off a terminal: a plain line every 10 s, so CI sees the run is alive.
TEST(Progress, ForcedOffATerminalItIsAPlainLineEveryTenSeconds) {
  ScratchDir dir;
  // -q drops the summary; --progress still asks for the line. The ETA rounds up: work is left.
  const TaskerResult r = run_tasker({"-q", "gather", "--progress", "sleep 11.5", "true"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "tasker: done 1  failed 0  running 1  queued 0  0:10  eta 0:01  longest: #0\n")
      << r.err;
}

// Inputs from a stream are read as slots free up: until its end is read, how many wait is not
// known. Its end is read when a slot frees after the last input: here when `sleep 0.4` ends,
// while `sleep 0.9` still runs.
TEST(Progress, QueuedIsAQuestionMarkUntilTheInputsEnd) {
  ScratchDir dir;
  const std::string fifo = dir.file("inputs");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Read and write: opening does not wait for tasker, and the end comes only at close().
  const int writer = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(writer, 0);
  ASSERT_EQ(::write(writer, "2\n", 2), 2);
  PtyTasker tasker({"gather", "-j", "2", "sleep 0.{}", "--args", fifo}, 120);
  ASSERT_TRUE(tasker.started());
  const bool unknown = tasker.read_until([](const std::string& text) {
    return text.find("running 1  queued ?") != std::string::npos;
  });
  ASSERT_EQ(::write(writer, "4\n9\n", 4), 4);
  ::close(writer);
  EXPECT_EQ(tasker.finish(), 0) << tasker.text();
  ASSERT_TRUE(unknown) << tasker.text();
  const std::string& raw = tasker.text();
  const std::size_t known = raw.find("queued 0");
  ASSERT_NE(known, std::string::npos) << raw;
  // Once known, it stays known; and no time left is guessed before.
  EXPECT_EQ(raw.find("queued ?", known), std::string::npos) << raw;
  EXPECT_EQ(raw.substr(0, raw.find("queued ?")).find("eta"), std::string::npos) << raw;
  EXPECT_EQ(raw.substr(0, known).find("eta"), std::string::npos) << raw;
}

// TERM=dumb cannot redraw a line: it gets the plain lines too.
TEST(Progress, ADumbTerminalGetsPlainLines) {
  PtyTasker tasker({"gather", "sleep 10.8"}, 80, {"TERM=dumb"});
  ASSERT_TRUE(tasker.started());
  EXPECT_EQ(tasker.finish(), 0);
  EXPECT_EQ(tasker.text().find(kErase), std::string::npos) << tasker.text();
  EXPECT_NE(tasker.text().find("tasker: done 0  failed 0  running 1  queued 0  0:10"),
            std::string::npos)
      << tasker.text();
}

}  // namespace
}  // namespace tasker::testing
