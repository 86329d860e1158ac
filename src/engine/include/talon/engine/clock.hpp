#pragma once
// The Clock seam: simulated time driven by the data in backtests, the wall clock live.

#include <chrono>

#include <talon/core/timestamp.hpp>

namespace talon {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Current UTC time.
  virtual Timestamp now() const = 0;
};

/// Time set by the event loop from the events it replays; never moves backwards.
class SimulatedClock final : public Clock {
 public:
  Timestamp now() const override { return now_; }
  /// Advances to `t`; a `t` earlier than now() is ignored (time only moves forward).
  void advance_to(Timestamp t) noexcept {
    if (t > now_) now_ = t;
  }

 private:
  Timestamp now_;
};

/// The system's real-time clock (UTC).
class WallClock final : public Clock {
 public:
  Timestamp now() const override {
    const auto since = std::chrono::system_clock::now().time_since_epoch();
    return Timestamp::from_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(since).count());
  }
};

}  // namespace talon
