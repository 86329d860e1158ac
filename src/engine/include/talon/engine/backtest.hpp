#pragma once
// The backtest runner: one deterministic, single-threaded event loop over bars that wires
// data → strategy → order manager → simulated venue → portfolio (DESIGN.md). The strategy
// and the order manager are the same code paper and live trading run.

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/execution/equity_tracker.hpp>
#include <talon/execution/order_manager.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/model/bar.hpp>
#include <talon/model/instrument.hpp>
#include <talon/strategy/strategy.hpp>
#include <talon/venue/simulated_venue.hpp>

namespace talon {

struct BacktestConfig {
  Instrument instrument;
  Decimal initial_cash = Decimal::from_int(10'000);  ///< quote currency
  SimulatedVenueConfig venue;
  /// Spacing of the recorded equity curve in ns: 0 records every bar; 3'600'000'000'000
  /// records the first bar closing in each hour. Drawdown and daily statistics always use
  /// every bar, whatever the spacing.
  std::int64_t equity_sample_ns = 0;
  /// Keep every value of every indicator the strategy declares (BacktestResult::indicators),
  /// e.g. for `talon backtest --store-indicators`. Off: nothing is kept.
  bool record_indicators = false;
};

/// Equity (cash + position marked at the bar's close) after each bar, quote currency.
struct EquityPoint {
  Timestamp at;  ///< the bar's close_time; the first point is the start, at the first open
  Decimal equity;
};

struct BacktestResult {
  std::vector<Order> orders;
  std::vector<Fill> fills;
  std::vector<OrderEvent> order_events;
  std::vector<RoundTrip> round_trips;
  std::vector<EquityPoint> equity_curve;  ///< start + one point per sample (config)
  Decimal max_drawdown;                   ///< fraction of peak, from every bar's equity
  std::int64_t longest_drawdown_ns = 0;   ///< longest time under a previous peak
  std::vector<DailyEquity> daily_equity;  ///< equity at each UTC day's end
  Decimal initial_cash;
  Decimal final_cash;
  Decimal final_position;  ///< base asset still held at the end (marked, not sold)
  Decimal final_equity;    ///< cash + position at the last close
  Decimal total_fees;
  Timestamp start;  ///< first bar's open time
  Timestamp end;    ///< last bar's close time
  std::size_t bars = 0;
  /// Per declared indicator, its value after every bar (empty unless record_indicators).
  std::vector<IndicatorSeries> indicators;
};

/// Called now and then with bars done and bars in all, for a progress bar.
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

/// Runs `strategy` over `bars` (in open_time order). For each bar: the clock moves to the
/// bar's open and the venue processes the bar (queued orders arrive at the open, working
/// orders follow the intrabar path, see simulated_venue.hpp); then the clock moves to the
/// bar's close, the strategy's declared indicators are fed the bar and the strategy sees it
/// (deliver_bar) and may submit orders (queued for the next open); then equity is marked at the
/// close (cash + position × close). Orders still queued after the last bar are never filled; a
/// position still open is marked at the last close, not sold. Throws InvalidArgument for a bad
/// configuration; strategy exceptions propagate.
BacktestResult run_backtest(const BacktestConfig& config, std::span<const Bar> bars,
                            Strategy& strategy, const ProgressFn& progress = {});

}  // namespace talon
