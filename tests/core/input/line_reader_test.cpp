// LineReader on real descriptors: a regular file answers at once, a pipe
// from the event loop when its producer has written, and the reader never
// asks for more than one line at a time.

#include "core/input/line_reader.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

namespace tasker {
namespace {

using namespace std::chrono_literals;

struct Pipe {
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    read_end.reset(fds[0]);
    write_end.reset(fds[1]);
  }
  void write(const std::string& text) const {
    EXPECT_EQ(::write(write_end.get(), text.data(), text.size()),
              static_cast<ssize_t>(text.size()));
  }
  UniqueFd read_end;
  UniqueFd write_end;
};

TEST(LineReader, RegularFileAnswersAtOnceAndNumbersTheLines) {
  FILE* file = std::tmpfile();
  std::fputs("one\ntwo\nlast", file);
  std::fflush(file);
  std::rewind(file);
  boost::asio::io_context io;
  LineReader reader(io, UniqueFd(::dup(::fileno(file))), 100);
  std::fclose(file);
  std::vector<ReadLine> lines;
  bool ended = false;
  for (int i = 0; i < 4; ++i) {
    reader.next([&](std::optional<ReadLine> line) {
      if (line) {
        lines.push_back(*line);
      } else {
        ended = true;
      }
    });
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2].text, "last");
  EXPECT_EQ(lines[2].number, 3u);
  EXPECT_TRUE(ended);
}

TEST(LineReader, PipeAnswersFromTheEventLoopOnceTheProducerWrote) {
  Pipe pipe;
  boost::asio::io_context io;
  LineReader reader(io, std::move(pipe.read_end), 100);
  std::optional<std::string> got;
  reader.next([&](std::optional<ReadLine> line) { got = line ? line->text : "(end)"; });
  io.run_for(50ms);
  EXPECT_FALSE(got);  // nothing written yet, and the loop was not blocked waiting
  pipe.write("first\nsecond\n");
  io.restart();
  io.run_for(200ms);
  EXPECT_EQ(got, "first");
  // The second line was read with the first: it is answered at once.
  got.reset();
  reader.next([&](std::optional<ReadLine> line) { got = line ? line->text : "(end)"; });
  EXPECT_EQ(got, "second");
  got.reset();
  reader.next([&](std::optional<ReadLine> line) { got = line ? line->text : "(end)"; });
  pipe.write_end.reset();
  io.restart();
  io.run_for(200ms);
  EXPECT_EQ(got, "(end)");
}

TEST(LineReader, StopDropsTheRequestThatWaits) {
  Pipe pipe;
  boost::asio::io_context io;
  LineReader reader(io, std::move(pipe.read_end), 100);
  bool called = false;
  reader.next([&](const std::optional<ReadLine>&) { called = true; });
  reader.stop();
  pipe.write("late\n");
  io.run_for(100ms);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace tasker
