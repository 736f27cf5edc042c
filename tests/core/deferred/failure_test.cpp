// Failure: what a Deferred's error track carries (Twisted's Failure).

#include "core/deferred/failure.hpp"

#include "core/deferred/errors.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace tasker {
namespace {

struct BoomError : std::runtime_error {
  BoomError() : std::runtime_error("boom") {}
};

// std::rethrow_exception may hand a catch block a copy of the exception, so
// get() cannot point into it: it gives its own copy, which outlives the Failure.
TEST(Failure, GetGivesACopyThatOutlivesTheFailure) {
  const auto first = Failure::of(FirstError(Failure::of(BoomError()), 3)).get<FirstError>();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->index(), 3u);
  EXPECT_EQ(first->sub_failure().what(), "boom");
}

TEST(Failure, GetOfAnotherTypeIsEmptyAndCheckAgrees) {
  const Failure failure = Failure::of(BoomError());
  EXPECT_FALSE(failure.get<CancelledError>());
  EXPECT_FALSE(failure.check<CancelledError>());
  EXPECT_TRUE(failure.check<std::runtime_error>());  // a base type matches (A12)
  EXPECT_EQ(failure.get<std::runtime_error>()->what(), std::string("boom"));
}

}  // namespace
}  // namespace tasker
