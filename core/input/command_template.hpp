#pragma once
// CommandTemplate: one command written once and run for many inputs, with GNU parallel's
// placeholders (docs/behaviour.md "Many inputs"). It is parsed once; each task's command is then
// the template with every placeholder replaced by its value, shell-quoted, so an input is always
// data, never code, wherever the placeholder stands outside the template's own quotes.
//
//   {}      the input (several sources: every input, each quoted, space-separated)
//   {N}     the input of source N (from 1); {-N} counts from the last source
//   {.}     without its extension      {/}   basename      {//}  dirname
//   {/.}    basename without extension {N.} {N/} {N//} {N/.} the same for source N
//   {#}     the task's number from 1   {%}   its slot, 1..jobs
//
// Any other brace word ("{foo}", "{ }", "{1 }") is literal text. A template with no placeholder
// gets every input appended as a word of its own.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tasker {

/// What a placeholder makes of an input, with the rules GNU parallel applies.
enum class InputPart {
  whole,                       // {}
  without_extension,           // {.}   s:\.[^/.]*$::
  basename,                    // {/}   s:.*/::
  dirname,                     // {//}  Perl's File::Basename::dirname
  basename_without_extension,  // {/.}
};

/// `input` as the placeholder for `part` gives it, before quoting.
[[nodiscard]] std::string input_part(std::string_view input, InputPart part);

/// The values one task's command is made from.
struct TemplateValues {
  /// One input per source, in the order the sources were given.
  std::vector<std::string_view> inputs;
  /// The task's number, from 1.
  std::size_t number = 1;
  /// The slot it runs in, from 1.
  std::size_t slot = 1;
};

class CommandTemplate {
 public:
  /// Parses `text`. Never fails: what is not a placeholder is literal text.
  explicit CommandTemplate(std::string_view text);

  /// Throws InputError if a placeholder names a source that is not there ("{3}" with two
  /// sources, "{0}"), naming the placeholder.
  void check_sources(std::size_t sources) const;

  /// The command for one task. Preconditions: check_sources(values.inputs.size()) passed.
  [[nodiscard]] std::string expand(const TemplateValues& values) const;

  /// True if the text has a placeholder; else each input is appended.
  [[nodiscard]] bool has_placeholder() const { return has_placeholder_; }

 private:
  enum class Kind { literal, input, number, slot };
  struct Piece {
    Kind kind = Kind::literal;
    std::string text;  // literal text; for a placeholder, how it was written
    long source = 0;   // 0: every source; N > 0: source N; N < 0: counted from the last
    InputPart part = InputPart::whole;
  };

  std::vector<Piece> pieces_;
  bool has_placeholder_ = false;
};

}  // namespace tasker
