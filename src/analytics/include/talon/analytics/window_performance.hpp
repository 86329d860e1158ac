#pragma once
// A run's figures over calendar-month windows: seed 003's StrategyPerformance (window_start,
// window_end, total_trades, win_rate, avg_roi, max_drawdown, sharpe_ratio), stored as
// strategy_performance rows for every stored backtest. docs/METRICS.md defines each.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <talon/analytics/metrics.hpp>
#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/execution/journal.hpp>

namespace talon {

/// One window, [start, end) in UTC ns.
struct WindowPerformance {
  Timestamp start, end;
  /// Round trips whose exit falls in the window.
  std::int64_t total_trades = 0;
  /// Percent of those with pnl > 0 (fees included), 2 places half-even; nullopt with none.
  std::optional<Decimal> win_rate;
  /// Mean of pnl / entry_notional × 100 over those trips (percent), 4 places half-even;
  /// nullopt with none.
  std::optional<Decimal> avg_roi;
  /// Largest fall from a running peak of the day-end equities of the window, the peak
  /// starting at the equity the window opened with (the previous day end, or the initial
  /// capital), as a fraction, 8 places half-even. Day ends, not bars: a fall and recovery
  /// inside one day is not seen (the run's own max_drawdown is per bar).
  Decimal max_drawdown;
  /// The window's daily returns (daily_returns), mean / sample deviation × √365, as the
  /// run's sharpe_ratio; nullopt with fewer than two returns or zero deviation.
  std::optional<double> sharpe_ratio;
};

/// The calendar months (UTC) from `start` to `end`, each clipped to the run: the first
/// window starts at `start`, the last ends at `end`; an empty range gives no window.
/// `m` gives the initial capital and the day-end equities (m.daily_equity), `trips` the
/// round trips (any order). Throws ArithmeticError when an equity before a return is zero.
std::vector<WindowPerformance> monthly_performance(const BacktestMetrics& m,
                                                   std::span<const RoundTrip> trips,
                                                   Timestamp start, Timestamp end);

}  // namespace talon
