#include "cli/report/failed_tasks.hpp"

#include "cli/usage_error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>

namespace tasker::cli {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 3> kCommands{"gather", "list", "any"};
constexpr std::array<std::string_view, 4> kNotDone{"failed", "timed_out", "cancelled",
                                                   "not_started"};
// A report is written once every task is done with: queued and running never show, and are
// taken as not failed should they.
constexpr std::array<std::string_view, 4> kDone{"succeeded", "skipped", "running", "queued"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace

std::vector<std::size_t> seqs_not_succeeded(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UsageError(
        fmt::format("cannot read --rerun-failed '{}': {}", path, std::strerror(errno)));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto not_a_report = [&path](std::string_view why) {
    return UsageError(fmt::format(
        "--rerun-failed '{}' is not a JSON report of tasker gather, list or any: {}", path, why));
  };
  const Json report = Json::parse(text, nullptr, false);
  if (report.is_discarded() || !report.is_object())
    throw not_a_report("not a JSON object");
  if (!report.contains("tasker") || !report["tasker"].is_string())
    throw not_a_report("no \"tasker\" version");
  if (!report.contains("command") || !report["command"].is_string() ||
      !one_of(kCommands, report["command"].get<std::string>())) {
    throw not_a_report("its \"command\" is not gather, list or any");
  }
  if (!report.contains("tasks") || !report["tasks"].is_array())
    throw not_a_report("no \"tasks\" list");
  std::vector<std::size_t> seqs;
  for (const Json& task : report["tasks"]) {
    if (!task.is_object() || !task.contains("index") || !task["index"].is_number_unsigned() ||
        !task.contains("state") || !task["state"].is_string()) {
      throw not_a_report("a task without its \"index\" and \"state\"");
    }
    const std::string state = task["state"].get<std::string>();
    if (!one_of(kNotDone, state) && !one_of(kDone, state))
      throw not_a_report(fmt::format("a task in the unknown state \"{}\"", state));
    if (one_of(kNotDone, state))
      seqs.push_back(task["index"].get<std::size_t>() + 1);
  }
  std::sort(seqs.begin(), seqs.end());
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  return seqs;
}

}  // namespace tasker::cli
