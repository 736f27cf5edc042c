#include "cli/output/gitlab_ci.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace tasker::cli {
namespace {

constexpr std::size_t kMaxLabelInId = 64;

bool id_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

}  // namespace

bool on_gitlab_ci() {
  const char* value = std::getenv("GITLAB_CI");
  return value != nullptr && std::string_view(value) == "true";
}

std::string section_id(std::size_t number, std::string_view label, std::string_view suffix) {
  std::string id = fmt::format("task_{}_", number);
  for (const char c : label.substr(0, kMaxLabelInId)) id += id_character(c) ? c : '_';
  id += suffix;
  return id;
}

std::string section_start(std::string_view id, std::string_view header, bool collapsed,
                          std::time_t now) {
  std::string line;
  for (const char c : header) line += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  return fmt::format("\x1b[0Ksection_start:{}:{}{}\r\x1b[0K{}\n", static_cast<long long>(now), id,
                     collapsed ? "[collapsed=true]" : "", line);
}

std::string section_end(std::string_view id, std::time_t now) {
  return fmt::format("\x1b[0Ksection_end:{}:{}\r\x1b[0K\n", static_cast<long long>(now), id);
}

}  // namespace tasker::cli
