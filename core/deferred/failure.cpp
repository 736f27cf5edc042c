#include "core/deferred/failure.hpp"

#include "core/deferred/errors.hpp"

#include <stdexcept>

namespace tasker {

Failure::Failure(std::exception_ptr error) : error_(std::move(error)) {
  if (!error_)
    throw std::invalid_argument("Failure needs an exception");
}

Failure Failure::current() {
  auto error = std::current_exception();
  if (!error)
    throw NoCurrentExceptionError();
  return Failure(std::move(error));
}

void Failure::raise() const {
  std::rethrow_exception(error_);
}

std::string Failure::what() const {
  try {
    std::rethrow_exception(error_);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace tasker
