#pragma once
// DeferredSemaphore: Twisted's defer.DeferredSemaphore (docs/rules.md G1, G2).
// At most limit() holders at a time; everyone else waits in FIFO order.
// A Twisted building block kept with its rules: tasker's -j is counted by ParallelRun and
// GroupNode themselves (ParallelRun also lowers it when processes run out).

#include "core/deferred/deferred.hpp"

#include <algorithm>
#include <cstddef>
#include <deque>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace tasker {

namespace detail {

/// Shared so that Deferreds handed out stay safe to cancel or complete after
/// the semaphore itself is gone (they then no longer touch the queue).
struct SemaphoreState {
  std::size_t tokens;
  std::size_t limit;
  std::deque<Deferred<Nothing>> waiting;

  explicit SemaphoreState(std::size_t n) : tokens(n), limit(n) {}

  void release() {
    if (tokens >= limit) {
      throw std::logic_error("DeferredSemaphore::release: released more often than acquired");
    }
    ++tokens;
    if (waiting.empty()) {
      return;
    }
    // Hand the token straight to the next waiter, in this call stack (G1).
    --tokens;
    Deferred<Nothing> next = std::move(waiting.front());
    waiting.pop_front();
    next.callback(Nothing{});
  }
};

}  // namespace detail

/// A counting semaphore whose acquire() is a Deferred.
///
/// Single-threaded, like Deferred. The Deferreds it returns do not keep it
/// alive: once it is destroyed, cancelling a queued one only errbacks it,
/// and a finishing run() releases nothing.
class DeferredSemaphore {
 public:
  /// Preconditions: tokens >= 1; throws std::invalid_argument otherwise (G1).
  /// Postconditions: tokens() == limit() == `tokens`, waiting() == 0.
  explicit DeferredSemaphore(std::size_t tokens) : state_(make_state(tokens)) {}

  DeferredSemaphore(const DeferredSemaphore&) = delete;
  DeferredSemaphore& operator=(const DeferredSemaphore&) = delete;

  /// Takes a token: the Deferred has fired with Nothing on return if one was
  /// free, otherwise it fires when release() hands one over, in FIFO order.
  /// Cancelling it while it waits removes it from the queue and errbacks it
  /// with CancelledError. The holder must call release() exactly once, even
  /// if it drops the Deferred (a waiter dropped while queued still gets, and
  /// keeps, its token, as in Twisted).
  [[nodiscard]] Deferred<Nothing> acquire() {
    std::weak_ptr<detail::SemaphoreState> weak = state_;
    Deferred<Nothing> d([weak](Deferred<Nothing>& self) {
      // Only called before `self` fired, so it is still queued.
      if (auto state = weak.lock()) {
        auto& queue = state->waiting;
        if (auto it = std::find(queue.begin(), queue.end(), self); it != queue.end()) {
          queue.erase(it);
        }
      }
    });
    if (state_->tokens == 0) {
      state_->waiting.push_back(d);
    } else {
      --state_->tokens;
      d.callback(Nothing{});
    }
    return d;
  }

  /// Gives a token back. If someone waits, the token goes straight to the
  /// first waiter, whose callbacks run before release() returns (G1).
  /// Preconditions: tokens() < limit(); throws std::logic_error otherwise.
  void release() { state_->release(); }

  /// Twisted's run(): acquire, then `maybe_deferred(f)`, then release on
  /// success and on failure alike; the returned Deferred<R> fires with f's
  /// result or failure after the token went back (so the next queued task
  /// has already started by then). `f` takes no arguments and may return R,
  /// void (R = Nothing), Deferred<R> or Outcome<R>; pass T explicitly when f
  /// returns a Failure. If a token is free, f runs before run() returns (G1).
  ///
  /// Cancelling the returned Deferred (G2):
  /// - while queued: the waiter leaves the queue, f never runs, and the
  ///   Deferred errbacks with CancelledError;
  /// - while f's Deferred is pending: the cancel goes to f's Deferred (C2);
  ///   however that one fires, the token is released, which starts the next
  ///   queued task at once, and then this Deferred fires with the same result.
  ///
  /// It is acquire().then(...) (Twisted: acquire().addCallback(...)), so
  /// then()'s rules hold: cancel() reaches the acquire or f's Deferred; if
  /// nobody holds the returned Deferred any more, f still runs when its turn
  /// comes and its outcome stays on f's own Deferred (a failure there is
  /// reported as unhandled, B1). One visible difference from Twisted:
  /// called() stays false until f's Deferred fired, where Twisted's run()
  /// Deferred counts as called from acquisition on.
  template <class T = void, class F>
  [[nodiscard]] auto run(F f) {
    using Returned = std::decay_t<std::invoke_result_t<F&>>;
    using R =
        std::conditional_t<std::is_void_v<T>, typename detail::DeferredValue<Returned>::type, T>;
    std::weak_ptr<detail::SemaphoreState> weak_state = state_;
    return acquire().then([f = std::move(f), weak_state](Nothing) mutable {
      Deferred<R> task = maybe_deferred<R>(f);
      task.add_both([weak_state](Outcome<R> outcome) {
        if (auto state = weak_state.lock())
          state->release();  // before the outcome goes on: the next task starts first (G1)
        return outcome;
      });
      return task;
    });
  }

  /// Tokens free right now.
  [[nodiscard]] std::size_t tokens() const { return state_->tokens; }
  /// The count given to the constructor.
  [[nodiscard]] std::size_t limit() const { return state_->limit; }
  /// Acquires queued for a token.
  [[nodiscard]] std::size_t waiting() const { return state_->waiting.size(); }

 private:
  static std::shared_ptr<detail::SemaphoreState> make_state(std::size_t tokens) {
    if (tokens < 1) {
      throw std::invalid_argument("DeferredSemaphore requires tokens >= 1");
    }
    return std::make_shared<detail::SemaphoreState>(tokens);
  }

  std::shared_ptr<detail::SemaphoreState> state_;
};

}  // namespace tasker
