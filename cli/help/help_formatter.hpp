#pragma once
// What `tasker [COMMAND] --help` looks like: value names that read (DURATION, N, FILE) rather
// than CLI11's types (TEXT:DURATION, UINT), flags without CLI11's `{false}`, each default, and
// every line wrapped to the width help_width() chooses.

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace tasker::cli {

/// The widest help line: 100 columns, or the terminal's width (COLUMNS, TIOCGWINSZ on `fd`)
/// when that is narrower.
[[nodiscard]] std::size_t help_width(int fd);

/// `text` with each line longer than `width` broken at its spaces; the lines a long one breaks
/// into start with `indent` spaces plus the long line's own leading spaces. A word longer than
/// the line stays whole.
[[nodiscard]] std::string wrap_text(std::string_view text, std::size_t width,
                                    std::size_t indent = 0);

/// The name a value of `option` goes by in help and completions: its option_text() when set,
/// else its check's name (DURATION) or N for a number; empty for a flag.
[[nodiscard]] std::string value_name(const CLI::Option& option);

class HelpFormatter : public CLI::Formatter {
 public:
  explicit HelpFormatter(std::size_t width);

  std::string make_option(const CLI::Option* option, bool is_positional) const override;
  std::string make_option_usage(const CLI::Option* option) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_subcommand(const CLI::App* command) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_footer(const CLI::App* app) const override;

 private:
  // A row of the option and command tables: `name` in the left column, `text` beside it.
  [[nodiscard]] std::string table_row(const std::string& name, const std::string& text) const;

  std::size_t width_;
};

}  // namespace tasker::cli
