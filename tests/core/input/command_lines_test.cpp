// The --from line rules: commands, skipped lines, and the bad lines that are
// usage errors, each naming its line.

#include "core/input/command_lines.hpp"

#include "core/input/input_error.hpp"
#include "core/input/line_assembler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tasker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> read(const std::string& text) {
  return commands_of(text, "--from file 'f'");
}

std::string input_error_of(const std::string& text) {
  try {
    static_cast<void>(read(text));
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CommandLines, SkipBlankLinesAndCommentsAndDropTheCarriageReturnOfCrlf) {
  EXPECT_THAT(read("echo a\r\n\n  \t\n# note\n  # indented\nmake check\nlast"),
              ElementsAre("echo a", "make check", "last"));
}

TEST(CommandLines, EmptyInputGivesNoCommand) {
  EXPECT_THAT(read(""), IsEmpty());
}

TEST(CommandLines, NulByteIsAnErrorNamingTheLine) {
  EXPECT_THAT(input_error_of(std::string("true\necho a\0b\n", 14)),
              HasSubstr("--from file 'f' line 2: a command cannot contain a NUL byte"));
}

TEST(CommandLines, TheLongestCommandTheKernelPassesIsAccepted) {
  const std::string longest = "echo " + std::string(kMaxCommandLength - 5, 'x');
  EXPECT_THAT(read(longest + "\n"), ElementsAre(longest));
  EXPECT_THAT(read(longest + "\r\n"), ElementsAre(longest));  // the '\r' is not the command's
  EXPECT_THAT(read(longest), ElementsAre(longest));
}

TEST(CommandLines, OneByteLongerIsAnErrorNamingTheLine) {
  const std::string too_long = "echo " + std::string(kMaxCommandLength - 4, 'x');
  EXPECT_THAT(input_error_of("true\n" + too_long + "\n"),
              HasSubstr("--from file 'f' line 2: longer than 131071 bytes"));
  EXPECT_THAT(input_error_of(too_long + "\r\n"), HasSubstr("longer than"));
}

TEST(LineAssembler, AHugeLineIsHeldOnlyUpToTheLimit) {
  // 10 MB without a newline: the assembler keeps the limit and one byte, so
  // a 10 GB line never fills memory, and says the line was cut.
  LineAssembler lines(100);
  std::vector<std::pair<std::size_t, bool>> seen;  // size held, cut
  const auto on_line = [&](std::string_view text, bool cut) {
    seen.emplace_back(text.size(), cut);
  };
  const std::string chunk(1 << 20, 'x');
  for (int i = 0; i < 10; ++i) lines.feed(chunk, on_line);
  lines.feed("\nnext\n", on_line);
  EXPECT_THAT(seen, ElementsAre(std::pair<std::size_t, bool>(101, true),
                                std::pair<std::size_t, bool>(4, false)));
}

TEST(LineAssembler, CutLineIsGivenOnceWithTheLimitAndOneByte) {
  LineAssembler lines(3);
  std::vector<std::pair<std::string, bool>> seen;
  const auto on_line = [&](std::string_view text, bool cut) { seen.emplace_back(text, cut); };
  lines.feed("abcdefg\nab\n", on_line);
  lines.finish(on_line);
  EXPECT_THAT(seen, ElementsAre(std::pair<std::string, bool>("abcd", true),
                                std::pair<std::string, bool>("ab", false)));
}

}  // namespace
}  // namespace tasker
