#pragma once
// Deferred<T>: a re-creation of Twisted's Deferred (internet/defer.py), rule
// by rule as docs/rules.md sections A to C state it.
//
// A Deferred is a handle to shared state: copies refer to the same Deferred.
// It holds one list of (callback, errback) levels. Once fired, the current
// result goes through the levels in order; each level's return value (or
// exception) becomes the next result. Everything is single-threaded: no
// locks, callbacks run synchronously in the caller's stack.

#include "core/deferred/clock.hpp"
#include "core/deferred/errors.hpp"
#include "core/deferred/failure.hpp"
#include "core/deferred/failure_log.hpp"
#include "core/deferred/outcome.hpp"

#include <concepts>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace tasker {

template <class T>
class Deferred;

namespace detail {

template <class T>
struct DeferredState;

template <class T>
using StatePtr = std::shared_ptr<DeferredState<T>>;

/// What a callback handed back: a value, a Failure, or a Deferred to wait on.
template <class T>
using Step = std::variant<T, Failure, StatePtr<T>>;

/// One (callback, errback) pair. An empty function passes its input on.
template <class T>
struct Level {
  std::function<Step<T>(T)> on_value;
  std::function<Step<T>(Failure)> on_failure;
  /// Set only on the continuation that resumes a Deferred waiting on this one (A8).
  StatePtr<T> chainee;
};

/// The levels still to run, oldest first: a vector read from `head_`. Not a
/// std::deque, which in libstdc++ allocates over 500 bytes up front for every
/// Deferred, even one never given a callback: tasker keeps a few per task,
/// and 10 000 tasks made that most of its memory.
template <class T>
class LevelQueue {
 public:
  [[nodiscard]] bool empty() const { return head_ == levels_.size(); }
  void push_back(Level<T> level) { levels_.push_back(std::move(level)); }
  /// Preconditions: !empty().
  Level<T> pop_front() {
    Level<T> level = std::move(levels_[head_++]);
    if (empty()) {
      // Free the storage too: most Deferreds get no level after they ran
      // theirs, and a fired one can be kept for the whole run, and
      // memory must stay flat in the number of tasks.
      std::vector<Level<T>>().swap(levels_);
      head_ = 0;
    }
    return level;
  }
  auto begin() { return levels_.begin() + static_cast<std::ptrdiff_t>(head_); }
  auto end() { return levels_.end(); }

 private:
  std::vector<Level<T>> levels_;
  std::size_t head_ = 0;
};

struct NoResult {};

/// The result of a Deferred paused on another one it returned from a callback.
/// Weak, so the pair (outer waits on inner, inner resumes outer) is no cycle.
template <class T>
struct Waiting {
  std::weak_ptr<DeferredState<T>> inner;
};

/// Destroys states owned by a dying state's continuations after that state
/// is gone, so dropping a 10 000-deep chain does not recurse 10 000 deep.
void destroy_iteratively(std::shared_ptr<void> owned) noexcept;

template <class T>
struct DeferredState {
  std::variant<NoResult, T, Failure, Waiting<T>> result;
  LevelQueue<T> callbacks;
  /// Or, with `cancel_overridden`, what replaces cancel() entirely
  /// (DeferredList::cancel, D10), kept after firing. One slot for both: a
  /// Deferred has only one of them, and tasker keeps thousands of Deferreds.
  std::function<void(Deferred<T>&)> canceller;
  /// Twisted's DebugInfo.failResult: the Failure the chain ended on (B1).
  std::optional<Failure> unhandled;
  int paused = 0;
  bool called = false;
  bool running = false;
  bool suppress_already_called = false;
  bool cancel_overridden = false;

  DeferredState() = default;
  DeferredState(const DeferredState&) = delete;
  DeferredState& operator=(const DeferredState&) = delete;

  ~DeferredState() {
    if (unhandled)
      log_failure(FailureEvent::unhandled, *unhandled);
    for (Level<T>& level : callbacks) {
      if (level.chainee)
        destroy_iteratively(std::move(level.chainee));
    }
  }

  [[nodiscard]] bool failing() const { return result.index() == 2; }
  [[nodiscard]] bool waiting() const { return result.index() == 3; }

  /// Hands the result on and leaves Twisted's None behind (A9).
  std::variant<NoResult, T, Failure, Waiting<T>> take_result() {
    auto taken = std::move(result);
    result.template emplace<1>();
    unhandled.reset();
    return taken;
  }
};

struct DeferredAccess;

template <class T>
struct IsDeferred : std::false_type {};
template <class T>
struct IsDeferred<Deferred<T>> : std::true_type {};
template <class T>
struct IsOutcome : std::false_type {};
template <class T>
struct IsOutcome<Outcome<T>> : std::true_type {};

/// The value type of a Deferred fed by a function returning R: void is None,
/// a Deferred<T> or an Outcome<T> gives T.
template <class R>
struct DeferredValue {
  using type = R;
};
template <>
struct DeferredValue<void> {
  using type = Nothing;
};
template <class T>
struct DeferredValue<Deferred<T>> {
  using type = T;
};
template <class T>
struct DeferredValue<Outcome<T>> {
  using type = T;
};

/// What then<U>(f) gives when f is called with an Arg: U if given, else what f returns.
template <class U, class F, class Arg>
using ThenValue =
    std::conditional_t<std::is_void_v<U>,
                       typename DeferredValue<std::decay_t<std::invoke_result_t<F&, Arg>>>::type,
                       U>;

/// then()'s error track when only a value function is given: pass it on.
struct PassFailure {
  Failure operator()(Failure failure) const { return failure; }
};

/// Lets the free functions below reach a Deferred's state.
struct DeferredAccess {
  template <class T>
  static const StatePtr<T>& state(const Deferred<T>& d) {
    return d.state_;
  }
  template <class T>
  static Deferred<T> wrap(StatePtr<T> state) {
    return Deferred<T>(std::move(state));
  }
};

/// Calls `f(args...)` and turns what it returns into a Step: void is None, a
/// Failure switches to the error track, a Deferred is waited on (A3, A8).
template <class T, class F, class... Args>
Step<T> invoke_step(F& f, Args&&... args) {
  using R = std::decay_t<std::invoke_result_t<F&, Args...>>;
  if constexpr (std::is_void_v<R>) {
    std::invoke(f, std::forward<Args>(args)...);
    return Step<T>(std::in_place_index<0>);
  } else if constexpr (std::is_same_v<R, Failure>) {
    return Step<T>(std::in_place_index<1>, std::invoke(f, std::forward<Args>(args)...));
  } else if constexpr (IsDeferred<R>::value) {
    static_assert(std::is_same_v<R, Deferred<T>>, "a callback may only return a Deferred<T>");
    return Step<T>(std::in_place_index<2>,
                   DeferredAccess::state(std::invoke(f, std::forward<Args>(args)...)));
  } else if constexpr (IsOutcome<R>::value) {
    Outcome<T> outcome = std::invoke(f, std::forward<Args>(args)...);
    if (outcome.failed())
      return Step<T>(std::in_place_index<1>, outcome.failure());
    return Step<T>(std::in_place_index<0>, std::move(outcome).value());
  } else {
    return Step<T>(std::in_place_index<0>, T(std::invoke(f, std::forward<Args>(args)...)));
  }
}

template <class T>
void run_callbacks(const StatePtr<T>& self);

}  // namespace detail

/// A result that will arrive later, with a chain of callbacks to process it.
///
/// Preconditions for every member: called from the thread that owns the
/// Deferred's event loop. T must be default-constructible: T{} stands for
/// Twisted's None where a result has been handed on (A9).
template <class T>
class Deferred {
  static_assert(std::is_default_constructible_v<T> && std::is_move_constructible_v<T>);

 public:
  using value_type = T;
  using Canceller = std::function<void(Deferred&)>;
  using TimeoutConverter = std::function<Outcome<T>(Outcome<T>, std::chrono::nanoseconds)>;

  /// A Deferred with no result yet and no canceller.
  Deferred() : state_(std::make_shared<detail::DeferredState<T>>()) {}

  /// A Deferred whose cancel() first calls `canceller(*this)` (C1). The
  /// canceller may fire the Deferred itself; if it does not, cancel()
  /// errbacks with CancelledError.
  explicit Deferred(Canceller canceller) : Deferred() { state_->canceller = std::move(canceller); }

  /// Appends one level: `on_value` runs on a value, `on_failure` on a
  /// Failure, never both (A1, A4). Each may return T, void (None), a
  /// Failure, an Outcome<T> or a Deferred<T> to wait on; an exception it
  /// throws becomes a Failure (A3). If the Deferred has already fired the
  /// level runs now (A7).
  /// Postconditions: returns *this, so calls can be chained.
  template <class OnValue, class OnFailure>
  Deferred& add_callbacks(OnValue on_value, OnFailure on_failure) {
    detail::Level<T> level;
    level.on_value = [f = std::move(on_value)](T v) mutable {
      return detail::invoke_step<T>(f, std::move(v));
    };
    level.on_failure = [f = std::move(on_failure)](Failure e) mutable {
      return detail::invoke_step<T>(f, std::move(e));
    };
    return append(std::move(level));
  }

  /// addCallbacks(cb, passthrough) (A2).
  template <class OnValue>
  Deferred& add_callback(OnValue on_value) {
    detail::Level<T> level;
    level.on_value = [f = std::move(on_value)](T v) mutable {
      return detail::invoke_step<T>(f, std::move(v));
    };
    return append(std::move(level));
  }

  /// addCallbacks(passthrough, eb) (A2).
  template <class OnFailure>
  Deferred& add_errback(OnFailure on_failure) {
    detail::Level<T> level;
    level.on_failure = [f = std::move(on_failure)](Failure e) mutable {
      return detail::invoke_step<T>(f, std::move(e));
    };
    return append(std::move(level));
  }

  /// addCallbacks(f, f) (A2): `f` takes an Outcome<T>.
  template <class F>
  Deferred& add_both(F f) {
    auto shared = std::make_shared<F>(std::move(f));
    detail::Level<T> level;
    level.on_value = [shared](T v) {
      return detail::invoke_step<T>(*shared, Outcome<T>(std::move(v)));
    };
    level.on_failure = [shared](Failure e) {
      return detail::invoke_step<T>(*shared, Outcome<T>(std::move(e)));
    };
    return append(std::move(level));
  }

  /// addCallbacks(other.callback, other.errback) (A10): firing this fires
  /// `other`; firing `other` does not touch this.
  Deferred& chain_deferred(Deferred other) {
    return add_callbacks([other](T v) mutable { other.callback(std::move(v)); },
                         [other](Failure e) mutable { other.errback(std::move(e)); });
  }

  /// A Deferred<U> fed by this one (folly's thenValue, stlab's then):
  /// Twisted's addCallback for a callback that changes the result's type.
  ///
  ///     Deferred<std::string> text = exit.then([](const ProcessExit& e) { return e.describe(); });
  ///
  /// Appends one level. When a value reaches it, `on_value(value)` runs, and
  /// what it returns becomes RESULT's outcome: a U, void (U = Nothing), an
  /// Outcome<U>, a Failure, or a Deferred<U> that RESULT then waits on (A8);
  /// an exception it throws is a Failure (A3). When a Failure reaches it,
  /// RESULT errbacks with that very Failure and `on_value` is not called.
  /// U is what `on_value` returns unless given: give it when that is a
  /// Failure, as in then<U>(f).
  ///
  /// Preconditions: those of the class.
  /// Postconditions:
  /// - Once the level handed the outcome on, this Deferred's result is T{}
  ///   (Twisted's None, A9): a failure is RESULT's alone, and reported as
  ///   unhandled (B1) only there.
  /// - The level holds RESULT weakly: keep a handle to RESULT (or to what
  ///   it feeds) for as long as its outcome matters. If nobody holds it
  ///   when the level runs, `on_value` still runs, as any callback would,
  ///   but a failure reaching the level, or one `on_value` produces, stays
  ///   on this Deferred (and is reported as unhandled here); a Deferred
  ///   `on_value` returned keeps its own outcome.
  /// - RESULT.cancel(): before the level ran, cancels this Deferred; while
  ///   RESULT waits on a Deferred `on_value` returned, cancels that one; then,
  ///   if RESULT has still not fired, it errbacks with CancelledError at once
  ///   (C1). A result arriving after that stays where it arrived, unseen by
  ///   `on_value`, and raises no AlreadyCalledError. After RESULT fired,
  ///   cancel() does nothing.
  /// - RESULT.called() is false until RESULT has its outcome, also while it
  ///   waits on a Deferred from `on_value` (Twisted's chain would count as
  ///   called then).
  /// - No cycle: RESULT holds this Deferred (to cancel it) until the level
  ///   ran, then the Deferred it waits on until that fires.
  template <class U = void, class OnValue>
  [[nodiscard]] auto then(OnValue on_value) {
    using V = detail::ThenValue<U, OnValue, T&&>;
    return then_level<V>(std::move(on_value), detail::PassFailure{});
  }

  /// then() with a function for the error track too, on the same level
  /// (A4: `on_failure` does not see a failure of `on_value`). `on_failure`
  /// takes the Failure and returns what `on_value` may return: a value
  /// recovers (A3). U is what `on_value` returns unless given.
  template <class U = void, class OnValue, class OnFailure>
  [[nodiscard]] auto then(OnValue on_value, OnFailure on_failure) {
    using V = detail::ThenValue<U, OnValue, T&&>;
    return then_level<V>(std::move(on_value), std::move(on_failure));
  }

  /// Cancels this Deferred after `timeout` on `clock` unless it fired (C4).
  /// Covers the levels added before this call only. When the timer fired, a
  /// CancelledError becomes TimeoutError, or `convert(result, timeout)` is
  /// called instead if given. `clock` must outlive the timer.
  Deferred& add_timeout(std::chrono::nanoseconds timeout, Clock& clock,
                        TimeoutConverter convert = nullptr) {
    auto timed_out = std::make_shared<bool>(false);
    std::weak_ptr<detail::DeferredState<T>> weak = state_;
    // Weak: a Deferred nobody holds cannot fire, so nothing is left to time out.
    auto call = clock.call_later(timeout, [weak, timed_out] {
      *timed_out = true;
      if (auto state = weak.lock())
        Deferred(std::move(state)).cancel();
    });
    add_both([timed_out, timeout, convert = std::move(convert)](Outcome<T> v) -> Outcome<T> {
      if (!*timed_out)
        return v;
      if (convert)
        return convert(std::move(v), timeout);
      if (v.failed()) {
        v.failure().template trap<CancelledError>();
        throw TimeoutError(timeout);
      }
      return v;
    });
    add_both([call](Outcome<T> v) {
      if (call->active())
        call->cancel();
      return v;
    });
    return *this;
  }

  /// Fires the success track with `value`.
  /// Preconditions: not fired yet, except once after a cancel() without a
  /// canceller, when the late result is ignored (C3). Throws AlreadyCalledError.
  void callback(T value) { start(detail::Step<T>(std::in_place_index<0>, std::move(value))); }

  /// callback() with a Failure is errback() (A5).
  void callback(Failure failure) { errback(std::move(failure)); }

  /// A Deferred is never a result (A5); a callback may return one instead.
  void callback(Deferred) = delete;

  /// Fires the error track.
  void errback(Failure failure) {
    start(detail::Step<T>(std::in_place_index<1>, std::move(failure)));
  }

  /// Fires the error track with a copy of `error`.
  template <class E>
  requires std::derived_from<std::decay_t<E>, std::exception>
  void errback(E&& error) { errback(Failure::of(std::forward<E>(error))); }

  /// Fires the error track with the exception being handled; throws
  /// NoCurrentExceptionError outside a catch block (A5).
  void errback() { errback(Failure::current()); }

  /// callback() or errback(), whichever `outcome` holds.
  void resolve(Outcome<T> outcome) {
    if (outcome.failed()) {
      errback(outcome.failure());
    } else {
      callback(std::move(outcome).value());
    }
  }

  /// Stops running callbacks until as many unpause() calls (A7).
  void pause() { ++state_->paused; }
  void unpause() {
    if (--state_->paused != 0)
      return;
    if (state_->called)
      detail::run_callbacks(state_);
  }

  /// Twisted's cancel() (C1, C2): before the Deferred fired, calls the
  /// canceller and errbacks with CancelledError if it is still unfired;
  /// while waiting on a Deferred returned by a callback, cancels that one;
  /// otherwise does nothing.
  void cancel() {
    auto keep_alive = state_;
    if (state_->cancel_overridden) {
      auto override_cancel = state_->canceller;
      override_cancel(*this);
      return;
    }
    if (!state_->called) {
      if (state_->canceller) {
        auto canceller = state_->canceller;
        canceller(*this);
      } else {
        state_->suppress_already_called = true;
      }
      if (!state_->called)
        errback(CancelledError());
    } else if (state_->waiting()) {
      if (auto inner = std::get<3>(state_->result).inner.lock()) {
        Deferred(std::move(inner)).cancel();
      } else {
        // Nobody holds the inner Deferred any more, so nothing could fire it:
        // resume as an inner Deferred without a canceller would.
        state_->result.template emplace<2>(Failure::of(CancelledError()));
        unpause();
      }
    }
  }

  /// Replaces cancel() for composite Deferreds such as DeferredList (D10).
  /// It takes the canceller's place: an empty `cancel` leaves neither.
  void set_cancel_override(std::function<void()> cancel) {
    state_->cancel_overridden = static_cast<bool>(cancel);
    state_->canceller = nullptr;
    if (cancel)
      state_->canceller = [cancel = std::move(cancel)](Deferred&) { cancel(); };
  }

  /// True once callback() or errback() ran.
  [[nodiscard]] bool called() const { return state_->called; }
  [[nodiscard]] bool paused() const { return state_->paused > 0; }
  /// True while paused on a Deferred returned by one of its callbacks (A8).
  [[nodiscard]] bool waiting() const { return state_->waiting(); }

  /// The current result, if the Deferred fired and is not waiting.
  [[nodiscard]] std::optional<Outcome<T>> result() const {
    switch (state_->result.index()) {
      case 1:
        return Outcome<T>(std::get<1>(state_->result));
      case 2:
        return Outcome<T>(std::get<2>(state_->result));
      default:
        return std::nullopt;
    }
  }

  friend bool operator==(const Deferred& a, const Deferred& b) { return a.state_ == b.state_; }

 private:
  friend struct detail::DeferredAccess;

  template <class>
  friend class Deferred;  // then() fires a Deferred of another type

  explicit Deferred(detail::StatePtr<T> state) : state_(std::move(state)) {}

  template <class V, class OnValue, class OnFailure>
  Deferred<V> then_level(OnValue on_value, OnFailure on_failure) {
    static_assert(!std::is_same_v<V, Failure>, "say then<U>(f) when f returns a Failure");
    Deferred<V> result([source = *this](Deferred<V>&) mutable { source.cancel(); });
    std::weak_ptr<detail::DeferredState<V>> weak = result.state_;
    auto value_track = [weak, f = std::move(on_value)](T value) mutable {
      return hand_on<V>(weak, f, std::move(value));
    };
    auto error_track = [weak, f = std::move(on_failure)](Failure failure) mutable {
      return hand_on<V>(weak, f, std::move(failure));
    };
    add_callbacks(std::move(value_track), std::move(error_track));
    return result;
  }

  /// One then() level: runs `f(input)` and hands what it gives to the
  /// result; returns what stays on this Deferred.
  template <class V, class F, class Input>
  static Outcome<T> hand_on(const std::weak_ptr<detail::DeferredState<V>>& weak, F& f,
                            Input input) {
    detail::StatePtr<V> result = weak.lock();
    if (result && result->called)
      return Outcome<T>(std::move(input));  // cancelled already: a late result stays (C1)
    detail::Step<V> step = [&]() -> detail::Step<V> {
      try {
        return detail::invoke_step<V>(f, std::move(input));
      } catch (...) {
        return detail::Step<V>(std::in_place_index<1>, Failure::current());  // A3
      }
    }();
    if (!result || result->called) {
      // Nobody to hand it to: a failure stays here, to be reported (B1).
      if (step.index() == 1)
        return Outcome<T>(std::move(std::get<1>(step)));
      return Outcome<T>(T{});
    }
    Deferred<V> target(std::move(result));
    if (step.index() == 0) {
      target.callback(std::move(std::get<0>(step)));
    } else if (step.index() == 1) {
      target.errback(std::move(std::get<1>(step)));
    } else {
      target.wait_on(Deferred<V>(std::move(std::get<2>(step))));
    }
    return Outcome<T>(T{});  // handed on, None left behind (A9)
  }

  /// Takes `inner`'s outcome once it has one (A8, A9); until then cancel()
  /// goes to `inner` (C2), unless an override was set on this Deferred.
  void wait_on(Deferred inner) {
    if (inner == *this) {
      // Waiting on itself would never end (Twisted only warns).
      errback(std::logic_error("then(): the function returned the Deferred it feeds"));
      return;
    }
    if (!state_->cancel_overridden)
      state_->canceller = [inner](Deferred&) mutable { inner.cancel(); };
    std::weak_ptr<detail::DeferredState<T>> weak = state_;
    inner.add_both([weak](Outcome<T> outcome) -> Outcome<T> {
      detail::StatePtr<T> self = weak.lock();
      if (!self || self->called)
        return outcome;  // nobody to hand it to, or cancelled already (C1)
      Deferred(std::move(self)).resolve(std::move(outcome));
      return T{};
    });
  }

  Deferred& append(detail::Level<T> level) {
    state_->callbacks.push_back(std::move(level));
    if (state_->called)
      detail::run_callbacks(state_);
    return *this;
  }

  void start(detail::Step<T> first) {
    if (state_->called) {
      if (state_->suppress_already_called) {
        state_->suppress_already_called = false;
        return;
      }
      throw AlreadyCalledError();
    }
    state_->called = true;
    // Never needed again; frees what it holds. An override is kept (D10).
    if (!state_->cancel_overridden)
      state_->canceller = nullptr;
    if (first.index() == 0) {
      state_->result.template emplace<1>(std::move(std::get<0>(first)));
    } else {
      state_->result.template emplace<2>(std::move(std::get<1>(first)));
    }
    detail::run_callbacks(state_);
  }

  detail::StatePtr<T> state_;
};

/// A Deferred that has already fired with `value`.
template <class T>
Deferred<T> succeed(T value) {
  Deferred<T> d;
  d.callback(std::move(value));
  return d;
}

/// A Deferred that has already failed with `failure`.
template <class T>
Deferred<T> fail(Failure failure) {
  Deferred<T> d;
  d.errback(std::move(failure));
  return d;
}

/// Twisted's maybeDeferred (A11): calls `f()` and returns its Deferred, or a
/// fired Deferred holding what it returned or threw. T is deduced from what
/// `f` returns unless given (it must be given when `f` returns a Failure).
template <class T = void, class F>
auto maybe_deferred(F&& f) {
  using R = std::decay_t<std::invoke_result_t<F&>>;
  using V = std::conditional_t<std::is_void_v<T>, typename detail::DeferredValue<R>::type, T>;
  static_assert(!std::is_same_v<V, Failure>, "say maybe_deferred<T>(f) when f returns a Failure");
  detail::Step<V> step = [&]() -> detail::Step<V> {
    try {
      return detail::invoke_step<V>(f);
    } catch (...) {
      return detail::Step<V>(std::in_place_index<1>, Failure::current());
    }
  }();
  switch (step.index()) {
    case 0:
      return succeed<V>(std::move(std::get<0>(step)));
    case 1:
      return fail<V>(std::move(std::get<1>(step)));
    default:
      return detail::DeferredAccess::wrap<V>(std::move(std::get<2>(step)));
  }
}

namespace detail {

/// Twisted's _runCallbacks, iterative over chained Deferreds (A8): `chain`
/// is the stack of Deferreds being resumed, innermost first.
template <class T>
void run_callbacks(const StatePtr<T>& self) {
  if (self->running)
    return;  // the loop above us picks new levels up (A7)
  std::vector<StatePtr<T>> chain{self};
  while (!chain.empty()) {
    StatePtr<T> current = chain.back();
    if (current->paused)
      return;
    bool finished = true;
    while (!current->callbacks.empty()) {
      Level<T> level = current->callbacks.pop_front();

      if (level.chainee) {
        // Resume the Deferred that waited on this one with our result (A8, A9).
        StatePtr<T> chainee = std::move(level.chainee);
        chainee->result = current->take_result();
        --chainee->paused;
        chain.push_back(std::move(chainee));
        finished = false;
        break;
      }

      const bool failing = current->failing();
      if (failing ? !level.on_failure : !level.on_value)
        continue;  // pass through

      current->running = true;
      Step<T> step = [&]() -> Step<T> {
        try {
          return failing ? level.on_failure(std::move(std::get<2>(current->result)))
                         : level.on_value(std::move(std::get<1>(current->result)));
        } catch (...) {
          return Step<T>(std::in_place_index<1>,
                         Failure::current());  // A3: a throw switches tracks
        }
      }();
      current->running = false;

      if (step.index() == 0) {
        current->result.template emplace<1>(std::move(std::get<0>(step)));
      } else if (step.index() == 1) {
        current->result.template emplace<2>(std::move(std::get<1>(step)));
      } else {
        StatePtr<T> inner = std::move(std::get<2>(step));
        if (inner == current) {
          // Twisted only warns; waiting on itself would hang forever.
          current->result.template emplace<2>(
              Failure::of(std::logic_error("a callback returned the Deferred it was attached to")));
        } else if (!inner->called || inner->waiting() || inner->paused) {
          // Wait for it: pause and let its continuation resume us (A8).
          ++current->paused;
          current->result.template emplace<3>(Waiting<T>{inner});
          Level<T> continuation;
          continuation.chainee = current;
          inner->callbacks.push_back(std::move(continuation));
          break;
        } else {
          // It already has a result: take it, leaving None behind (A9).
          auto taken = inner->take_result();
          if (taken.index() == 1) {
            current->result.template emplace<1>(std::move(std::get<1>(taken)));
          } else {
            current->result.template emplace<2>(std::move(std::get<2>(taken)));
          }
        }
      }
    }

    if (finished) {
      if (current->failing()) {
        current->unhandled = std::get<2>(current->result);
      } else {
        current->unhandled.reset();
      }
      chain.pop_back();
    }
  }
}

}  // namespace detail
}  // namespace tasker
