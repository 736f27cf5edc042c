#pragma once
// StatusTrap: the status numbers a `catch` level handles (docs/behaviour.md "--trap"),
// Failure.trap over status numbers instead of exception types (docs/rules.md
// A12, I4): a failure whose status is not in the trap passes on unchanged.

#include <bitset>
#include <string>
#include <string_view>

namespace tasker {

class StatusTrap {
 public:
  /// Parses a comma-separated LIST of items, mixed freely: a status number
  /// (`3`), a range `a-b` with 1 <= a <= b <= 255, `timeout` (124) and
  /// `signal` (129-192: a death by a signal). Throws InputError naming the
  /// bad item, for anything else (an empty item included).
  [[nodiscard]] static StatusTrap parse(std::string_view list);

  /// Adds one item as parse() reads it (a task file's array gives them one by one).
  void add(std::string_view item);

  [[nodiscard]] bool matches(int status) const {
    return status >= 0 && status < 256 && statuses_.test(static_cast<std::size_t>(status));
  }

  /// The items as they were given, comma-separated: for the report.
  [[nodiscard]] const std::string& text() const { return text_; }

  friend bool operator==(const StatusTrap& a, const StatusTrap& b) {
    return a.statuses_ == b.statuses_;
  }

 private:
  std::bitset<256> statuses_;
  std::string text_;
};

}  // namespace tasker
