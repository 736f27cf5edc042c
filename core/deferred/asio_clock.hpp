#pragma once

#include "core/deferred/clock.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>

namespace tasker {

// Clock over std::chrono::steady_clock, driven by a boost::asio::io_context: scheduled calls run
// from io_context::run() on the thread running it.
//
// One steady_timer serves all calls, armed for the earliest; pending calls live in an ordered
// queue. (A timer per call would not keep the promise that calls due at the same time run in
// scheduling order: Asio's timer heap does not preserve it.)
//
// Precondition: the io_context outlives the AsioClock. Handles returned by call_later may
// outlive both; once the clock is destroyed they are inactive and cancel() is a no-op.
class AsioClock final : public Clock {
 public:
  explicit AsioClock(boost::asio::io_context& io);
  // Cancels every pending call; none of their functions runs afterwards.
  ~AsioClock() override;

  // steady_clock::now() since steady_clock's epoch.
  [[nodiscard]] Duration now() const override;
  std::shared_ptr<DelayedCall> call_later(Duration delay, std::function<void()> fn) override;

 private:
  struct Impl;
  // Shared with the timer's completion handler, which may still be queued in the io_context
  // after this clock is gone; it holds only a weak_ptr.
  std::shared_ptr<Impl> impl_;
};

}  // namespace tasker
