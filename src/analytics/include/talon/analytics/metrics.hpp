#pragma once
// Performance metrics of a backtest: every metric of seed 002's Backtests table.

#include <optional>
#include <span>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/execution/backtest_result.hpp>

namespace talon {

/// One calendar month's return.
struct MonthlyReturn {
  int year = 0;
  int month = 0;       ///< 1..12
  double ret = 0;      ///< fraction: 0.02 = +2 %
  Decimal end_equity;  ///< equity at the month's last day end, quote currency
};

struct BacktestMetrics {
  Decimal initial_capital;          ///< quote currency
  Decimal final_equity;             ///< quote currency: cash + open position at the last close
  std::int64_t total_trades = 0;    ///< closed round trips (entry to flat)
  std::int64_t winning_trades = 0;  ///< round trips with pnl > 0 (fees included)
  std::int64_t losing_trades = 0;   ///< round trips with pnl < 0
  Decimal win_rate;                 ///< percent of total_trades, 2 places half-even; 0 if none
  /// mean / sample standard deviation (n−1) of the daily returns (daily_returns: UTC day-end
  /// equities, computed in double from the exact Decimal equities, never rounded to 8
  /// places) × √365, risk-free rate 0. nullopt with fewer than two daily returns or zero
  /// deviation.
  std::optional<double> sharpe_ratio;
  /// mean / downside deviation × √365 of the same daily returns, downside deviation =
  /// √(Σ min(r,0)² / n) over all n returns (Sortino & Price 1994, target 0). nullopt with
  /// fewer than two returns or no negative return.
  std::optional<double> sortino_ratio;
  /// Largest fall from a running peak of the per-bar equity (marked at each bar's close),
  /// as a fraction of that peak (0.25 = 25 %), 8 places half-even.
  Decimal max_drawdown;
  /// Longest time the equity curve spent below a previous peak, from the peak to the first
  /// point back at or above it (or to the end of the run), in hours, 8 places.
  Decimal max_drawdown_duration_hours;
  /// Gross profit / gross loss of round trips, 8 places; nullopt when there is no losing
  /// trade (infinite or undefined).
  std::optional<Decimal> profit_factor;
  Decimal avg_win;       ///< mean pnl of winning trades (positive), 8 places; 0 if none
  Decimal avg_loss;      ///< mean pnl of losing trades (negative), 8 places; 0 if none
  Decimal largest_win;   ///< best round-trip pnl (positive); 0 if no winner
  Decimal largest_loss;  ///< worst round-trip pnl (negative); 0 if no loser
  std::vector<DailyEquity> daily_equity;  ///< the equity curve sampled at each UTC day's end

  // Figures beyond the backtests table's columns (stored in backtests.metrics, printed by the
  // reports). docs/METRICS.md defines each with its source.
  /// Compound annual growth rate: (final / initial)^(365.25 d / (end − start)) − 1, a
  /// fraction. nullopt when the run has no duration or the final equity is ≤ 0.
  std::optional<double> cagr;
  /// CAGR / max_drawdown (Young 1991, over the whole run rather than 36 months). nullopt
  /// without a CAGR or with no drawdown.
  std::optional<double> calmar_ratio;
  /// Fraction of the run's time (end − start) with a position open: Σ (exit − entry) of the
  /// round trips plus the open position's time to the end, in [0, 1], 8 places half-even.
  Decimal exposure_time;
  /// Mean net pnl per round trip (fees included), quote currency, 8 places; 0 if none.
  Decimal expectancy;
  /// Mean round-trip duration (exit − entry) in hours, 8 places half-even; 0 if none.
  Decimal avg_trade_duration_hours;
  std::int64_t longest_win_streak = 0;   ///< most consecutive round trips with pnl > 0
  std::int64_t longest_loss_streak = 0;  ///< most consecutive round trips with pnl < 0
  Decimal total_fees;                    ///< every fee paid over the run, quote currency
  /// Return of each UTC calendar month touched by the run: month-end equity (last day-end
  /// equity in the month) / previous month-end equity (the initial capital for the first)
  /// − 1, a fraction, in month order.
  std::vector<MonthlyReturn> monthly_returns;

  /// USDⓈ-M runs only (`futures` true): funding received (+) or paid (−) in quote currency,
  /// the number of liquidations, and the largest open notional / equity at a bar's close.
  bool futures = false;
  Decimal total_funding;
  std::int64_t liquidations = 0;
  Decimal max_leverage_used;
};

/// Computes every metric from a backtest's round trips and equity statistics. The run's
/// duration for CAGR and exposure is result.end − result.start.
BacktestMetrics compute_metrics(const BacktestResult& result);

/// Simple returns (E_d − E_{d−1}) / E_{d−1} of consecutive day-end equities (quote
/// currency), the first measured from `initial` (the equity at the start of the run), as
/// fractions (0.01 = 1 %). The difference is exact; the quotient is the double division of
/// its nearest double by E_{d−1}'s, within 2 ulp of the exact ratio: no rounding to 8
/// decimal places, so returns below 10^-8 survive. Throws ArithmeticError when an equity
/// that divides (initial or a day's) is zero.
std::vector<double> daily_returns(Decimal initial, std::span<const DailyEquity> days);

}  // namespace talon
