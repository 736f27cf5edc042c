#include "cli/output/output_printer.hpp"

#include "cli/output/grouped_printer.hpp"
#include "cli/output/terminal.hpp"
#include "tests/support/mem_file.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <csignal>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tasker::cli {
namespace {

using namespace std::string_literals;  // NOLINT(google-build-using-namespace): "\0" in literals

constexpr OutputStream kOut = OutputStream::stdout_stream;
constexpr OutputStream kErr = OutputStream::stderr_stream;

class PrinterTest : public ::testing::Test {
 protected:
  std::unique_ptr<OutputPrinter> make(OutputMode mode, bool color = false,
                                      std::size_t max_line = 64 * 1024) {
    PrinterOptions options;
    options.mode = mode;
    options.color = color;
    options.max_line = max_line;
    options.out = out_.get();
    options.err = err_.get();
    return make_output_printer(options);
  }

  PrinterOptions grouped_options(std::size_t group_memory, std::size_t group_memory_total) {
    PrinterOptions options;
    options.mode = OutputMode::grouped;
    options.group_memory = group_memory;
    options.group_memory_total = group_memory_total;
    options.out = out_.get();
    options.err = err_.get();
    return options;
  }

  MemFile out_;
  MemFile err_;
};

// --- prefixed --------------------------------------------------------------------------------

TEST_F(PrinterTest, PrefixedPrintsEachLineUnderItsLabel) {
  auto printer = make(OutputMode::prefixed);
  printer->begin(0, "lint");
  printer->output(0, kOut, "one\ntwo\n");
  EXPECT_EQ(out_.text(), "lint | one\nlint | two\n");
  EXPECT_EQ(err_.text(), "");
}

TEST_F(PrinterTest, PrefixedKeepsStderrOnStderr) {
  auto printer = make(OutputMode::prefixed);
  printer->begin(0, "lint");
  printer->output(0, kErr, "warning\n");
  printer->output(0, kOut, "ok\n");
  EXPECT_EQ(out_.text(), "lint | ok\n");
  EXPECT_EQ(err_.text(), "lint | warning\n");
}

TEST_F(PrinterTest, PrefixedPadsLabelsToTheLongestSeenSoFar) {
  auto printer = make(OutputMode::prefixed);
  printer->begin(0, "lint");
  printer->output(0, kOut, "a\n");
  printer->begin(1, "unit-tests");
  printer->output(0, kOut, "b\n");
  printer->output(1, kOut, "c\n");
  EXPECT_EQ(out_.text(),
            "lint | a\n"
            "lint       | b\n"
            "unit-tests | c\n");
}

TEST_F(PrinterTest, PrefixedPadsByCodePointsNotBytes) {
  auto printer = make(OutputMode::prefixed);
  printer->begin(0, "café");  // 5 bytes, 4 columns
  printer->begin(1, "test");
  printer->output(1, kOut, "x\n");
  EXPECT_EQ(out_.text(), "test | x\n");
}

TEST_F(PrinterTest, PrefixedNeverMixesInterleavedChunksMidLine) {
  auto printer = make(OutputMode::prefixed);
  printer->begin(0, "a");
  printer->begin(1, "b");
  printer->output(0, kOut, "hel");
  printer->output(1, kOut, "wor");
  printer->output(0, kOut, "lo\nnext");
  printer->output(1, kOut, "ld\n");
  printer->output(0, kOut, " line\n");
  EXPECT_EQ(out_.text(), "a | hello\nb | world\na | next line\n");
}

TEST_F(PrinterTest, PrefixedEmptyLineHasNoTrailingSpace) {
  auto printer = make(OutputMode::prefixed);
  printer->begin(0, "lint");
  printer->output(0, kOut, "\nx\n");
  EXPECT_EQ(out_.text(), "lint |\nlint | x\n");
}

TEST_F(PrinterTest, PrefixedPrintsAnUnfinishedLastLineWithANewlineAtEnd) {
  auto printer = make(OutputMode::prefixed);
  printer->begin(0, "lint");
  printer->output(0, kOut, "done\nno newline");
  printer->output(0, kErr, "oops");
  EXPECT_EQ(out_.text(), "lint | done\n");
  printer->end(0, true);
  EXPECT_EQ(out_.text(), "lint | done\nlint | no newline\n");
  EXPECT_EQ(err_.text(), "lint | oops\n");
}

TEST_F(PrinterTest, PrefixedPrintsEachPieceOfAnOverlongLineAsALine) {
  auto printer = make(OutputMode::prefixed, false, 4);
  printer->begin(0, "x");
  printer->output(0, kOut, "abcdefghij\n");
  EXPECT_EQ(out_.text(), "x | abcd\nx | efgh\nx | ij\n");
}

TEST_F(PrinterTest, PrefixedColorsTheLabelAndBarButNotTheLine) {
  auto printer = make(OutputMode::prefixed, true);
  printer->begin(0, "lint");
  printer->begin(1, "test");
  printer->output(0, kOut, "one\n");
  printer->output(1, kErr, "two\n");
  EXPECT_EQ(out_.text(), "\x1b[36mlint |\x1b[0m one\n");
  EXPECT_EQ(err_.text(), "\x1b[33mtest |\x1b[0m two\n");
}

TEST_F(PrinterTest, PrefixedWithoutColorHasNoEscapes) {
  auto printer = make(OutputMode::prefixed, false);
  for (std::size_t id = 0; id < 8; ++id) {
    printer->begin(id, "t");
    printer->output(id, kOut, "line\n");
    printer->output(id, kErr, "line\n");
    printer->end(id, id % 2 == 0);
  }
  EXPECT_EQ(out_.text().find('\x1b'), std::string::npos);
  EXPECT_EQ(err_.text().find('\x1b'), std::string::npos);
}

TEST_F(PrinterTest, PrefixedPrintsOutputOfAnUnknownIdUnderADefaultLabel) {
  auto printer = make(OutputMode::prefixed);
  printer->output(3, kOut, "stray\n");
  EXPECT_EQ(out_.text(), "#3 | stray\n");
}

TEST_F(PrinterTest, PrefixedHandlesAChunkLargerThanItsBuffers) {
  auto printer = make(OutputMode::prefixed, false, 100 * 1024);
  std::string chunk;
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    const std::string line = std::to_string(i) + std::string(static_cast<std::size_t>(i % 50), '.');
    chunk += line + "\n";
    expected += "p | " + line + "\n";
  }
  const std::string huge(90 * 1024, 'h');  // longer than the printer's own buffer
  chunk += huge + "\n";
  expected += "p | " + huge + "\n";
  printer->begin(0, "p");
  printer->output(0, kOut, chunk);
  EXPECT_EQ(out_.text(), expected);
}

// --- raw -------------------------------------------------------------------------------------

TEST_F(PrinterTest, RawReproducesEachStreamByteForByte) {
  auto printer = make(OutputMode::raw, true, 8);
  const std::string out_bytes = "a\0b\r\n\n"s + "a line much longer than eight\n" + "tail\0"s;
  const std::string err_bytes = "\x1b[31mred\x1b[0m\nno newline"s;
  printer->begin(0, "x");
  // Fed in awkward pieces, as a pipe may deliver them.
  for (std::size_t i = 0; i < out_bytes.size(); i += 3) {
    printer->output(0, kOut, std::string_view(out_bytes).substr(i, 3));
  }
  printer->output(0, kErr, err_bytes);
  printer->end(0, false);
  EXPECT_EQ(out_.text(), out_bytes);
  EXPECT_EQ(err_.text(), err_bytes);
}

TEST_F(PrinterTest, RawHoldsAPartialLineUntilItIsWhole) {
  auto printer = make(OutputMode::raw);
  printer->begin(0, "a");
  printer->begin(1, "b");
  printer->output(0, kOut, "hel");
  printer->output(1, kOut, "one\ntw");
  EXPECT_EQ(out_.text(), "one\n");
  printer->output(0, kOut, "lo\n");
  printer->output(1, kOut, "o\n");
  EXPECT_EQ(out_.text(), "one\nhello\ntwo\n");
}

TEST_F(PrinterTest, RawKeepsLinesWholeWhenAChunkHoldsManyOfThem) {
  auto printer = make(OutputMode::raw, false, 4);
  printer->begin(0, "a");
  printer->begin(1, "b");
  printer->output(0, kOut, "x");
  printer->output(0, kOut, "y\na line longer than four\n\nta");
  printer->output(1, kOut, "B\n");
  printer->output(0, kOut, "il\n");
  EXPECT_EQ(out_.text(), "xy\na line longer than four\n\nB\ntail\n");
}

TEST_F(PrinterTest, RawPrintsAPieceOfAnOverlongLineAsItIs) {
  auto printer = make(OutputMode::raw, false, 4);
  printer->begin(0, "x");
  printer->output(0, kOut, "abcdef");
  EXPECT_EQ(out_.text(), "abcd");  // memory stays bounded: the cut piece goes out now
  printer->end(0, false);
  EXPECT_EQ(out_.text(), "abcdef");
}

// --- grouped ---------------------------------------------------------------------------------

TEST_F(PrinterTest, GroupedPrintsEachProducerWholeWhenItEnds) {
  auto printer = make(OutputMode::grouped);
  printer->begin(0, "lint");
  printer->begin(1, "test");
  printer->output(0, kOut, "l1\n");
  printer->output(1, kOut, "t1\n");
  printer->output(0, kOut, "l2\n");
  EXPECT_EQ(out_.text(), "");
  printer->end(1, false);
  printer->end(0, false);
  EXPECT_EQ(out_.text(), "==> test <==\nt1\n==> lint <==\nl1\nl2\n");
  EXPECT_EQ(err_.text(), "");
}

TEST_F(PrinterTest, GroupedKeepsStdoutOnStdoutAndStderrOnStderr) {
  auto printer = make(OutputMode::grouped);
  printer->begin(0, "build");
  printer->output(0, kErr, "warning: x\n");
  printer->output(0, kOut, "built\n");
  printer->end(0, true);
  EXPECT_EQ(out_.text(), "==> build (failed) <==\nbuilt\n");
  EXPECT_EQ(err_.text(), "==> build (failed) <==\nwarning: x\n");
}

TEST_F(PrinterTest, GroupedPrintsNothingForASilentProducer) {
  auto printer = make(OutputMode::grouped);
  printer->begin(0, "quiet-one");
  printer->output(0, kErr, "only stderr\n");
  printer->begin(1, "silent");
  printer->end(1, true);
  printer->end(0, false);
  EXPECT_EQ(out_.text(), "");
  EXPECT_EQ(err_.text(), "==> quiet-one <==\nonly stderr\n");
}

TEST_F(PrinterTest, GroupedEndsAnUnfinishedLastLineAndKeepsLongLinesWhole) {
  auto printer = make(OutputMode::grouped, false, 4);
  printer->begin(0, "x");
  printer->output(0, kOut, "a long line\nno newline");
  printer->end(0, false);
  EXPECT_EQ(out_.text(), "==> x <==\na long line\nno newline\n");
}

TEST_F(PrinterTest, GroupedColorsOnlyTheHeader) {
  auto printer = make(OutputMode::grouped, true);
  printer->begin(2, "x");
  printer->output(2, kOut, "plain\n");
  printer->end(2, false);
  EXPECT_EQ(out_.text(), "\x1b[32m==> x <==\x1b[0m\nplain\n");
}

TEST_F(PrinterTest, GroupedSpillsPastItsMemoryCapAndLosesNothing) {
  GroupedPrinter printer(grouped_options(1000, 1 << 20));
  printer.begin(0, "big");
  std::string expected_out;
  std::string expected_err;
  for (int i = 0; i < 5000; ++i) {
    const std::string line = "line " + std::to_string(i) + "\n";
    printer.output(0, i % 3 == 0 ? kErr : kOut, line);
    (i % 3 == 0 ? expected_err : expected_out) += line;
    ASSERT_LE(printer.memory_in_use(), 1000U);
  }
  printer.end(0, false);
  EXPECT_EQ(printer.memory_in_use(), 0U);
  EXPECT_EQ(out_.text(), "==> big <==\n" + expected_out);
  EXPECT_EQ(err_.text(), "==> big <==\n" + expected_err);
}

TEST_F(PrinterTest, GroupedBoundsMemoryForAllProducersTogether) {
  GroupedPrinter printer(grouped_options(1000, 2500));
  for (std::size_t id = 0; id < 10; ++id) {
    printer.begin(id, "#" + std::to_string(id));
    printer.output(id, kOut, std::string(900, static_cast<char>('a' + id)) + "\n");
    ASSERT_LE(printer.memory_in_use(), 2500U);
  }
  for (std::size_t id = 0; id < 10; ++id) printer.end(id, false);
  std::string expected;
  for (std::size_t id = 0; id < 10; ++id) {
    expected += "==> #" + std::to_string(id) + " <==\n" +
                std::string(900, static_cast<char>('a' + id)) + "\n";
  }
  EXPECT_EQ(out_.text(), expected);
  EXPECT_EQ(printer.memory_in_use(), 0U);
}

// --- quiet -----------------------------------------------------------------------------------

TEST_F(PrinterTest, QuietPrintsNothing) {
  auto printer = make(OutputMode::quiet);
  printer->begin(0, "lint");
  printer->output(0, kOut, "out\nunfinished");
  printer->output(0, kErr, "err\n");
  printer->end(0, true);
  std::fflush(out_.get());
  std::fflush(err_.get());
  EXPECT_EQ(out_.text(), "");
  EXPECT_EQ(err_.text(), "");
  EXPECT_FALSE(printer->broken());
}

// --- a closed stdout -------------------------------------------------------------------------

// Restores SIGPIPE's disposition however the test ends.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() : old_(std::signal(SIGPIPE, SIG_IGN)) {}
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;
  ~IgnoreSigpipe() { std::signal(SIGPIPE, old_); }

 private:
  void (*old_)(int);
};

class BrokenPipePrinterTest : public ::testing::TestWithParam<OutputMode> {};

TEST_P(BrokenPipePrinterTest, PrinterIsBrokenOnceStdoutsReaderIsGoneAndStderrStillWorks) {
  const IgnoreSigpipe ignore;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);  // `tasker ... | head -1` after head exited
  std::FILE* out = fdopen(fds[1], "w");
  ASSERT_NE(out, nullptr);
  MemFile err;

  PrinterOptions options;
  options.mode = GetParam();
  options.out = out;
  options.err = err.get();
  auto printer = make_output_printer(options);
  printer->begin(0, "x");
  EXPECT_FALSE(printer->broken());
  printer->output(0, kOut, "lost\n");
  printer->end(0, false);
  EXPECT_TRUE(printer->broken());

  printer->begin(1, "y");
  printer->output(1, kOut, "also lost\n");
  printer->output(1, kErr, "still here\n");
  printer->end(1, false);
  EXPECT_TRUE(printer->broken());
  EXPECT_NE(err.text().find("still here"), std::string::npos);
  printer.reset();
  std::fclose(out);
}

INSTANTIATE_TEST_SUITE_P(Modes, BrokenPipePrinterTest,
                         ::testing::Values(OutputMode::prefixed, OutputMode::raw,
                                           OutputMode::grouped));

// --- use_color -------------------------------------------------------------------------------

// Sets or unsets an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name))
      old_ = old;
    if (value == nullptr) {
      unsetenv(name);
    } else {
      setenv(name, value, 1);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A FILE* on the terminal side of a pseudo-terminal.
class Pty {
 public:
  Pty() {
    master_ = posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0)
      return;
    const char* name = ptsname(master_);
    if (name == nullptr)
      return;
    const int fd = open(name, O_RDWR | O_NOCTTY);
    if (fd >= 0)
      file_ = fdopen(fd, "w");
  }
  Pty(const Pty&) = delete;
  Pty& operator=(const Pty&) = delete;
  ~Pty() {
    if (file_ != nullptr)
      std::fclose(file_);
    if (master_ >= 0)
      close(master_);
  }

  [[nodiscard]] std::FILE* get() const { return file_; }

 private:
  int master_ = -1;
  std::FILE* file_ = nullptr;
};

TEST(UseColor, AlwaysAndNeverIgnoreTheTerminalAndEnvironment) {
  const ScopedEnv no_color("NO_COLOR", "1");
  MemFile file;
  EXPECT_TRUE(use_color(ColorChoice::always, file.get()));
  EXPECT_FALSE(use_color(ColorChoice::never, file.get()));
}

TEST(UseColor, AutoDoesNotColorAFileOrPipe) {
  const ScopedEnv no_color("NO_COLOR", nullptr);
  const ScopedEnv term("TERM", "xterm-256color");
  MemFile file;
  EXPECT_FALSE(use_color(ColorChoice::automatic, file.get()));
  std::FILE* tmp = std::tmpfile();
  ASSERT_NE(tmp, nullptr);
  EXPECT_FALSE(use_color(ColorChoice::automatic, tmp));
  std::fclose(tmp);
}

TEST(UseColor, AutoColorsATerminalUnlessNoColorOrDumb) {
  const Pty pty;
  if (pty.get() == nullptr)
    GTEST_SKIP() << "no pseudo-terminal available";
  const ScopedEnv term("TERM", "xterm-256color");
  {
    const ScopedEnv no_color("NO_COLOR", nullptr);
    EXPECT_TRUE(use_color(ColorChoice::automatic, pty.get()));
  }
  {
    const ScopedEnv no_color("NO_COLOR", "");  // no-color.org: empty means unset
    EXPECT_TRUE(use_color(ColorChoice::automatic, pty.get()));
  }
  {
    const ScopedEnv no_color("NO_COLOR", "1");
    EXPECT_FALSE(use_color(ColorChoice::automatic, pty.get()));
  }
  {
    const ScopedEnv no_color("NO_COLOR", nullptr);
    const ScopedEnv dumb("TERM", "dumb");
    EXPECT_FALSE(use_color(ColorChoice::automatic, pty.get()));
  }
}

}  // namespace
}  // namespace tasker::cli
