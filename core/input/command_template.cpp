#include "core/input/command_template.hpp"

#include "core/input/input_error.hpp"
#include "core/input/shell_words.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <tuple>
#include <utility>

namespace tasker {
namespace {

// What a placeholder holds that names no source: "{0}", or a number too large to read.
constexpr long kNoSource = 1'000'000'000L;

// s:\.[^/.]*$:: — the last dot of the last path component and what follows it, if no dot or
// slash follows that dot: ".bashrc" loses everything, "dir/.hidden" keeps "dir/".
std::string without_extension(std::string_view input) {
  const std::size_t dot = input.find_last_of("./");
  if (dot == std::string_view::npos || input[dot] != '.')
    return std::string(input);
  return std::string(input.substr(0, dot));
}

// s:.*/:: — everything after the last slash ("dir/" gives "").
std::string_view basename_of(std::string_view input) {
  const std::size_t slash = input.rfind('/');
  return slash == std::string_view::npos ? input : input.substr(slash + 1);
}

// File::Basename's _strip_trailing_sep: trailing slashes go, but never the first character.
std::string_view strip_trailing_slashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

// File::Basename's fileparse: the part up to and with the last slash ("./" if none), and the rest.
std::pair<std::string_view, std::string_view> split_path(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos)
    return {"./", path};
  return {path.substr(0, slash + 1), path.substr(slash + 1)};
}

// Perl's File::Basename::dirname on Unix, which parallel calls for {//}: "dir/" gives ".",
// "/" gives "/", "" gives ".", "a//b" gives "a".
std::string dirname_of(std::string_view input) {
  auto [directory, base] = split_path(input);
  directory = strip_trailing_slashes(directory);
  if (base.empty()) {
    std::tie(directory, base) = split_path(directory);
    directory = strip_trailing_slashes(directory);
  }
  return std::string(directory);
}

std::optional<InputPart> part_named(std::string_view text) {
  if (text.empty())
    return InputPart::whole;
  if (text == ".")
    return InputPart::without_extension;
  if (text == "/")
    return InputPart::basename;
  if (text == "//")
    return InputPart::dirname;
  if (text == "/.")
    return InputPart::basename_without_extension;
  return std::nullopt;
}

}  // namespace

std::string input_part(std::string_view input, InputPart part) {
  switch (part) {
    case InputPart::whole:
      return std::string(input);
    case InputPart::without_extension:
      return without_extension(input);
    case InputPart::basename:
      return std::string(basename_of(input));
    case InputPart::dirname:
      return dirname_of(input);
    case InputPart::basename_without_extension:
      return without_extension(basename_of(input));
  }
  return std::string(input);
}

CommandTemplate::CommandTemplate(std::string_view text) {
  std::string literal;
  const auto add_literal = [&] {
    if (!literal.empty())
      pieces_.push_back({Kind::literal, std::exchange(literal, {}), 0, InputPart::whole});
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t close = text[i] == '{' ? text.find('}', i + 1) : std::string_view::npos;
    if (close == std::string_view::npos) {
      literal += text[i++];
      continue;
    }
    const std::string_view inside = text.substr(i + 1, close - i - 1);
    Piece piece{Kind::input, std::string(text.substr(i, close - i + 1)), 0, InputPart::whole};
    bool placeholder = true;
    if (inside == "#") {
      piece.kind = Kind::number;
    } else if (inside == "%") {
      piece.kind = Kind::slot;
    } else {
      // [-]N, then a part: {2}, {2.}, {-1/}.
      std::size_t digits = 0;
      const bool negative = !inside.empty() && inside[0] == '-';
      const std::size_t start = negative ? 1 : 0;
      while (start + digits < inside.size() && inside[start + digits] >= '0' &&
             inside[start + digits] <= '9')
        ++digits;
      const std::optional<InputPart> part = part_named(inside.substr(start + digits));
      if (!part || (negative && digits == 0)) {
        placeholder = false;
      } else {
        piece.part = *part;
        if (digits > 0) {
          long number = 0;
          const char* first = inside.data() + (negative ? 1 : 0);
          const auto [end, error] = std::from_chars(first, first + digits, number);
          // {0}, and a number past a long, name no source there can be: check_sources() says so.
          if (error != std::errc() || number == 0)
            number = kNoSource;
          piece.source = negative ? -number : number;
        }
      }
    }
    if (!placeholder) {
      literal += text[i++];
      continue;
    }
    add_literal();
    pieces_.push_back(std::move(piece));
    has_placeholder_ = true;
    i = close + 1;
  }
  add_literal();
}

void CommandTemplate::check_sources(std::size_t sources) const {
  for (const Piece& piece : pieces_) {
    if (piece.kind != Kind::input || piece.source == 0)
      continue;
    const long named = piece.source < 0 ? -piece.source : piece.source;
    if (named == kNoSource)
      throw InputError(fmt::format("placeholder {}: input sources count from 1", piece.text));
    if (static_cast<unsigned long>(named) > sources) {
      throw InputError(fmt::format("placeholder {}: there {} only {} input source{}", piece.text,
                                   sources == 1 ? "is" : "are", sources, sources == 1 ? "" : "s"));
    }
  }
}

std::string CommandTemplate::expand(const TemplateValues& values) const {
  std::string command;
  const auto add_input = [&](std::string_view input, InputPart part) {
    command += shell_quote(input_part(input, part));
  };
  for (const Piece& piece : pieces_) {
    switch (piece.kind) {
      case Kind::literal:
        command += piece.text;
        break;
      case Kind::number:
        command += std::to_string(values.number);
        break;
      case Kind::slot:
        command += std::to_string(values.slot);
        break;
      case Kind::input:
        if (piece.source == 0) {
          for (std::size_t i = 0; i < values.inputs.size(); ++i) {
            if (i > 0)
              command += ' ';
            add_input(values.inputs[i], piece.part);
          }
        } else {
          const auto count = static_cast<long>(values.inputs.size());
          const long index = piece.source > 0 ? piece.source - 1 : count + piece.source;
          add_input(values.inputs[static_cast<std::size_t>(index)], piece.part);
        }
        break;
    }
  }
  if (!has_placeholder_) {
    for (const std::string_view input : values.inputs) {
      command += ' ';
      command += shell_quote(input);
    }
  }
  return command;
}

}  // namespace tasker
