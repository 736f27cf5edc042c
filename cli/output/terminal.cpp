#include "cli/output/terminal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace tasker::cli {

bool use_color(ColorChoice choice, std::FILE* file) {
  switch (choice) {
    case ColorChoice::always:
      return true;
    case ColorChoice::never:
      return false;
    case ColorChoice::automatic:
      break;
  }
  // An open_memstream FILE* has no descriptor: fileno() is -1 and isatty() false.
  const int fd = file == nullptr ? -1 : fileno(file);
  if (fd < 0 || isatty(fd) == 0)
    return false;
  // no-color.org: set and non-empty disables color, whatever the value.
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0')
    return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

}  // namespace tasker::cli
