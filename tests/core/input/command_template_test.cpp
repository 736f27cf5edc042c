// Command templates: each placeholder with GNU parallel's meaning and edge cases, quoting, other
// brace words, inputs appended to a template without placeholder, and placeholders that name a
// source that is not there. tests/share/templates_vs_parallel_test.sh checks the same rules
// against the real GNU parallel.

#include "core/input/command_template.hpp"

#include "core/input/input_error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tasker {
namespace {

using ::testing::HasSubstr;

std::string expand(const std::string& text, std::vector<std::string_view> inputs,
                   std::size_t number = 1, std::size_t slot = 1) {
  const CommandTemplate command(text);
  command.check_sources(inputs.size());
  return command.expand({std::move(inputs), number, slot});
}

std::string source_error_of(const std::string& text, std::size_t sources) {
  try {
    CommandTemplate(text).check_sources(sources);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(InputPart, WithoutExtensionDropsTheLastDotOfTheLastComponent) {
  EXPECT_EQ(input_part("a.tar.gz", InputPart::without_extension), "a.tar");
  EXPECT_EQ(input_part(".bashrc", InputPart::without_extension), "");
  EXPECT_EQ(input_part("dir/.hidden", InputPart::without_extension), "dir/");
  EXPECT_EQ(input_part("a.b/c", InputPart::without_extension), "a.b/c");
  EXPECT_EQ(input_part("dir/", InputPart::without_extension), "dir/");
  EXPECT_EQ(input_part("a.", InputPart::without_extension), "a");
  EXPECT_EQ(input_part("plain", InputPart::without_extension), "plain");
}

TEST(InputPart, BasenameIsWhatFollowsTheLastSlash) {
  EXPECT_EQ(input_part("a/b/c.txt", InputPart::basename), "c.txt");
  EXPECT_EQ(input_part("dir/", InputPart::basename), "");
  EXPECT_EQ(input_part("/", InputPart::basename), "");
  EXPECT_EQ(input_part("plain", InputPart::basename), "plain");
}

TEST(InputPart, DirnameIsPerlsDirname) {
  EXPECT_EQ(input_part("a/b/c.txt", InputPart::dirname), "a/b");
  EXPECT_EQ(input_part("dir/", InputPart::dirname), ".");
  EXPECT_EQ(input_part("/", InputPart::dirname), "/");
  EXPECT_EQ(input_part("", InputPart::dirname), ".");
  EXPECT_EQ(input_part("plain", InputPart::dirname), ".");
  EXPECT_EQ(input_part("/a", InputPart::dirname), "/");
  EXPECT_EQ(input_part("a//b", InputPart::dirname), "a");
  EXPECT_EQ(input_part("a/b//", InputPart::dirname), "a");
  EXPECT_EQ(input_part("dir/.hidden", InputPart::dirname), "dir");
}

TEST(InputPart, BasenameWithoutExtension) {
  EXPECT_EQ(input_part("x/a.tar.gz", InputPart::basename_without_extension), "a.tar");
  EXPECT_EQ(input_part("dir/.hidden", InputPart::basename_without_extension), "");
  EXPECT_EQ(input_part("a.b/c", InputPart::basename_without_extension), "c");
}

TEST(CommandTemplate, EachPlaceholderOfOneSource) {
  EXPECT_EQ(expand("gzip {} {.} {/} {//} {/.}", {"d/a.tar.gz"}),
            "gzip d/a.tar.gz d/a.tar a.tar.gz d a.tar");
}

TEST(CommandTemplate, NumberAndSlot) {
  EXPECT_EQ(expand("echo {#} {%} {}", {"x"}, 42, 3), "echo 42 3 x");
}

TEST(CommandTemplate, PositionalPlaceholdersWithParts) {
  EXPECT_EQ(expand("cp {1} {2}/{1/.}.bak {2//} {1.}", {"in/a.txt", "out/sub"}),
            "cp in/a.txt out/sub/a.bak out in/a");
  EXPECT_EQ(expand("echo {-1} {-2}", {"a", "b"}), "echo b a");
  EXPECT_EQ(expand("echo {01}", {"a"}), "echo a");
}

TEST(CommandTemplate, AllInputsWithSeveralSourcesEachQuoted) {
  EXPECT_EQ(expand("echo {}", {"a b", "c"}), "echo 'a b' c");
  EXPECT_EQ(expand("echo {.}", {"a.b/x.y", "c d.e"}), "echo a.b/x 'c d'");
}

TEST(CommandTemplate, HostileInputsAreQuoted) {
  EXPECT_EQ(expand("echo {}", {"a; rm -rf /"}), "echo 'a; rm -rf /'");
  EXPECT_EQ(expand("echo {}", {"$(touch x)"}), "echo '$(touch x)'");
  EXPECT_EQ(expand("echo {/}", {"d/it's"}), "echo 'it'\\''s'");
  EXPECT_EQ(expand("echo {}", {""}), "echo ''");
}

TEST(CommandTemplate, InsideTheTemplatesQuotesTheQuotedValueStandsAsIs) {
  // As in parallel: the shell's own rules apply there.
  EXPECT_EQ(expand("echo '{}'", {"a b"}), "echo ''a b''");
}

TEST(CommandTemplate, OtherBraceWordsAreLiteral) {
  EXPECT_EQ(expand("echo {foo} { } {1 } {x}{} {{}} {-} {#x}", {"a"}),
            "echo {foo} { } {1 } {x}a {a} {-} {#x}");
  EXPECT_EQ(expand("awk '{print $1}' {}", {"f"}), "awk '{print $1}' f");
  EXPECT_EQ(expand("echo {", {"a"}), "echo { a");
}

TEST(CommandTemplate, WithoutPlaceholderEachInputIsAppendedAsAWord) {
  EXPECT_EQ(expand("echo", {"a b", "c"}), "echo 'a b' c");
  EXPECT_EQ(expand("echo {foo}", {"x"}), "echo {foo} x");
  EXPECT_FALSE(CommandTemplate("echo {foo}").has_placeholder());
  EXPECT_TRUE(CommandTemplate("echo {#}").has_placeholder());
  EXPECT_EQ(expand("echo {#}", {"x"}, 7), "echo 7");
}

TEST(CommandTemplate, PlaceholderNamingAMissingSourceIsAnError) {
  EXPECT_THAT(source_error_of("echo {3}", 2), HasSubstr("placeholder {3}: there are only 2"));
  EXPECT_THAT(source_error_of("echo {-2.}", 1), HasSubstr("placeholder {-2.}: there is only 1"));
  EXPECT_THAT(source_error_of("echo {0}", 3), HasSubstr("{0}: input sources count from 1"));
  EXPECT_THAT(source_error_of("echo {99999999999999999999999}", 3), HasSubstr("count from 1"));
  EXPECT_EQ(source_error_of("echo {2} {-2} {}", 2), "(no error)");
}

}  // namespace
}  // namespace tasker
