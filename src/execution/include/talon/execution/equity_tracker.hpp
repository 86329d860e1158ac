#pragma once
// Streaming statistics of an equity curve, updated once per bar in O(1) and exact: the
// running peak, the deepest drawdown, the longest time under water and the equity at the
// end of each UTC day. A backtest gets drawdown metrics of every bar without keeping every
// bar's equity in memory.

#include <cstdint>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>

namespace talon {

/// Equity at the end of one UTC day (the last update whose time falls in that day).
struct DailyEquity {
  Timestamp day;  ///< 00:00:00Z of the day
  Decimal equity;
};

class EquityTracker {
 public:
  /// Starts at `initial` equity (quote currency) at time `start`.
  EquityTracker(Timestamp start, Decimal initial);

  /// Records equity `equity` at `at` (times must not decrease).
  void update(Timestamp at, Decimal equity) {
    if (at.ns >= next_day_.ns) roll_day(at);
    daily_.back().equity = equity;
    last_at_ = at;
    if (equity >= peak_) {
      if (under_) close_underwater(at);
      peak_ = trough_ = equity;
      peak_at_ = at;
      return;
    }
    under_ = true;
    if (equity < trough_) new_trough(equity);
  }

  /// Largest (peak − equity) / peak seen, as a fraction, 8 places half-even.
  Decimal max_drawdown() const noexcept { return max_drawdown_; }
  /// Longest span from a peak to the first update back at or above it, or to the last
  /// update when still below it, in nanoseconds.
  std::int64_t longest_underwater_ns() const noexcept;
  /// Day-end equity of each UTC day with an update (the start's day included), oldest first.
  const std::vector<DailyEquity>& daily() const noexcept { return daily_; }
  Decimal peak() const noexcept { return peak_; }

 private:
  void roll_day(Timestamp at);
  void close_underwater(Timestamp at);
  void new_trough(Decimal equity);

  Decimal peak_;
  Decimal trough_;  // lowest equity since the current peak: only a new low can deepen it
  Decimal max_drawdown_;
  Timestamp peak_at_;
  Timestamp last_at_;
  Timestamp next_day_;
  std::int64_t longest_ = 0;
  bool under_ = false;
  std::vector<DailyEquity> daily_;
};

}  // namespace talon
