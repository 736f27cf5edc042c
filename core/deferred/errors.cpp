#include "core/deferred/errors.hpp"

#include "core/input/duration.hpp"

#include <fmt/format.h>

namespace tasker {

TimeoutError::TimeoutError(std::chrono::nanoseconds timeout)
    : Error(fmt::format("timed out after {}", format_duration(timeout))), timeout_(timeout) {}

FirstError::FirstError(Failure sub_failure, std::size_t index)
    : Error(fmt::format("FirstError[#{}, {}]", index, sub_failure.what())),
      sub_failure_(std::move(sub_failure)),
      index_(index) {}

}  // namespace tasker
