#pragma once
// The error types that travel in Failures, named after Twisted's.

#include "core/deferred/failure.hpp"

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace tasker {

/// Base of every error tasker raises itself.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The result of cancelling a Deferred that did not fire otherwise (C1).
class CancelledError : public Error {
 public:
  CancelledError() : Error("cancelled") {}
};

/// What add_timeout turns a CancelledError into when its timer fired (C4).
class TimeoutError : public Error {
 public:
  explicit TimeoutError(std::chrono::nanoseconds timeout);
  [[nodiscard]] std::chrono::nanoseconds timeout() const { return timeout_; }

 private:
  std::chrono::nanoseconds timeout_;
};

/// A Deferred fired twice (A6).
class AlreadyCalledError : public Error {
 public:
  AlreadyCalledError() : Error("Deferred already called") {}
};

/// Failure::current() or Deferred::errback() with no exception being handled (A5).
class NoCurrentExceptionError : public Error {
 public:
  NoCurrentExceptionError() : Error("no exception is being handled") {}
};

/// A DeferredList with fire_on_one_errback saw input `index` fail (D5, E2).
class FirstError : public Error {
 public:
  FirstError(Failure sub_failure, std::size_t index);
  [[nodiscard]] const Failure& sub_failure() const { return sub_failure_; }
  [[nodiscard]] std::size_t index() const { return index_; }

 private:
  Failure sub_failure_;
  std::size_t index_;
};

}  // namespace tasker
