#include "core/deferred/asio_clock.hpp"

#include "core/deferred/timer_queue.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace tasker {
namespace {

Duration steady_now() {
  return std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now().time_since_epoch());
}

}  // namespace

struct AsioClock::Impl : std::enable_shared_from_this<AsioClock::Impl> {
  explicit Impl(boost::asio::io_context& io) : timer(io) {
    // The queue is a member, so it never calls the hook after this Impl is gone.
    queue.set_cancel_hook([this] { rearm(); });
  }

  // Arms the timer for the earliest pending call, or disarms it when nothing is pending so an
  // idle io_context::run() returns.
  void rearm() {
    if (dispatching) {
      return;  // on_timer re-arms once it has run everything due
    }
    const std::optional<Duration> next = queue.next_due();
    if (next == armed_for) {
      return;
    }
    armed_for = next;
    // A new generation makes a wait that already completed, but whose handler is still queued,
    // harmless; cancel() and expires_at() abort a wait that has not completed.
    const std::uint64_t generation = ++wait_generation;
    if (!next) {
      timer.cancel();
      return;
    }
    timer.expires_at(std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(*next)));
    timer.async_wait([weak = weak_from_this(), generation](const boost::system::error_code& ec) {
      if (ec) {
        return;  // aborted by a re-arm or by the clock's destruction
      }
      if (const auto self = weak.lock(); self && self->wait_generation == generation) {
        self->on_timer();
      }
    });
  }

  void on_timer() {
    armed_for.reset();
    dispatching = true;
    // Runs what is due as of now; calls scheduled meanwhile wait for the next wake-up, so a call
    // that reschedules itself with no delay cannot starve the io_context.
    const Duration until = steady_now();
    try {
      while (queue.run_next_due(until)) {
      }
    } catch (...) {
      dispatching = false;
      rearm();
      throw;
    }
    dispatching = false;
    rearm();
  }

  boost::asio::steady_timer timer;
  detail::TimerQueue queue;
  std::optional<Duration> armed_for;
  std::uint64_t wait_generation = 0;
  bool dispatching = false;
};

AsioClock::AsioClock(boost::asio::io_context& io) : impl_(std::make_shared<Impl>(io)) {}

AsioClock::~AsioClock() {
  impl_->queue.cancel_all();
  impl_->timer.cancel();
}

Duration AsioClock::now() const {
  return steady_now();
}

std::shared_ptr<DelayedCall> AsioClock::call_later(Duration delay, std::function<void()> fn) {
  auto call = impl_->queue.schedule(detail::due_time(now(), delay), std::move(fn));
  impl_->rearm();
  return call;
}

}  // namespace tasker
