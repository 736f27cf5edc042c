#include "cli/report/report_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace tasker::cli::saved {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 7> kCommands{"gather", "list",  "any", "every",
                                                    "after",  "chain", "run"};

}  // namespace

void not_a_report(std::string_view why) {
  throw NotAReportError(fmt::format("not a tasker report: {}", why));
}

const Json* field(const Json& object, const char* key, Json::value_t expected) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null())
    return nullptr;
  const bool number_wanted = expected == Json::value_t::number_float;
  if (number_wanted ? !found->is_number() : found->type() != expected)
    not_a_report(fmt::format("'{}' has the wrong type", key));
  return &*found;
}

std::string text(const Json& object, const char* key) {
  const Json* value = field(object, key, Json::value_t::string);
  return value ? value->get<std::string>() : std::string();
}

std::optional<double> number(const Json& object, const char* key) {
  const Json* value = field(object, key, Json::value_t::number_float);
  return value ? std::optional<double>(value->get<double>()) : std::nullopt;
}

std::optional<int> integer(const Json& object, const char* key) {
  const std::optional<double> value = number(object, key);
  return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

bool flag(const Json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_boolean() && found->get<bool>();
}

const Json& list(const Json& object, const char* key) {
  static const Json empty = Json::array();
  const Json* value = field(object, key, Json::value_t::array);
  return value ? *value : empty;
}

const Json* child_object(const Json& object, const char* key) {
  return field(object, key, Json::value_t::object);
}

void require_object(const Json& value, std::string_view what) {
  if (!value.is_object())
    not_a_report(fmt::format("{} is not an object", what));
}

std::string check_head(const Json& report) {
  if (!report.is_object())
    not_a_report("not a JSON object");
  if (!report.contains("tasker") || !report["tasker"].is_string())
    not_a_report("no 'tasker' version field");
  std::string command = text(report, "command");
  if (std::find(kCommands.begin(), kCommands.end(), command) == kCommands.end())
    not_a_report(fmt::format("unknown command '{}'", command));
  if (!integer(report, "exit_code"))
    not_a_report("no exit_code");
  return command;
}

Json parse(const std::string& text) {
  Json report = Json::parse(text, nullptr, false);
  if (report.is_discarded())
    not_a_report("not JSON");
  return report;
}

}  // namespace tasker::cli::saved
