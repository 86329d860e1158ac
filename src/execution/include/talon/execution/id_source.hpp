#pragma once
// UUIDv7 ids for the order path (orders, fills, positions), made as core's UuidV7Generator
// makes them (RFC 9562 §6.2 method 2: random bits drawn from the OS CSPRNG at each new
// millisecond, incremented by one within it) but drawing the random bits from a buffer
// refilled 64 ids at a time. In a backtest the simulated clock moves to a new millisecond
// for nearly every id, and one getrandom system call per id would cost more than the whole
// order round trip.

#include <array>
#include <cstdint>

#include <talon/core/uuid.hpp>

namespace talon {

class UuidV7Source {
 public:
  /// Id stamped with `unix_ts_ms` (clamped at 0); strictly increasing within this source.
  /// Throws Error when the OS random source fails.
  Uuid next(std::int64_t unix_ts_ms);

 private:
  std::uint64_t random64();

  std::array<std::uint64_t, 128> pool_{};
  std::size_t used_ = 128;
  std::uint64_t last_ms_ = 0;
  std::uint64_t counter_hi_ = 0;
  std::uint64_t counter_lo_ = 0;
  bool started_ = false;
};

}  // namespace talon
