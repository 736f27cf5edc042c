// split_shell_words and shell_quote: what sh would read (checked against /bin/sh itself for the
// quoting), and the errors of unparsable words.

#include "core/input/shell_words.hpp"

#include <gtest/gtest.h>

#include <stdio.h>

#include <string>
#include <vector>

namespace tasker {
namespace {

using Words = std::vector<std::string>;

TEST(SplitShellWords, SplitsOnBlanksAndKeepsQuotedTextWhole) {
  EXPECT_EQ(split_shell_words("ssh -F cfg"), (Words{"ssh", "-F", "cfg"}));
  EXPECT_EQ(split_shell_words("  a\t b\n"), (Words{"a", "b"}));
  EXPECT_EQ(split_shell_words("'a b' \"c d\" e\\ f"), (Words{"a b", "c d", "e f"}));
  EXPECT_EQ(split_shell_words("--time='1:00' x\"y\"z"), (Words{"--time=1:00", "xyz"}));
  EXPECT_EQ(split_shell_words(R"("a\"b\$c\d")"), (Words{R"(a"b$c\d)"}));
  EXPECT_EQ(split_shell_words("''"), (Words{""}));
  EXPECT_EQ(split_shell_words(""), Words{});
}

TEST(SplitShellWords, RejectsUnterminatedQuotesAndATrailingBackslash) {
  EXPECT_THROW(static_cast<void>(split_shell_words("ssh 'x")), InputError);
  EXPECT_THROW(static_cast<void>(split_shell_words("ssh \"x")), InputError);
  EXPECT_THROW(static_cast<void>(split_shell_words("ssh x\\")), InputError);
}

// What /bin/sh prints for `printf %s WORD`.
std::string sh_reads(const std::string& quoted) {
  const std::string command = "printf %s " + quoted;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[256];
  std::size_t n = 0;
  while ((n = ::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

TEST(ShellQuote, ShReadsBackTheSameWord) {
  for (const std::string word : {"plain", "a b", "it's", "$(touch /x)", "`x`", "a\"b\\c", "", "-n",
                                 "*", "~", "line\nbreak"}) {
    EXPECT_EQ(sh_reads(shell_quote(word) + " " + shell_quote("|")), word + "|") << word;
  }
  EXPECT_EQ(shell_quote("h1.example:22"), "h1.example:22");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
}

TEST(ShellQuote, PlainWordsStayAndEverythingElseIsSingleQuoted) {
  EXPECT_EQ(shell_quote("a-b_c+d/e.f9"), "a-b_c+d/e.f9");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote("$(id);x`y`"), "'$(id);x`y`'");
  EXPECT_EQ(shell_quote("a=b"), "'a=b'");
  EXPECT_EQ(shell_quote("~x"), "'~x'");
}

}  // namespace
}  // namespace tasker
