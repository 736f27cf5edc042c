#pragma once
// Counts live copies of a token captured by callbacks, to show when a
// Deferred destroys them (as stlab's annotate_counters do).

#include <memory>

namespace tasker {

class LifetimeCounter {
 public:
  class Token {
   public:
    explicit Token(std::shared_ptr<int> alive) : alive_(std::move(alive)) { ++*alive_; }
    Token(const Token& other) : alive_(other.alive_) { ++*alive_; }
    Token& operator=(const Token&) = delete;
    ~Token() { --*alive_; }

   private:
    std::shared_ptr<int> alive_;
  };

  [[nodiscard]] Token token() const { return Token(alive_); }
  [[nodiscard]] int alive() const { return *alive_; }

 private:
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace tasker
