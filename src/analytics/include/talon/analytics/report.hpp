#pragma once
// Backtest reports for people (aligned text) and for programs (one JSON object).

#include <span>
#include <string>
#include <utility>
#include <vector>

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
  // For the JSON report:
  std::string backtest_id;      ///< UUIDv7 text; empty when the run was not stored
  std::string strategy_name;    ///< e.g. "sma_cross"
  std::string parameters_json;  ///< a JSON object, e.g. {"fast":"10","slow":"30"}
  std::size_t orders = 0;       ///< orders the strategy created
  /// Orders refused (REJECTED before or at the venue, or EXPIRED unfilled by a venue rule),
  /// counted by reason: the rule's name before the first ':' ("NOTIONAL", "insufficient
  /// balance", ...), most frequent first.
  std::vector<std::pair<std::string, std::size_t>> refusals;
};

/// A readable multi-line report: the run, the money, the trades, the risk.
std::string format_text_report(const RunDescription& run, const BacktestMetrics& m);

/// One JSON object whose keys are the metric names of the backtests table (initial_capital,
/// final_equity, total_trades, winning_trades, losing_trades, win_rate, sharpe_ratio,
/// sortino_ratio, max_drawdown, max_drawdown_duration_hours, profit_factor, avg_win,
/// avg_loss, largest_win, largest_loss, cagr, calmar_ratio, exposure_time, expectancy,
/// avg_trade_duration_hours, longest_win_streak, longest_loss_streak, total_fees,
/// total_funding, monthly_returns; USDⓈ-M runs add liquidations and max_leverage_used) plus
/// equity_curve, an array of {"time": ISO-8601, "equity": number} at each UTC day's end. Every
/// ratio is a fraction (win_rate 0.3029 = 30.29 %, max_drawdown 0.25 = 25 %). Decimals are written
/// as exact JSON numbers; undefined ratios as null. With `run`, the object also names the run:
/// backtest_id (null when not stored), symbol, strategy, parameters, bars, net_profit (quote
/// currency), orders, orders_refused and refusals ({"reason": count}).
std::string format_json_report(const BacktestMetrics& m, const RunDescription* run = nullptr);

/// The monthly returns as a JSON array of {"month": "YYYY-MM", "return": fraction,
/// "end_equity": number}.
std::string format_monthly_returns_json(const BacktestMetrics& m);

/// Round trips as a JSON array of {"entry_time", "exit_time" (ISO-8601), "quantity",
/// "entry_notional", "exit_notional", "fees", "pnl"} with exact decimal strings (as stored in
/// backtests.results).
std::string format_round_trips_json(std::span<const RoundTrip> trips);

/// The daily equity curve alone as a JSON array (as stored in backtests.equity_curve).
std::string format_equity_curve_json(const BacktestMetrics& m);

}  // namespace talon
