#pragma once
// InputError: something tasker reads from its user (a --from file, a task
// file) is malformed. what() is one line naming where: "stdin line 7: a
// command cannot contain a NUL byte". The CLI turns it into a usage error.

#include <stdexcept>

namespace tasker {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tasker
