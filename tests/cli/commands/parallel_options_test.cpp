#include "cli/commands/parallel_options.hpp"

#include "cli/usage_error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace tasker::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> read(const std::string& text) {
  std::istringstream in(text);
  return read_command_lines(in, "--from file 'f'");
}

std::string usage_error_of(const std::string& text) {
  try {
    static_cast<void>(read(text));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ReadCommandLines, SkipsBlankLinesAndCommentsAndDropsTheCarriageReturnOfCrlf) {
  EXPECT_THAT(read("echo a\r\n\n  \t\n# note\n  # indented\nmake check\nlast"),
              ElementsAre("echo a", "make check", "last"));
}

TEST(ReadCommandLines, EmptyInputGivesNoCommand) {
  EXPECT_THAT(read(""), IsEmpty());
}

TEST(ReadCommandLines, NulByteIsAUsageErrorNamingTheLine) {
  EXPECT_THAT(usage_error_of(std::string("true\necho a\0b\n", 14)),
              HasSubstr("--from file 'f' line 2: a command cannot contain a NUL byte"));
}

TEST(ReadCommandLines, TheLongestCommandTheKernelPassesIsAccepted) {
  const std::string longest = "echo " + std::string(kMaxCommandLength - 5, 'x');
  EXPECT_THAT(read(longest + "\n"), ElementsAre(longest));
  EXPECT_THAT(read(longest + "\r\n"), ElementsAre(longest));  // the '\r' is not the command's
  EXPECT_THAT(read(longest), ElementsAre(longest));
}

TEST(ReadCommandLines, OneByteLongerIsAUsageErrorNamingTheLine) {
  const std::string too_long = "echo " + std::string(kMaxCommandLength - 4, 'x');
  EXPECT_THAT(usage_error_of("true\n" + too_long + "\n"),
              HasSubstr("--from file 'f' line 2: longer than 131071 bytes"));
  EXPECT_THAT(usage_error_of(too_long + "\r\n"), HasSubstr("longer than"));
}

TEST(ReadCommandLines, AHugeLineIsNotReadToItsEnd) {
  // 10 MB without a newline: the reader gives up after the limit instead of
  // holding it all (a 10 GB line must not fill memory).
  std::istringstream in(std::string(10 << 20, 'x'));
  EXPECT_THROW(static_cast<void>(read_command_lines(in, "stdin")), UsageError);
  EXPECT_LE(static_cast<std::size_t>(in.tellg()), kMaxCommandLength + 2);
}

}  // namespace
}  // namespace tasker::cli
