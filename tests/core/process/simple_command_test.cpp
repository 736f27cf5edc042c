#include "core/process/simple_command.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace tasker {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

std::optional<std::vector<std::string>> split(std::string_view command) {
  return split_simple_command(command);
}

TEST(SplitSimpleCommand, PlainWordsRunDirectly) {
  EXPECT_THAT(split("sleep 1"), Optional(ElementsAre("sleep", "1")));
  EXPECT_THAT(split("ls"), Optional(ElementsAre("ls")));
  EXPECT_THAT(split("/usr/bin/env"), Optional(ElementsAre("/usr/bin/env")));
  EXPECT_THAT(split("./build.sh --fast -j4"), Optional(ElementsAre("./build.sh", "--fast", "-j4")));
  EXPECT_THAT(split("make -C src all"), Optional(ElementsAre("make", "-C", "src", "all")));
}

TEST(SplitSimpleCommand, BlanksAreSpacesAndTabsAndRunsOfThem) {
  EXPECT_THAT(split("  a \t b\t\tc  "), Optional(ElementsAre("a", "b", "c")));
  EXPECT_THAT(split("\tls"), Optional(ElementsAre("ls")));
}

TEST(SplitSimpleCommand, OrdinaryPunctuationAndUtf8AreLiteral) {
  EXPECT_THAT(split("curl -fsS http://localhost:8080/health"),
              Optional(ElementsAre("curl", "-fsS", "http://localhost:8080/health")));
  EXPECT_THAT(split("date +%s,%N @1 ^x a-b_c.d/e:f"),
              Optional(ElementsAre("date", "+%s,%N", "@1", "^x", "a-b_c.d/e:f")));
  EXPECT_THAT(split("printenv h\xC3\xA9llo"), Optional(ElementsAre("printenv", "h\xC3\xA9llo")));
}

TEST(SplitSimpleCommand, EqualsIsLiteralAfterTheCommandName) {
  EXPECT_THAT(split("make CFLAGS=-O2 all"), Optional(ElementsAre("make", "CFLAGS=-O2", "all")));
  EXPECT_THAT(split("cmake --build=x"), Optional(ElementsAre("cmake", "--build=x")));
}

TEST(SplitSimpleCommand, AnAssignmentFirstNeedsTheShell) {
  EXPECT_EQ(split("FOO=bar env"), std::nullopt);
  EXPECT_EQ(split("FOO=bar"), std::nullopt);
  EXPECT_EQ(split("=x"), std::nullopt);
  EXPECT_EQ(split("a-b=c"), std::nullopt) << "conservative: not an assignment, but rare";
}

TEST(SplitSimpleCommand, EveryShellByteNeedsTheShell) {
  for (const char c : std::string_view("'\"$`\\|&;<>(){}*?[]~#!")) {
    const std::string alone(1, c);
    EXPECT_EQ(split("echo a" + alone + "b"), std::nullopt) << "in a word: " << c;
    EXPECT_EQ(split("ls " + alone), std::nullopt) << "a word of its own: " << c;
    EXPECT_EQ(split(alone + "ls"), std::nullopt) << "first: " << c;
  }
}

TEST(SplitSimpleCommand, TypicalShellCommandsNeedTheShell) {
  for (const char* command :
       {"echo $HOME",   "kill -TERM $$", "sleep 1; exit 3", "a && b",      "a || b",  "a | b",
        "a > f",        "a 2>&1",        "cat < f",         "sleep 30 &",  "(cd x)",  "{ a; }",
        "ls *.txt",     "ls ?",          "ls [ab]",         "ls ~",        "ls ~/x",  "echo 'q'",
        "echo \"q\"",   "echo \\n",      "echo `date`",     "a # comment", "! false", "[ -f x ]",
        "echo $(date)", "trap '' TERM"}) {
    EXPECT_EQ(split(command), std::nullopt) << command;
  }
}

TEST(SplitSimpleCommand, ControlCharactersNeedTheShell) {
  EXPECT_EQ(split("a\nb"), std::nullopt) << "two commands";
  EXPECT_EQ(split("ls\n"), std::nullopt);
  EXPECT_EQ(split("ls\r"), std::nullopt);
  EXPECT_EQ(split(std::string_view("ls\0x", 4)), std::nullopt);
  EXPECT_EQ(split("ls \x7F"), std::nullopt);
  EXPECT_EQ(split("ls \x1B[0m"), std::nullopt);
}

TEST(SplitSimpleCommand, BlankCommandsAreLeftToTheShell) {
  EXPECT_EQ(split(""), std::nullopt);
  EXPECT_EQ(split("   "), std::nullopt);
  EXPECT_EQ(split("\t"), std::nullopt);
}

TEST(SplitSimpleCommand, KeywordsNeedTheShell) {
  for (const char* word : {"if", "then", "else", "elif", "fi", "for", "while", "until", "do",
                           "done", "case", "esac", "in", "function", "select", "time", "coproc"}) {
    EXPECT_EQ(split(word), std::nullopt) << word;
    EXPECT_EQ(split(std::string(word) + " x y"), std::nullopt) << word;
  }
}

TEST(SplitSimpleCommand, BuiltinsThatChangeTheShellOrDifferNeedTheShell) {
  for (const char* word :
       {"cd",       "exit",     "export",  "set",  "unset",  ".",       "source",  "exec",
        "eval",     "ulimit",   "umask",   "wait", "trap",   "shift",   "return",  "break",
        "continue", "readonly", "local",   "read", "alias",  "unalias", "hash",    "type",
        "command",  "builtin",  "getopts", "jobs", "fg",     "bg",      "kill",    "pwd",
        "printf",   "test",     "times",   ":",    "let",    "declare", "typeset", "shopt",
        "history",  "pushd",    "popd",    "dirs", "disown", "suspend", "logout",  "chdir"}) {
    EXPECT_EQ(split(word), std::nullopt) << word;
    EXPECT_EQ(split(std::string(word) + " arg"), std::nullopt) << word;
  }
}

TEST(SplitSimpleCommand, WordsAreOnlyKeywordsInFirstPlace) {
  EXPECT_THAT(split("grep if cd exit"), Optional(ElementsAre("grep", "if", "cd", "exit")));
  EXPECT_THAT(split("xargs kill"), Optional(ElementsAre("xargs", "kill")));
}

TEST(SplitSimpleCommand, KeywordLookalikesAreCommands) {
  EXPECT_THAT(split("iff"), Optional(ElementsAre("iff")));
  EXPECT_THAT(split("cdrecord -v"), Optional(ElementsAre("cdrecord", "-v")));
  EXPECT_THAT(split("./cd"), Optional(ElementsAre("./cd")));
  EXPECT_THAT(split("/bin/kill -l"), Optional(ElementsAre("/bin/kill", "-l")));
}

TEST(SplitSimpleCommand, TrueAndFalseRunDirectlyWithoutArguments) {
  EXPECT_THAT(split("true"), Optional(ElementsAre("true")));
  EXPECT_THAT(split(" false "), Optional(ElementsAre("false")));
  EXPECT_EQ(split("true --help"), std::nullopt) << "the program would print its help";
  EXPECT_EQ(split("false x"), std::nullopt);
}

TEST(SplitSimpleCommand, EchoRunsDirectlyUnlessAnArgumentLooksLikeAnOption) {
  EXPECT_THAT(split("echo"), Optional(ElementsAre("echo")));
  EXPECT_THAT(split("echo hello world"), Optional(ElementsAre("echo", "hello", "world")));
  EXPECT_THAT(split("echo a-b"), Optional(ElementsAre("echo", "a-b")));
  EXPECT_EQ(split("echo -n x"), std::nullopt);
  EXPECT_EQ(split("echo -e x"), std::nullopt) << "dash prints -e, the program takes it";
  EXPECT_EQ(split("echo x -"), std::nullopt);
}

// What /bin/sh makes of each command's words, as `set --` would split them: one string
// per command, the words each followed by '\x1f'.
std::vector<std::string> shell_words(const std::vector<std::string>& commands) {
  std::string script;
  for (const std::string& c : commands) {
    script += "set -- " + c + "; for w; do printf '%s\\037' \"$w\"; done; printf '\\036'\n";
  }
  char path[] = "/tmp/tasker_command_line_test_XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0)
    return {};
  std::FILE* file = ::fdopen(fd, "w");
  std::fwrite(script.data(), 1, script.size(), file);
  std::fclose(file);
  std::string out;
  if (std::FILE* sh = ::popen((std::string("/bin/sh ") + path).c_str(), "r")) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, sh)) > 0) out.append(buf, n);
    ::pclose(sh);
  }
  ::unlink(path);
  std::vector<std::string> result;
  std::size_t start = 0;
  for (std::size_t end = out.find('\x1e'); end != std::string::npos;
       end = out.find('\x1e', start)) {
    result.push_back(out.substr(start, end - start));
    start = end + 1;
  }
  return result;
}

// Every command split_simple_command accepts must split into the words the shell sees:
// random commands over an alphabet rich in blanks, shell bytes and lookalikes.
TEST(SplitSimpleCommand, AgreesWithTheShellOnRandomCommands) {
  constexpr std::string_view kAlphabet = "ab= \t-/.:%+,@^'\"$`\\|&;<>(){}*?[]~#!\xC3\xA9";
  std::mt19937 random(20240605);  // fixed: a failure must reproduce
  std::vector<std::string> accepted;
  std::vector<std::vector<std::string>> words;
  for (int i = 0; i < 4000 && accepted.size() < 300; ++i) {
    std::string command = "x ";  // a command name, so `set --` sees the rest as arguments
    const auto length = std::uniform_int_distribution<int>(0, 12)(random);
    for (int k = 0; k < length; ++k) {
      command +=
          kAlphabet[std::uniform_int_distribution<std::size_t>(0, kAlphabet.size() - 1)(random)];
    }
    if (auto split_words = split(command)) {
      accepted.push_back(command);
      words.push_back(*split_words);
    }
  }
  ASSERT_GE(accepted.size(), 100U);
  const std::vector<std::string> from_shell = shell_words(accepted);
  ASSERT_EQ(from_shell.size(), accepted.size()) << "the shell script failed";
  for (std::size_t i = 0; i < accepted.size(); ++i) {
    std::string expected;
    for (const std::string& w : words[i]) expected += w + '\x1f';
    EXPECT_EQ(from_shell[i], expected) << "command: [" << accepted[i] << "]";
  }
}

}  // namespace
}  // namespace tasker
