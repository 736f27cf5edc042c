#include "cli/output/line_splitter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tasker {
namespace {

using ::testing::ElementsAre;

struct Piece {
  std::string text;
  LineEnd end;
  friend bool operator==(const Piece&, const Piece&) = default;
};

void PrintTo(const Piece& p, std::ostream* os) {
  const char* end = p.end == LineEnd::newline ? "newline" : p.end == LineEnd::cut ? "cut" : "eof";
  *os << "{\"" << p.text << "\", " << end << "}";
}

Piece nl(std::string text) {
  return {std::move(text), LineEnd::newline};
}
Piece cut(std::string text) {
  return {std::move(text), LineEnd::cut};
}
Piece eof(std::string text) {
  return {std::move(text), LineEnd::eof};
}

class LineSplitterTest : public ::testing::Test {
 protected:
  LineSplitter make(std::size_t max_line) {
    return LineSplitter(max_line, [this](std::string_view text, LineEnd end) {
      pieces_.push_back({std::string(text), end});
    });
  }

  // The stream's bytes, rebuilt from the pieces: each, plus '\n' if it ended a line.
  std::string rebuilt() const {
    std::string bytes;
    for (const Piece& p : pieces_) {
      bytes += p.text;
      if (p.end == LineEnd::newline)
        bytes += '\n';
    }
    return bytes;
  }

  std::vector<Piece> pieces_;
};

TEST_F(LineSplitterTest, EmitsEachCompleteLineWithoutItsNewline) {
  LineSplitter s = make(100);
  s.feed("one\ntwo\n");
  EXPECT_THAT(pieces_, ElementsAre(nl("one"), nl("two")));
  EXPECT_EQ(s.pending(), 0U);
}

TEST_F(LineSplitterTest, JoinsALineSplitAcrossChunks) {
  LineSplitter s = make(100);
  s.feed("he");
  s.feed("ll");
  EXPECT_TRUE(pieces_.empty());
  EXPECT_EQ(s.pending(), 4U);
  s.feed("o\nwor");
  s.feed("ld\n");
  EXPECT_THAT(pieces_, ElementsAre(nl("hello"), nl("world")));
}

TEST_F(LineSplitterTest, KeepsEmptyLines) {
  LineSplitter s = make(100);
  s.feed("\n\na\n\n");
  EXPECT_THAT(pieces_, ElementsAre(nl(""), nl(""), nl("a"), nl("")));
}

TEST_F(LineSplitterTest, LeavesCarriageReturnsAlone) {
  LineSplitter s = make(100);
  s.feed("dos\r\nprogress\r50%\r\n");
  EXPECT_THAT(pieces_, ElementsAre(nl("dos\r"), nl("progress\r50%\r")));
}

TEST_F(LineSplitterTest, FinishEmitsALastLineWithoutNewlineAsEof) {
  LineSplitter s = make(100);
  s.feed("a\nno newline");
  s.finish();
  EXPECT_THAT(pieces_, ElementsAre(nl("a"), eof("no newline")));
  EXPECT_EQ(rebuilt(), "a\nno newline");
}

TEST_F(LineSplitterTest, FinishAfterACompleteLineEmitsNothing) {
  LineSplitter s = make(100);
  s.feed("a\n");
  s.finish();
  s.finish();
  EXPECT_THAT(pieces_, ElementsAre(nl("a")));
}

TEST_F(LineSplitterTest, CutsALongLineIntoPiecesOfTheCap) {
  LineSplitter s = make(4);
  s.feed("abcdefghij\nxy\n");
  EXPECT_THAT(pieces_, ElementsAre(cut("abcd"), cut("efgh"), nl("ij"), nl("xy")));
  EXPECT_EQ(rebuilt(), "abcdefghij\nxy\n");
}

TEST_F(LineSplitterTest, ALineOfExactlyTheCapIsWhole) {
  LineSplitter s = make(4);
  s.feed("abcd\n");
  s.feed("efgh");
  s.feed("\n");
  s.feed("ijkl");
  s.finish();
  EXPECT_THAT(pieces_, ElementsAre(nl("abcd"), nl("efgh"), eof("ijkl")));
}

TEST_F(LineSplitterTest, CutsALongLineArrivingInSmallChunks) {
  LineSplitter s = make(4);
  for (char c : std::string("abcdefghij\n")) s.feed(std::string_view(&c, 1));
  EXPECT_THAT(pieces_, ElementsAre(cut("abcd"), cut("efgh"), nl("ij")));
}

TEST_F(LineSplitterTest, LongLineWithoutNewlineEndsWithEof) {
  LineSplitter s = make(3);
  s.feed("abcdefg");
  s.finish();
  EXPECT_THAT(pieces_, ElementsAre(cut("abc"), cut("def"), eof("g")));
  EXPECT_EQ(rebuilt(), "abcdefg");
}

TEST_F(LineSplitterTest, KeepsNulAndHighBytes) {
  LineSplitter s = make(100);
  const std::string bytes("a\0b\n\xff\xfe\0", 7);
  s.feed(bytes);
  s.finish();
  EXPECT_EQ(rebuilt(), bytes);
  ASSERT_EQ(pieces_.size(), 2U);
  EXPECT_EQ(pieces_[0].text.size(), 3U);
}

TEST_F(LineSplitterTest, RebuildsAnyChunkingByteForByte) {
  std::string input;
  for (int i = 0; i < 500; ++i) {
    input += std::string(static_cast<std::size_t>(i % 23), static_cast<char>('a' + i % 26));
    if (i % 7 != 0)
      input += '\n';
    if (i % 11 == 0)
      input += "\r\n";
  }
  for (std::size_t chunk : {1U, 2U, 5U, 7U, 64U, 1000U}) {
    pieces_.clear();
    LineSplitter s = make(9);
    for (std::size_t at = 0; at < input.size(); at += chunk) {
      s.feed(std::string_view(input).substr(at, chunk));
      EXPECT_LE(s.pending(), 9U);
    }
    s.finish();
    EXPECT_EQ(rebuilt(), input) << "chunk " << chunk;
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
      EXPECT_LE(pieces_[i].text.size(), 9U);
      if (pieces_[i].end == LineEnd::cut) {
        EXPECT_EQ(pieces_[i].text.size(), 9U);
      }
      if (pieces_[i].end == LineEnd::eof) {
        EXPECT_EQ(i + 1, pieces_.size());
      }
    }
  }
}

TEST_F(LineSplitterTest, MemoryStaysBoundedOnAHugeLine) {
  std::size_t pieces = 0;
  std::size_t bytes = 0;
  LineSplitter s(1024, [&](std::string_view text, LineEnd) {
    ++pieces;
    bytes += text.size();
  });
  const std::string chunk(65536, 'x');
  for (int i = 0; i < 256; ++i) {  // 16 MiB without a newline
    s.feed(chunk);
    ASSERT_LE(s.pending(), 1024U);
  }
  s.finish();
  EXPECT_EQ(bytes, 256U * 65536U);
  EXPECT_EQ(pieces, 256U * 64U);
}

TEST_F(LineSplitterTest, LinesInsideAChunkAreViewsIntoIt) {
  const std::string chunk = "first\nsecond\npart";
  std::vector<const char*> starts;
  LineSplitter s(100, [&](std::string_view text, LineEnd) { starts.push_back(text.data()); });
  s.feed(chunk);
  ASSERT_EQ(starts.size(), 2U);
  EXPECT_EQ(starts[0], chunk.data());
  EXPECT_EQ(starts[1], chunk.data() + 6);
}

TEST_F(LineSplitterTest, CanStartANewStreamAfterFinish) {
  LineSplitter s = make(100);
  s.feed("x");
  s.finish();
  s.feed("y\n");
  EXPECT_THAT(pieces_, ElementsAre(eof("x"), nl("y")));
}

}  // namespace
}  // namespace tasker
