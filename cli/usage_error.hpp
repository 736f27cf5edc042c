#pragma once
// UsageError: bad input found after CLI11's parse (a --from file that cannot
// be read, a blank command, --names of the wrong length). Like CLI11's own
// errors it becomes one line on stderr and status 2, with nothing run.

#include <stdexcept>

namespace tasker::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tasker::cli
