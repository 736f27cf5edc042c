#include "core/process/open_file_limit.hpp"

#include <optional>

namespace tasker {
namespace {

// The limits before and after raise_open_file_limit(); unset when it changed nothing. The
// limit itself is per process, so this record of it is too.
struct RaisedLimit {
  struct rlimit caller;
  struct rlimit raised;
};
std::optional<RaisedLimit> raised_limit;

}  // namespace

void raise_open_file_limit() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
    return;
  const struct rlimit caller = limit;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
    raised_limit = RaisedLimit{caller, limit};
}

ScopedCallerOpenFileLimit::ScopedCallerOpenFileLimit() {
  if (raised_limit)
    lowered_ = ::setrlimit(RLIMIT_NOFILE, &raised_limit->caller) == 0;
}

ScopedCallerOpenFileLimit::~ScopedCallerOpenFileLimit() {
  if (lowered_)
    ::setrlimit(RLIMIT_NOFILE, &raised_limit->raised);
}

}  // namespace tasker
