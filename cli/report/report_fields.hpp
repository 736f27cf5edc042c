#pragma once
// The fields of a saved JSON report (docs/behaviour.md "JSON report"), read leniently: a field
// that is missing or null is unset, one of another type is an error. The readers that turn a saved
// report back into rows (report_view) and into a RunReport (saved_run_report) share them, so both
// accept and refuse the same files.

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tasker::cli {

/// The text is not a tasker report. what() is one line saying why.
class NotAReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace saved {

/// Throws NotAReportError("not a tasker report: <why>").
[[noreturn]] void not_a_report(std::string_view why);

/// `object[key]`, or nullptr when it is missing or null; throws when it is not of type
/// `expected` (number_float stands for any number).
[[nodiscard]] const nlohmann::json* field(const nlohmann::json& object, const char* key,
                                          nlohmann::json::value_t expected);

/// A string field; empty when unset.
[[nodiscard]] std::string text(const nlohmann::json& object, const char* key);
[[nodiscard]] std::optional<double> number(const nlohmann::json& object, const char* key);
[[nodiscard]] std::optional<int> integer(const nlohmann::json& object, const char* key);
/// A boolean field that is true; false when unset or not a boolean.
[[nodiscard]] bool flag(const nlohmann::json& object, const char* key);
/// An array field; an empty array when unset.
[[nodiscard]] const nlohmann::json& list(const nlohmann::json& object, const char* key);
/// An object field; nullptr when unset.
[[nodiscard]] const nlohmann::json* child_object(const nlohmann::json& object, const char* key);
/// Throws unless `value` is an object; `what` names it in the message.
void require_object(const nlohmann::json& value, std::string_view what);

/// Checks what every report has (an object with a `tasker` version, a known `command` and an
/// `exit_code`) and returns the command.
[[nodiscard]] std::string check_head(const nlohmann::json& report);

/// Parses `text`; throws NotAReportError for text that is not JSON.
[[nodiscard]] nlohmann::json parse(const std::string& text);

}  // namespace saved
}  // namespace tasker::cli
