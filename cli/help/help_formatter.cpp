#include "cli/help/help_formatter.hpp"

#include "cli/output/label_fit.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace tasker::cli {
namespace {

constexpr std::size_t kMaxHelpWidth = 100;
// The left column of the option table, at most: wide enough for `--fire-on-one-callback`.
constexpr std::size_t kMaxNameColumn = 30;

std::size_t leading_spaces(std::string_view line) {
  return std::min(line.find_first_not_of(' '), line.size());
}

// One line of text broken at its spaces into lines of at most `width` columns.
void wrap_line(std::string_view line, std::size_t width, std::size_t indent, std::string& out) {
  if (label_width(line) <= width) {
    out += line;
    return;
  }
  const std::string continuation(indent + leading_spaces(line), ' ');
  std::string current(line.substr(0, leading_spaces(line)));
  std::size_t current_width = current.size();
  bool line_has_word = false;
  std::size_t i = current.size();
  while (i < line.size()) {
    const std::size_t end = std::min(line.find(' ', i), line.size());
    const std::string_view word = line.substr(i, end - i);
    i = end + 1;
    if (word.empty())
      continue;
    const std::size_t word_width = label_width(word);
    if (line_has_word && current_width + 1 + word_width > width) {
      out += current;
      out += '\n';
      current = continuation;
      current_width = continuation.size();
      line_has_word = false;
    }
    if (line_has_word) {
      current += ' ';
      ++current_width;
    }
    current += word;
    current_width += word_width;
    line_has_word = true;
  }
  out += current;
}

// A space wrap_text must not break at: "(default: 2s)" stays on one line.
constexpr char kUnbreakableSpace = '\x01';

// The value names CLI11 gives numbers, and what help calls them.
std::string readable_type(const std::string& type) {
  if (type == "INT" || type == "UINT" || type == "NUMBER" || type == "FLOAT")
    return "N";
  return type;
}

}  // namespace

std::size_t help_width(int fd) {
  const std::size_t columns = output_columns(fd);
  return columns == 0 ? kMaxHelpWidth : std::min(columns, kMaxHelpWidth);
}

std::string wrap_text(std::string_view text, std::size_t width, std::size_t indent) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    wrap_line(text.substr(start, end - start), width, indent, out);
    if (end == text.size())
      break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

std::string value_name(const CLI::Option& option) {
  if (!option.get_option_text().empty())
    return option.get_option_text();
  if (option.get_type_size() == 0 || option.get_expected_max() == 0)
    return {};
  // CLI11 writes a type and its checks' names as TYPE:CHECK (TEXT:DURATION): the check's name
  // says more.
  const std::string type = option.get_type_name();
  const std::size_t colon = type.rfind(':');
  return readable_type(colon == std::string::npos ? type : type.substr(colon + 1));
}

HelpFormatter::HelpFormatter(std::size_t width) : width_(width) {
  // Two fifths of a narrow line: the descriptions keep the rest.
  column_width(std::min(kMaxNameColumn, width * 2 / 5));
}

std::string HelpFormatter::table_row(const std::string& name, const std::string& text) const {
  const std::size_t column = get_column_width();
  std::string row = "  " + name;
  if (text.empty())
    return row + '\n';
  if (row.size() + 2 > column) {
    row += '\n';
    row += std::string(column, ' ');
  } else {
    row += std::string(column - row.size(), ' ');
  }
  // Each line of `text` starts at the column; so do the lines a long one breaks into, as
  // wrap_text indents them by their line's leading spaces.
  const std::string margin(column, ' ');
  std::string indented = margin;
  for (const char c : text) {
    indented += c;
    if (c == '\n')
      indented += margin;
  }
  std::string wrapped = wrap_text(indented, width_).substr(column);
  std::replace(wrapped.begin(), wrapped.end(), kUnbreakableSpace, ' ');
  return row + wrapped + '\n';
}

std::string HelpFormatter::make_option(const CLI::Option* option, bool is_positional) const {
  std::string name;
  if (is_positional) {
    name = value_name(*option);
    if (name.empty())
      name = option->get_name(true, false);
  } else {
    // -j, --jobs: every name; CLI11's own adds `{false}` to a negated flag (--now,--no-now{false}).
    for (const std::string& s : option->get_snames()) name += (name.empty() ? "-" : ", -") + s;
    for (const std::string& l : option->get_lnames()) name += (name.empty() ? "--" : ", --") + l;
    const std::string value = value_name(*option);
    if (!value.empty())
      name += ' ' + value;
  }
  std::string text = option->get_description();
  if (!option->get_default_str().empty())
    text += std::string(" (default:") + kUnbreakableSpace + option->get_default_str() + ")";
  return table_row(name, text);
}

std::string HelpFormatter::make_option_usage(const CLI::Option* option) const {
  std::string name = value_name(*option);
  if (name.empty())
    name = option->get_name(true, false);
  return option->get_required() ? name : "[" + name + "]";
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
  const std::string usage = CLI::Formatter::make_usage(app, std::move(name));
  return wrap_text(usage.substr(0, usage.size() - 1), width_, 2) + '\n';
}

std::string HelpFormatter::make_subcommand(const CLI::App* command) const {
  return table_row(command->get_name(), command->get_description());
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  const std::string description = app->get_description();
  return description.empty() ? std::string() : wrap_text(description, width_) + "\n\n";
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
  const std::string footer = app->get_footer();
  return footer.empty() ? std::string() : wrap_text(footer, width_, 2) + '\n';
}

}  // namespace tasker::cli
