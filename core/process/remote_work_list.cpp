#include "core/process/remote_work_list.hpp"

namespace tasker {

bool RemoteWorkList::valid_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdSize || id[0] < '0' || id[0] > '9')
    return false;
  for (const char c : id) {
    if ((c < '0' || c > '9') && c != '.' && c != '_')
      return false;
  }
  return true;
}

bool RemoteWorkList::apply(std::string_view line) {
  if (line.size() < 2 || (line[0] != '+' && line[0] != '-') || line[1] != 'R')
    return false;
  const std::string_view id = line.substr(2);
  if (!valid_id(id))
    return true;
  if (line[0] == '+')
    ids_.emplace(id);
  else
    ids_.erase(std::string(id));
  return true;
}

}  // namespace tasker
