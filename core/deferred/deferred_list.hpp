#pragma once
// DeferredList and gather_results: Twisted's defer.DeferredList and
// gatherResults, exactly as docs/rules.md sections D and E state them.
// Cancelling what is left when a list fires early is tasker's policy
// (--on-fire cancel) and lives in core/run (ParallelRun, GroupNode), not here: Twisted's list
// leaves the other inputs running (D8).

#include "core/deferred/deferred.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace tasker {

struct DeferredListOptions {
  bool fire_on_one_callback = false;  ///< fire with the first success and its index (D4)
  bool fire_on_one_errback = false;   ///< errback with FirstError on the first failure (D5)
  bool consume_errors = false;  ///< failed inputs recover to None after the list saw them (D6)
};

/// What a DeferredList calls back with: either every input's outcome in
/// input order (D3), or, under fire_on_one_callback, the first success and
/// its index (D4).
template <class T>
struct DeferredListResult {
  std::vector<Outcome<T>> outcomes;
  std::optional<std::pair<T, std::size_t>> first_success;
};

template <class T>
class DeferredList {
 public:
  /// Adds one level to each input, in index order (D1): inputs that already
  /// fired are seen now, so the list may fire before the constructor returns.
  explicit DeferredList(std::vector<Deferred<T>> inputs, DeferredListOptions options = {})
      : core_(Core::make(options)) {
    if (inputs.empty() && !options.fire_on_one_callback) {
      core_->fire(DeferredListResult<T>{});  // D9
      return;
    }
    // Known up front: "every input finished" may hold as the last one is added (D2).
    core_->closed = true;
    core_->result_list.resize(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) core_->inputs.emplace(i, inputs[i]);
    core_->added = inputs.size();
    for (std::size_t i = 0; i < inputs.size(); ++i) core_->listen(i, inputs[i]);
  }

  /// How a list whose inputs come one at a time (tasker reads its tasks as
  /// slots free up) keeps what it needs: with neither flag it holds nothing
  /// per finished input, so memory stays flat in the number of inputs.
  struct Streaming {
    /// Keep every outcome for the callback's result list (D3); without it
    /// that list is empty and only the counts and first_success are kept.
    bool keep_outcomes = true;
  };

  /// A list with no input yet: add() them one by one, then close(). It fires
  /// by the same rules (D2) except that "every input has finished" can only
  /// hold once closed; an input that finished is no longer cancelled by
  /// cancel(), which has nothing left to stop there.
  DeferredList(DeferredListOptions options, Streaming streaming) : core_(Core::make(options)) {
    core_->keep_outcomes = streaming.keep_outcomes;
    core_->forget_finished = true;
  }

  /// Adds an input after the others; it may fire the list now if it has fired.
  /// Inputs added after the list fired are still recorded (D8).
  /// Preconditions: a streaming list, not closed.
  void add(Deferred<T> input) {
    const std::size_t index = core_->added++;
    if (core_->keep_outcomes)
      core_->result_list.emplace_back();
    if (!core_->fired.called())
      core_->inputs.emplace(index, input);
    core_->listen(index, std::move(input));
  }

  /// No more inputs: fires now if every input has finished, or with no input
  /// at all unless fire_on_one_callback (D9).
  void close() {
    core_->closed = true;
    if (core_->fired.called())
      return;
    if (core_->added == 0) {
      if (!core_->options.fire_on_one_callback)
        core_->fire(DeferredListResult<T>{});
    } else if (core_->finished_count == core_->added) {
      core_->fire_with_all();
    }
  }

  /// The list's own Deferred. Its cancel() is DeferredList::cancel (D10).
  [[nodiscard]] Deferred<DeferredListResult<T>>& deferred() { return core_->fired; }

  /// D10: before the list fired, cancels every input in index order, even
  /// if the list fires part-way; an exception from an input's canceller is
  /// logged (FailureEvent::canceller_raised) and the loop goes on. After
  /// the list fired, does nothing.
  void cancel() { core_->cancel(); }

  /// How many inputs have a result so far, including those after the list fired (D8).
  [[nodiscard]] std::size_t finished_count() const { return core_->finished_count; }

  /// Each input's outcome so far, in input order; nullopt while it is pending
  /// (D8). Empty for a streaming list that does not keep outcomes.
  [[nodiscard]] const std::vector<std::optional<Outcome<T>>>& result_list() const {
    return core_->result_list;
  }

 private:
  struct Core : std::enable_shared_from_this<Core> {
    explicit Core(DeferredListOptions options_in) : options(options_in) {}

    static std::shared_ptr<Core> make(DeferredListOptions options) {
      auto core = std::make_shared<Core>(options);
      // Weak: the list's Deferred is inside the core it would otherwise keep alive.
      core->fired.set_cancel_override([weak = std::weak_ptr<Core>(core)] {
        if (auto alive = weak.lock())
          alive->cancel();
      });
      return core;
    }

    DeferredListOptions options;
    // Inputs cancel() would cancel, by index; dropped once the list fired.
    std::map<std::size_t, Deferred<T>> inputs;
    std::vector<std::optional<Outcome<T>>> result_list;
    std::size_t added = 0;
    std::size_t finished_count = 0;
    bool closed = false;
    bool keep_outcomes = true;
    bool forget_finished = false;
    Deferred<DeferredListResult<T>> fired;

    void listen(std::size_t index, Deferred<T> input) {
      // The level holds the core: the list lives as long as an input may still report to it.
      input.add_callbacks(
          [core = this->shared_from_this(), index](T value) {
            return core->on_result(index, Outcome<T>(std::move(value)));
          },
          [core = this->shared_from_this(), index](Failure failure) {
            return core->on_result(index, Outcome<T>(std::move(failure)));
          });
    }

    // Twisted's _cbDeferred (D2).
    Outcome<T> on_result(std::size_t index, Outcome<T> outcome) {
      if (keep_outcomes)
        result_list[index] = outcome;
      ++finished_count;
      if (forget_finished)
        inputs.erase(index);
      if (!fired.called()) {
        if (outcome.succeeded() && options.fire_on_one_callback) {
          DeferredListResult<T> result;
          result.first_success.emplace(outcome.value(), index);
          fire(std::move(result));
        } else if (outcome.failed() && options.fire_on_one_errback) {
          inputs.clear();
          fired.errback(FirstError(outcome.failure(), index));
        } else if (closed && finished_count == added) {
          fire_with_all();
        }
      }
      if (outcome.failed() && options.consume_errors)
        return Outcome<T>(T{});  // D6
      return outcome;
    }

    void fire_with_all() {
      DeferredListResult<T> result;
      result.outcomes.reserve(result_list.size());
      for (auto& entry : result_list) result.outcomes.push_back(*entry);
      fire(std::move(result));
    }

    void fire(DeferredListResult<T> result) {
      // Once fired, cancel() does nothing (D10), so the inputs are no longer
      // needed; dropping them breaks the input -> list -> input cycle.
      inputs.clear();
      fired.callback(std::move(result));
    }

    void cancel() {
      if (fired.called())
        return;
      std::vector<Deferred<T>> to_cancel;  // checked once, before the loop (D10)
      to_cancel.reserve(inputs.size());
      for (auto& [index, input] : inputs) to_cancel.push_back(input);
      for (Deferred<T>& input : to_cancel) {
        try {
          input.cancel();
        } catch (...) {
          log_failure(FailureEvent::canceller_raised, Failure::current());
        }
      }
    }
  };

  std::shared_ptr<Core> core_;
};

/// gatherResults (E1–E3): a DeferredList with fire_on_one_errback whose
/// result list is turned into the plain values in input order. On the first
/// failure in time it errbacks with FirstError (not unwrapped, E2). Its
/// cancel() is the list's (D10).
template <class T>
Deferred<std::vector<T>> gather_results(std::vector<Deferred<T>> inputs,
                                        bool consume_errors = false) {
  DeferredList<T> list(std::move(inputs),
                       {.fire_on_one_errback = true, .consume_errors = consume_errors});
  Deferred<std::vector<T>> gathered = list.deferred().then([](DeferredListResult<T> result) {
    std::vector<T> values;
    values.reserve(result.outcomes.size());
    for (auto& outcome : result.outcomes) values.push_back(std::move(outcome).value());
    return values;
  });
  // E1: cancel() is the list's, which never errbacks by itself (D10), not then()'s C1.
  gathered.set_cancel_override([list]() mutable { list.cancel(); });
  return gathered;
}

/// The seeds' DeferredMap: a DeferredList whose inputs have names.
template <class T>
struct DeferredMapResult {
  std::vector<std::pair<std::string, Outcome<T>>> outcomes;  ///< in input order
  std::optional<std::pair<std::string, T>> first_success;    ///< fire_on_one_callback
};

/// A DeferredList over named inputs; FirstError's index is the input's
/// position. Names must be unique (std::invalid_argument otherwise).
template <class T>
Deferred<DeferredMapResult<T>> deferred_map(std::vector<std::pair<std::string, Deferred<T>>> named,
                                            DeferredListOptions options = {}) {
  std::vector<std::string> names;
  std::vector<Deferred<T>> inputs;
  for (auto& [name, d] : named) {
    for (const std::string& seen : names) {
      if (seen == name)
        throw std::invalid_argument("duplicate name in deferred_map: " + name);
    }
    names.push_back(name);
    inputs.push_back(d);
  }
  DeferredList<T> list(std::move(inputs), options);
  Deferred<DeferredMapResult<T>> mapped =
      list.deferred().then([names = std::move(names)](DeferredListResult<T> result) {
        DeferredMapResult<T> by_name;
        if (result.first_success) {
          auto& [value, index] = *result.first_success;
          by_name.first_success.emplace(names[index], std::move(value));
        }
        for (std::size_t i = 0; i < result.outcomes.size(); ++i) {
          by_name.outcomes.emplace_back(names[i], std::move(result.outcomes[i]));
        }
        return by_name;
      });
  mapped.set_cancel_override([list]() mutable { list.cancel(); });  // the list's, as gather's
  return mapped;
}

}  // namespace tasker
