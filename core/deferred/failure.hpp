#pragma once
// Failure: the error half of a Deferred's result, as Twisted's
// twisted.python.failure.Failure. It wraps a std::exception_ptr so any
// exception thrown inside a callback can travel down the chain unchanged.

#include <exception>
#include <optional>
#include <string>

namespace tasker {

class Failure {
 public:
  /// Preconditions: `error` is not null.
  explicit Failure(std::exception_ptr error);

  /// A Failure holding a copy of `error`.
  template <class E>
  static Failure of(E error) {
    return Failure(std::make_exception_ptr(std::move(error)));
  }

  /// The exception being handled right now (Twisted's `Failure()` in an
  /// except block). Throws NoCurrentExceptionError outside a catch block.
  static Failure current();

  /// True when the wrapped exception is an E or derives from it.
  template <class E>
  [[nodiscard]] bool check() const {
    try {
      std::rethrow_exception(error_);
    } catch (const E&) {
      return true;
    } catch (...) {
      return false;
    }
  }

  /// A copy of the wrapped exception as an E, or nullopt if it is not one.
  /// A copy, not a pointer: std::rethrow_exception may hand the catch block
  /// a temporary copy of the exception, which is gone once the block ends.
  template <class E>
  [[nodiscard]] std::optional<E> get() const {
    try {
      std::rethrow_exception(error_);
    } catch (const E& e) {
      return e;
    } catch (...) {
      return std::nullopt;
    }
  }

  /// Twisted's trap(): returns if the exception is an E, otherwise rethrows
  /// the original exception so an errback using it stays on the error track.
  template <class E>
  void trap() const {
    if (!check<E>())
      raise();
  }

  /// Throws the wrapped exception.
  [[noreturn]] void raise() const;

  /// The exception's message (std::exception::what(), or a placeholder).
  [[nodiscard]] std::string what() const;

  [[nodiscard]] const std::exception_ptr& exception() const { return error_; }

  /// Two Failures are equal when they wrap the very same exception object.
  friend bool operator==(const Failure& a, const Failure& b) { return a.error_ == b.error_; }

 private:
  std::exception_ptr error_;
};

}  // namespace tasker
