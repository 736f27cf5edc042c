#include "core/process/remote_group_killer.hpp"

#include "core/input/shell_words.hpp"

#include <fmt/format.h>

namespace tasker {

// Each host's connection waits at most this long: the watchdog gives its cancellers 15 s.
constexpr int kConnectTimeoutSeconds = 5;

std::vector<std::string> remote_group_killer(const std::vector<std::string>& ssh,
                                             const std::vector<std::string>& hosts) {
  std::string sort;
  std::string send;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    if (hosts[i].empty())
      continue;
    sort += fmt::format("    {}.*) k{}=\"$k{} -$g\" ;;\n", i, i, i);
    std::vector<std::string> words = ssh;
    words.insert(words.end(),
                 {"-o", "BatchMode=yes", "-o", "ControlMaster=no", "-o", "ControlPath=none", "-o",
                  fmt::format("ConnectTimeout={}", kConnectTimeoutSeconds), hosts[i]});
    send += fmt::format("[ -z \"$k{}\" ] || {} \"kill -KILL$k{}\" </dev/null >/dev/null 2>&1 &\n",
                        i, shell_command_line(words), i);
  }
  std::string script =
      "for id; do\n"
      "  g=${id#*.}\n"
      "  case $g in ''|*[!0-9]*|0|1) continue ;; esac\n"
      "  case $id in\n" +
      sort +
      "  esac\n"
      "done\n" +
      send + "wait\n";
  return {"sh", "-c", std::move(script), "tasker-remote-killer"};
}

std::string remote_group_id(std::size_t host, long pgid) {
  return fmt::format("{}.{}", host, pgid);
}

}  // namespace tasker
