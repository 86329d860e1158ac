#pragma once
// Backtest reports for people (aligned text) and for programs (one JSON object).

#include <string>

#include <talon/analytics/metrics.hpp>

namespace talon {

/// What the report says the run was.
struct RunDescription {
  std::string symbol;
  std::string interval;  ///< e.g. "1m"
  std::string strategy;  ///< e.g. "sma_cross fast=10 slow=30"
  std::string quote_currency;
  Decimal fee_bps;
  Timestamp start;
  Timestamp end;
  std::size_t bars = 0;
  std::size_t gaps = 0;
};

/// A readable multi-line report: the run, the money, the trades, the risk.
std::string format_text_report(const RunDescription& run, const BacktestMetrics& m);

/// One JSON object whose keys are the seed 002 Backtests metric names (initial_capital,
/// final_equity, total_trades, winning_trades, losing_trades, win_rate, sharpe_ratio,
/// sortino_ratio, max_drawdown, max_drawdown_duration_hours, profit_factor, avg_win,
/// avg_loss, largest_win, largest_loss) plus equity_curve, an array of
/// {"time": ISO-8601, "equity": number} at each UTC day's end. Decimals are written as
/// exact JSON numbers; undefined ratios as null.
std::string format_json_report(const BacktestMetrics& m);

/// The daily equity curve alone as a JSON array (as stored in backtests.equity_curve).
std::string format_equity_curve_json(const BacktestMetrics& m);

}  // namespace talon
