#pragma once
// Outcome<T>: what a Deferred<T> holds once it has fired — a value or a
// Failure — and what DeferredList reports per input as (success, result).

#include "core/deferred/failure.hpp"

#include <utility>
#include <variant>

namespace tasker {

/// Twisted's None: the value of a Deferred that carries no data.
using Nothing = std::monostate;

template <class T>
class Outcome {
 public:
  Outcome(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Outcome(Failure failure) : v_(std::in_place_index<1>, std::move(failure)) {}  // NOLINT

  [[nodiscard]] bool succeeded() const { return v_.index() == 0; }
  [[nodiscard]] bool failed() const { return v_.index() == 1; }

  /// Preconditions: succeeded().
  [[nodiscard]] T& value() & { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(v_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(v_)); }

  /// Preconditions: failed().
  [[nodiscard]] const Failure& failure() const { return std::get<1>(v_); }

 private:
  std::variant<T, Failure> v_;
};

}  // namespace tasker
