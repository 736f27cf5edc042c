#pragma once
// DeferredList and gather_results: Twisted's defer.DeferredList and
// gatherResults, exactly as SEMANTICS.md sections D and E describe them.
// Cancelling what is left when a list fires early is tasker's policy
// (--on-fire cancel) and lives in the commands, not here: Twisted's list
// leaves the other inputs running (D8).

#include "core/deferred/deferred.hpp"

#include <cstddef>
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
      : core_(std::make_shared<Core>()) {
    core_->options = options;
    core_->inputs = std::move(inputs);
    core_->result_list.resize(core_->inputs.size());
    std::weak_ptr<Core> weak = core_;
    core_->fired.set_cancel_override([weak] {
      if (auto core = weak.lock())
        core->cancel();
    });
    if (core_->inputs.empty() && !options.fire_on_one_callback) {
      core_->fire(DeferredListResult<T>{});  // D9
      return;
    }
    // A copy: an input firing synchronously may make the list fire, which
    // releases core_->inputs (see Core::fire).
    std::vector<Deferred<T>> inputs_copy = core_->inputs;
    for (std::size_t i = 0; i < inputs_copy.size(); ++i) {
      inputs_copy[i].add_callbacks(
          [core = core_, i](T value) { return core->on_result(i, Outcome<T>(std::move(value))); },
          [core = core_, i](Failure failure) {
            return core->on_result(i, Outcome<T>(std::move(failure)));
          });
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

  /// Each input's outcome so far, in input order; nullopt while it is pending (D8).
  [[nodiscard]] const std::vector<std::optional<Outcome<T>>>& result_list() const {
    return core_->result_list;
  }

 private:
  struct Core {
    DeferredListOptions options;
    std::vector<Deferred<T>> inputs;  // kept only until the list fires: for cancel()
    std::vector<std::optional<Outcome<T>>> result_list;
    std::size_t finished_count = 0;
    Deferred<DeferredListResult<T>> fired;

    // Twisted's _cbDeferred (D2).
    Outcome<T> on_result(std::size_t index, Outcome<T> outcome) {
      result_list[index] = outcome;
      ++finished_count;
      if (!fired.called()) {
        if (outcome.succeeded() && options.fire_on_one_callback) {
          DeferredListResult<T> result;
          result.first_success.emplace(outcome.value(), index);
          fire(std::move(result));
        } else if (outcome.failed() && options.fire_on_one_errback) {
          inputs.clear();
          fired.errback(FirstError(outcome.failure(), index));
        } else if (finished_count == result_list.size()) {
          DeferredListResult<T> result;
          result.outcomes.reserve(result_list.size());
          for (auto& entry : result_list) result.outcomes.push_back(*entry);
          fire(std::move(result));
        }
      }
      if (outcome.failed() && options.consume_errors)
        return Outcome<T>(T{});  // D6
      return outcome;
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
      std::vector<Deferred<T>> to_cancel = inputs;  // checked once, before the loop (D10)
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
  Deferred<std::vector<T>> gathered;
  gathered.set_cancel_override([list]() mutable { list.cancel(); });
  list.deferred().add_callbacks(
      [gathered](DeferredListResult<T> result) mutable {
        std::vector<T> values;
        values.reserve(result.outcomes.size());
        for (auto& outcome : result.outcomes) values.push_back(std::move(outcome).value());
        gathered.callback(std::move(values));
      },
      [gathered](Failure failure) mutable { gathered.errback(std::move(failure)); });
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
  Deferred<DeferredMapResult<T>> mapped;
  mapped.set_cancel_override([list]() mutable { list.cancel(); });
  list.deferred().add_callbacks(
      [mapped, names](DeferredListResult<T> result) mutable {
        DeferredMapResult<T> named_result;
        if (result.first_success) {
          auto& [value, index] = *result.first_success;
          named_result.first_success.emplace(names[index], std::move(value));
        }
        for (std::size_t i = 0; i < result.outcomes.size(); ++i) {
          named_result.outcomes.emplace_back(names[i], std::move(result.outcomes[i]));
        }
        mapped.callback(std::move(named_result));
      },
      [mapped](Failure failure) mutable { mapped.errback(std::move(failure)); });
  return mapped;
}

}  // namespace tasker
