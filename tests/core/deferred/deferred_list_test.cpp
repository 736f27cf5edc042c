// DeferredList, gather_results and deferred_map: docs/rules.md rules D1–D10,
// E1–E3 and B2, one test or more per rule.

#include "core/deferred/deferred_list.hpp"

#include "tests/support/failure_recorder.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace tasker {
namespace {

struct BoomError : std::runtime_error {
  explicit BoomError(const std::string& what = "boom") : std::runtime_error(what) {}
};

std::vector<Deferred<int>> make_inputs(std::size_t n) {
  return std::vector<Deferred<int>>(n);
}

// ---- D1: construction -------------------------------------------------------------------

TEST(DeferredListD1, AlreadyFiredInputsAreSeenInTheConstructor) {
  DeferredList<int> list({succeed(1), succeed(2)});
  ASSERT_TRUE(list.deferred().called());
  const auto outcomes =
      list.deferred().result()->value().outcomes;  // a copy: result() returns by value
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[1].value(), 2);
}

TEST(DeferredListD1, CallbacksAddedBeforeTheListChangeWhatItSees) {
  Deferred<int> d;
  d.add_callback([](int v) { return v * 100; });
  DeferredList<int> list({d});
  d.callback(2);
  EXPECT_EQ(list.deferred().result()->value().outcomes[0].value(), 200);
}

TEST(DeferredListD1, CallbacksAddedAfterTheListSeeWhatTheListReturned) {
  FailureRecorder recorder;
  Deferred<int> d;
  DeferredList<int> list({d}, {.consume_errors = true});
  std::optional<int> after;
  d.add_callback([&](int v) {
    after = v;
    return v;
  });
  d.errback(BoomError());
  EXPECT_EQ(after, 0);  // None: the list consumed the error
  EXPECT_EQ(recorder.unhandled_count(), 0u);
}

// ---- D2: the per-input step, in order -----------------------------------------------------

TEST(DeferredListD2, ResultIsStoredBeforeTheListFires) {
  auto inputs = make_inputs(2);
  DeferredList<int> list(inputs, {.fire_on_one_callback = true});
  std::size_t finished_when_fired = 0;
  bool stored_when_fired = false;
  list.deferred().add_callback([&](DeferredListResult<int> r) {
    finished_when_fired = list.finished_count();
    stored_when_fired = list.result_list()[1].has_value();
    return r;
  });
  inputs[1].callback(5);
  EXPECT_EQ(finished_when_fired, 1u);
  EXPECT_TRUE(stored_when_fired);
  inputs[0].callback(0);
}

TEST(DeferredListD2, InputChainGetsItsResultBackWhenNotConsumed) {
  FailureRecorder recorder;
  Deferred<int> d;
  DeferredList<int> list({d});
  std::optional<int> after;
  d.add_callback([&](int v) {
    after = v;
    return v;
  });
  d.callback(9);
  EXPECT_EQ(after, 9);
}

// ---- D3: the result shape --------------------------------------------------------------------

TEST(DeferredListD3, ResultsAreInInputOrderWhateverOrderTheyFinish) {
  auto inputs = make_inputs(3);
  DeferredList<int> list(inputs);
  inputs[2].callback(30);
  inputs[0].callback(10);
  EXPECT_FALSE(list.deferred().called());
  inputs[1].callback(20);
  const auto outcomes =
      list.deferred().result()->value().outcomes;  // a copy: result() returns by value
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0].value(), 10);
  EXPECT_EQ(outcomes[1].value(), 20);
  EXPECT_EQ(outcomes[2].value(), 30);
}

TEST(DeferredListD3, WithNoFlagsAListWhoseInputsAllFailStillCallsBack) {
  FailureRecorder recorder;
  auto inputs = make_inputs(2);
  DeferredList<int> list(inputs);
  inputs[0].errback(BoomError("a"));
  inputs[1].errback(BoomError("b"));
  auto result = list.deferred().result();
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->succeeded());
  EXPECT_EQ(result->value().outcomes[0].failure().what(), "a");
  EXPECT_EQ(result->value().outcomes[1].failure().what(), "b");
}

// ---- D4: fire_on_one_callback ---------------------------------------------------------------

TEST(DeferredListD4, FiresWithTheFirstSuccessInTimeAndItsIndex) {
  auto inputs = make_inputs(3);
  DeferredList<int> list(inputs, {.fire_on_one_callback = true});
  inputs[2].callback(7);
  const auto first =
      list.deferred().result()->value().first_success;  // a copy: result() returns by value
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->first, 7);
  EXPECT_EQ(first->second, 2u);
  inputs[0].callback(1);
  inputs[1].callback(2);
}

TEST(DeferredListD4, EveryInputFailingStillCallsBackWithTheWholeList) {
  FailureRecorder recorder;
  auto inputs = make_inputs(2);
  DeferredList<int> list(inputs, {.fire_on_one_callback = true});
  inputs[0].errback(BoomError());
  EXPECT_FALSE(list.deferred().called());
  inputs[1].errback(BoomError());
  auto result = list.deferred().result();
  ASSERT_TRUE(result->succeeded());
  EXPECT_FALSE(result->value().first_success.has_value());
  EXPECT_EQ(result->value().outcomes.size(), 2u);
}

TEST(DeferredListD4, EmptyListWithFireOnOneCallbackNeverFires) {
  DeferredList<int> list({}, {.fire_on_one_callback = true});
  EXPECT_FALSE(list.deferred().called());
}

// ---- D5: fire_on_one_errback ---------------------------------------------------------------

TEST(DeferredListD5, FirstFailureInTimeErrbacksWithFirstError) {
  FailureRecorder recorder;
  auto inputs = make_inputs(3);
  DeferredList<int> list(inputs, {.fire_on_one_errback = true});
  std::optional<Failure> seen;
  list.deferred().add_errback([&](Failure f) { seen = f; });
  inputs[0].callback(0);
  inputs[2].errback(BoomError("two"));
  inputs[1].errback(BoomError("one"));
  ASSERT_TRUE(seen.has_value());
  const std::optional<FirstError> first = seen->get<FirstError>();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->index(), 2u);
  EXPECT_EQ(first->sub_failure().what(), "two");
}

TEST(DeferredListD5, NoFailureCallsBackWithTheWholeList) {
  auto inputs = make_inputs(2);
  DeferredList<int> list(inputs, {.fire_on_one_errback = true});
  inputs[0].callback(1);
  inputs[1].callback(2);
  EXPECT_EQ(list.deferred().result()->value().outcomes.size(), 2u);
}

TEST(DeferredListD5, WithBothFlagsWhicheverHappensFirstWins) {
  FailureRecorder recorder;
  auto inputs = make_inputs(2);
  DeferredList<int> succeed_first(inputs,
                                  {.fire_on_one_callback = true, .fire_on_one_errback = true});
  inputs[1].callback(3);
  inputs[0].errback(BoomError());
  EXPECT_TRUE(succeed_first.deferred().result()->succeeded());

  auto others = make_inputs(2);
  DeferredList<int> fail_first(others, {.fire_on_one_callback = true, .fire_on_one_errback = true});
  others[0].errback(BoomError());
  others[1].callback(3);
  EXPECT_TRUE(fail_first.deferred().result()->failure().check<FirstError>());
  fail_first.deferred().add_errback([](Failure) {});
}

// ---- D6, D7: consume_errors and what is left unhandled -------------------------------------

TEST(DeferredListD6, ConsumeErrorsKeepsFailuresInTheResultButRecoversTheInputs) {
  FailureRecorder recorder;
  auto inputs = make_inputs(2);
  {
    DeferredList<int> list(inputs, {.consume_errors = true});
    inputs[0].errback(BoomError());
    inputs[1].callback(1);
    EXPECT_TRUE(list.deferred().result()->value().outcomes[0].failed());
    EXPECT_EQ(inputs[0].result()->value(), 0);  // None
  }
  inputs.clear();
  EXPECT_EQ(recorder.unhandled_count(), 0u);
}

TEST(DeferredListD6, ConsumeErrorsDoesNotStopFireOnOneErrback) {
  FailureRecorder recorder;
  auto inputs = make_inputs(2);
  DeferredList<int> list(inputs, {.fire_on_one_errback = true, .consume_errors = true});
  bool first_error = false;
  list.deferred().add_errback([&](Failure f) { first_error = f.check<FirstError>(); });
  inputs[1].errback(BoomError());
  EXPECT_TRUE(first_error);
  inputs[0].callback(0);
}

TEST(DeferredListD7, WithoutConsumeErrorsEveryFailedInputIsUnhandled) {
  FailureRecorder recorder;
  {
    auto inputs = make_inputs(3);
    DeferredList<int> list(inputs, {.fire_on_one_errback = true});
    list.deferred().add_errback([](Failure) {});  // the FirstError itself is handled
    inputs[0].errback(BoomError("causes FirstError"));
    inputs[1].errback(BoomError("after the list fired"));
    inputs[2].cancel();
  }
  auto messages = recorder.unhandled_messages();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0], "causes FirstError");
  EXPECT_EQ(messages[1], "after the list fired");
  EXPECT_EQ(messages[2], "cancelled");
}

// ---- D8: results after the list fired ------------------------------------------------------

TEST(DeferredListD8, LateResultsAreRecordedButTheDeliveredValueIsNotUpdated) {
  auto inputs = make_inputs(3);
  DeferredList<int> list(inputs, {.fire_on_one_callback = true});
  inputs[1].callback(11);
  inputs[0].callback(10);
  inputs[2].callback(12);
  EXPECT_EQ(list.finished_count(), 3u);
  ASSERT_TRUE(list.result_list()[0].has_value());
  EXPECT_EQ(list.result_list()[0]->value(), 10);
  const auto first =
      list.deferred().result()->value().first_success;  // a copy: result() returns by value
  EXPECT_EQ(first->second, 1u);
  EXPECT_EQ(first->first, 11);
}

TEST(DeferredListD8, TheListDoesNotCancelTheRemainingInputs) {
  auto inputs = make_inputs(2);
  DeferredList<int> list(inputs, {.fire_on_one_callback = true});
  inputs[0].callback(1);
  EXPECT_FALSE(inputs[1].called());
  inputs[1].callback(2);
}

// ---- D9: empty lists ---------------------------------------------------------------------------

TEST(DeferredListD9, EmptyListCallsBackWithAnEmptyListAtOnce) {
  DeferredList<int> plain({});
  ASSERT_TRUE(plain.deferred().called());
  EXPECT_TRUE(plain.deferred().result()->value().outcomes.empty());
  DeferredList<int> errback_only({}, {.fire_on_one_errback = true});
  EXPECT_TRUE(errback_only.deferred().result()->succeeded());
}

// ---- D10: cancel ------------------------------------------------------------------------------

TEST(DeferredListD10, CancelAfterTheListFiredDoesNothing) {
  auto inputs = make_inputs(2);
  DeferredList<int> list(inputs, {.fire_on_one_callback = true});
  inputs[0].callback(1);
  list.deferred().cancel();
  EXPECT_FALSE(inputs[1].called());
  inputs[1].callback(2);
}

TEST(DeferredListD10, CancelBeforeFiringCancelsEveryInputInIndexOrder) {
  FailureRecorder recorder;
  std::vector<int> order;
  std::vector<Deferred<int>> inputs;
  for (int i = 0; i < 3; ++i) {
    inputs.emplace_back([&order, i](Deferred<int>&) { order.push_back(i); });
  }
  DeferredList<int> list(inputs, {.consume_errors = true});
  list.deferred().cancel();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
  const auto outcomes =
      list.deferred().result()->value().outcomes;  // a copy: result() returns by value
  ASSERT_EQ(outcomes.size(), 3u);
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome.failure().check<CancelledError>());
}

TEST(DeferredListD10, LaterInputsAreCancelledEvenWhenTheListFiresPartWay) {
  FailureRecorder recorder;
  auto inputs = make_inputs(3);
  inputs[0].callback(0);
  DeferredList<int> list(inputs, {.fire_on_one_errback = true, .consume_errors = true});
  std::optional<Failure> seen;
  list.deferred().add_errback([&](Failure f) { seen = f; });
  list.cancel();
  EXPECT_TRUE(inputs[2].called());
  ASSERT_TRUE(seen.has_value());
  const std::optional<FirstError> first = seen->get<FirstError>();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->index(), 1u);  // the first unfinished input
  EXPECT_TRUE(first->sub_failure().check<CancelledError>());
}

TEST(DeferredListD10, FireOnOneCallbackFiresOnCancelOnlyIfACancellerCallsBack) {
  FailureRecorder recorder;
  std::vector<Deferred<int>> inputs;
  inputs.emplace_back();
  inputs.emplace_back([](Deferred<int>& self) { self.callback(5); });
  inputs.emplace_back();
  DeferredList<int> list(inputs, {.fire_on_one_callback = true, .consume_errors = true});
  list.cancel();
  const auto first =
      list.deferred().result()->value().first_success;  // a copy: result() returns by value
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->second, 1u);
  EXPECT_TRUE(inputs[2].called());  // still cancelled: the check was before the loop
}

TEST(DeferredListD10, ExceptionFromACancellerIsLoggedAndTheLoopGoesOn) {
  FailureRecorder recorder;
  std::vector<Deferred<int>> inputs;
  inputs.emplace_back([](Deferred<int>&) { throw BoomError("canceller"); });
  inputs.emplace_back();
  DeferredList<int> list(inputs, {.consume_errors = true});
  list.cancel();
  EXPECT_TRUE(inputs[1].called());
  auto raised = recorder.of(FailureEvent::canceller_raised);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].what(), "canceller");
  EXPECT_FALSE(
      list.deferred().called());  // input 0 is still pending: the list does not errback itself
  inputs[0].callback(0);
  EXPECT_TRUE(list.deferred().called());
}

TEST(DeferredListD10, OnlyTheConstructorsInputsAreCancelled) {
  FailureRecorder recorder;
  std::vector<Deferred<int>> inputs = make_inputs(1);
  DeferredList<int> list(inputs, {.consume_errors = true});
  inputs.emplace_back();  // the caller's vector changes; the list kept its own copy
  list.cancel();
  EXPECT_TRUE(inputs[0].called());
  EXPECT_FALSE(inputs[1].called());
}

// ---- A list whose inputs come one at a time (tasker's tasks as slots free up) ---------------

using StreamingList = DeferredList<int>;

TEST(DeferredListStreaming, FiresWithEveryOutcomeOnlyOnceClosed) {
  StreamingList list({}, StreamingList::Streaming{});
  Deferred<int> a;
  list.add(a);
  a.callback(1);
  EXPECT_FALSE(list.deferred().called());  // more inputs may come
  list.add(succeed(2));
  list.close();
  ASSERT_TRUE(list.deferred().called());
  const auto outcomes = list.deferred().result()->value().outcomes;
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].value(), 1);
  EXPECT_EQ(outcomes[1].value(), 2);
}

TEST(DeferredListStreaming, LastInputFinishingAfterCloseFiresTheList) {
  StreamingList list({}, StreamingList::Streaming{});
  Deferred<int> a;
  list.add(a);
  list.close();
  EXPECT_FALSE(list.deferred().called());
  a.callback(1);
  EXPECT_TRUE(list.deferred().called());
}

TEST(DeferredListStreaming, EmptyCloseFollowsD9) {
  StreamingList plain({}, StreamingList::Streaming{});
  plain.close();
  EXPECT_TRUE(plain.deferred().called());
  StreamingList first_success({.fire_on_one_callback = true}, StreamingList::Streaming{});
  first_success.close();
  EXPECT_FALSE(first_success.deferred().called());  // D4: never fires
}

TEST(DeferredListStreaming, FireOnOneErrbackFiresBeforeClose) {
  FailureRecorder recorder;
  StreamingList list({.fire_on_one_errback = true, .consume_errors = true},
                     StreamingList::Streaming{});
  Deferred<int> a;
  list.add(a);
  a.errback(BoomError());
  ASSERT_TRUE(list.deferred().called());
  list.deferred().add_errback([](Failure f) { EXPECT_TRUE(f.check<FirstError>()); });
}

TEST(DeferredListStreaming, WithoutKeptOutcomesTheListHoldsNoResults) {
  StreamingList list({}, StreamingList::Streaming{.keep_outcomes = false});
  list.add(succeed(1));
  list.add(succeed(2));
  list.close();
  ASSERT_TRUE(list.deferred().called());
  EXPECT_TRUE(list.result_list().empty());
  EXPECT_TRUE(list.deferred().result()->value().outcomes.empty());
  EXPECT_EQ(list.finished_count(), 2u);
}

TEST(DeferredListStreaming, CancelReachesOnlyTheInputsStillPending) {
  StreamingList list({}, StreamingList::Streaming{});
  int cancels = 0;
  Deferred<int> done;
  Deferred<int> pending([&](Deferred<int>&) { ++cancels; });
  list.add(done);
  list.add(pending);
  done.callback(1);
  list.cancel();
  EXPECT_EQ(cancels, 1);
  EXPECT_TRUE(pending.called());  // CancelledError (C1)
  list.close();
  EXPECT_TRUE(list.deferred().called());
}

// ---- E: gather_results ------------------------------------------------------------------------

TEST(GatherResultsE1, CancelIsTheListsCancel) {
  FailureRecorder recorder;
  auto inputs = make_inputs(2);
  auto gathered = gather_results(inputs, /*consume_errors=*/true);
  std::optional<Failure> seen;
  gathered.add_errback([&](Failure f) { seen = f; });
  gathered.cancel();
  EXPECT_TRUE(inputs[0].called());
  EXPECT_TRUE(inputs[1].called());  // cancelled after the gather already fired
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->get<FirstError>()->index(), 0u);
}

// Twisted 22.4: gatherResults over an input whose cancel() fires nothing
// stays unfired after cancel(), and later calls back with the real result.
TEST(GatherResultsE1, CancelThatFiresNoInputLeavesTheGatherUnfired) {
  Deferred<int> stubborn;
  stubborn.set_cancel_override([] {});
  auto gathered = gather_results(std::vector<Deferred<int>>{stubborn});
  gathered.cancel();
  EXPECT_FALSE(gathered.called());
  stubborn.callback(1);
  EXPECT_EQ(gathered.result()->value(), (std::vector<int>{1}));
}

TEST(GatherResultsE2, SuccessGivesThePlainValuesInInputOrder) {
  auto inputs = make_inputs(3);
  auto gathered = gather_results(inputs);
  inputs[2].callback(3);
  inputs[0].callback(1);
  inputs[1].callback(2);
  EXPECT_EQ(gathered.result()->value(), (std::vector<int>{1, 2, 3}));
}

TEST(GatherResultsE2, FirstErrorIsNotUnwrappedAndNamesTheFirstFailureInTime) {
  FailureRecorder recorder;
  auto inputs = make_inputs(3);
  auto gathered = gather_results(inputs, true);
  std::optional<Failure> seen;
  gathered.add_errback([&](Failure f) { seen = f; });
  inputs[2].errback(BoomError("late index, first in time"));
  inputs[0].errback(BoomError("low index"));
  ASSERT_TRUE(seen.has_value());
  ASSERT_TRUE(seen->check<FirstError>());
  EXPECT_FALSE(seen->check<BoomError>());
  EXPECT_EQ(seen->get<FirstError>()->index(), 2u);
  EXPECT_EQ(seen->get<FirstError>()->sub_failure().what(), "late index, first in time");
  inputs[1].callback(0);
}

TEST(GatherResultsE3, EmptyInputCallsBackWithAnEmptyList) {
  auto gathered = gather_results(std::vector<Deferred<int>>{});
  ASSERT_TRUE(gathered.called());
  EXPECT_TRUE(gathered.result()->value().empty());
}

TEST(GatherResultsE3,
     WithoutConsumeErrorsTheFailingInputIsUnhandledEvenThoughFirstErrorWasHandled) {
  FailureRecorder recorder;
  {
    auto inputs = make_inputs(2);
    auto gathered = gather_results(inputs);
    gathered.add_errback([](Failure) {});
    inputs[0].errback(BoomError("task failed"));
    inputs[1].callback(1);
  }
  EXPECT_EQ(recorder.unhandled_messages(), (std::vector<std::string>{"task failed"}));
}

TEST(GatherResultsE3, WithConsumeErrorsNothingIsUnhandledOnceFirstErrorIsHandled) {
  FailureRecorder recorder;
  {
    auto inputs = make_inputs(2);
    auto gathered = gather_results(inputs, true);
    gathered.add_errback([](Failure) {});
    inputs[0].errback(BoomError("task failed"));
    inputs[1].callback(1);
  }
  EXPECT_EQ(recorder.unhandled_count(), 0u);
}

// ---- B2: an unhandled FirstError
// -----------------------------------------------------------------

TEST(DeferredListB2, GatherThatErrbacksWithNoErrbackIsReported) {
  FailureRecorder recorder;
  {
    auto inputs = make_inputs(1);
    auto gathered = gather_results(inputs, true);
    inputs[0].errback(BoomError("x"));
  }
  auto unhandled = recorder.of(FailureEvent::unhandled);
  ASSERT_EQ(unhandled.size(), 1u);
  EXPECT_TRUE(unhandled[0].check<FirstError>());
}

// ---- deferred_map: the named list ---------------------------------------------------------------

TEST(DeferredMap, ResultsAreKeyedByNameInInputOrder) {
  Deferred<int> lint;
  Deferred<int> test;
  auto mapped = deferred_map<int>({{"lint", lint}, {"test", test}});
  test.callback(2);
  lint.callback(1);
  const auto outcomes = mapped.result()->value().outcomes;  // a copy: result() returns by value
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].first, "lint");
  EXPECT_EQ(outcomes[0].second.value(), 1);
  EXPECT_EQ(outcomes[1].first, "test");
}

TEST(DeferredMap, FireOnOneCallbackNamesTheWinner) {
  Deferred<int> a;
  Deferred<int> b;
  auto mapped = deferred_map<int>({{"a", a}, {"b", b}}, {.fire_on_one_callback = true});
  b.callback(5);
  EXPECT_EQ(mapped.result()->value().first_success->first, "b");
  a.callback(0);
}

TEST(DeferredMap, DuplicateNamesAreRejected) {
  EXPECT_THROW(deferred_map<int>({{"x", Deferred<int>()}, {"x", Deferred<int>()}}),
               std::invalid_argument);
}

}  // namespace
}  // namespace tasker
