#pragma once
// UniqueFd: sole owner of a file descriptor, closed when the owner goes away
// (as std::unique_ptr owns memory; ccache's util::Fd).

#include <unistd.h>

#include <utility>

namespace tasker {

class UniqueFd {
 public:
  /// Owns nothing.
  UniqueFd() noexcept = default;

  /// Takes ownership of `fd`; a negative `fd` means nothing.
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}

  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  ~UniqueFd() { reset(); }

  /// The descriptor, or -1 when empty. Ownership stays here.
  [[nodiscard]] int get() const noexcept { return fd_; }

  [[nodiscard]] explicit operator bool() const noexcept { return fd_ >= 0; }

  /// Gives up ownership without closing.
  /// Postconditions: empty; returns what was owned (-1 if nothing).
  [[nodiscard]] int release() noexcept { return std::exchange(fd_, -1); }

  /// Closes what is owned, then owns `fd`.
  void reset(int fd = -1) noexcept {
    const int old = std::exchange(fd_, fd);
    // No retry on EINTR: Linux has closed the descriptor either way, and a retry
    // could close one another thread just opened.
    if (old >= 0)
      ::close(old);
  }

 private:
  int fd_ = -1;
};

}  // namespace tasker
