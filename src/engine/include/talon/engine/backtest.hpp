#pragma once
// The backtest runner: builds a Kernel (kernel.hpp) over one instrument's bars — spot with a
// cash portfolio, or a USDⓈ-M perpetual with a futures account, funding and mark prices —
// runs it, and collects what analytics needs. The strategy and the order manager are the
// same code paper and live trading run.

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/engine/data_source.hpp>
#include <talon/engine/kernel.hpp>
#include <talon/execution/backtest_result.hpp>
#include <talon/execution/equity_tracker.hpp>
#include <talon/execution/futures_account.hpp>
#include <talon/execution/journal.hpp>
#include <talon/execution/order_manager.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/model/bar.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/market_event.hpp>
#include <talon/strategy/strategy.hpp>
#include <talon/venue/simulated_venue.hpp>

namespace talon {

struct BacktestConfig {
  Instrument instrument;
  Market market = Market::Spot;
  /// UsdM: leverage, margin and position mode, bracket table. The venue's leverage
  /// (sizing of margin-budget orders) is taken from here.
  FuturesConfig futures;
  /// UsdM: funding settlements of the instrument, in time order. Each is paid on the
  /// position open at its time, valued at the mark price: the last of `marks` at or before
  /// it, or without marks the open of the bar that contains it. Funding times before the
  /// first bar, in a gap between bars or after the last bar are not paid.
  std::span<const FundingRate> funding;
  /// UsdM: mark prices in time order (e.g. the opens of mark-price klines); may be empty.
  std::span<const MarkPrice> marks;
  Decimal initial_cash = Decimal::from_int(10'000);  ///< quote currency
  SimulatedVenueConfig venue;
  /// Spacing of the recorded equity curve in ns: 0 records every bar; 3'600'000'000'000
  /// records the first bar closing in each hour. Drawdown and daily statistics always use
  /// every bar, whatever the spacing.
  std::int64_t equity_sample_ns = 0;
  /// Keep every value of every indicator the strategy declares (BacktestResult::indicators),
  /// e.g. for `talon backtest --store-indicators`. Off: nothing is kept.
  bool record_indicators = false;
  /// Where the strategy's trade decisions go (strategy/decision.hpp); nullptr: nowhere.
  DecisionSink* decisions = nullptr;
  /// Which decisions reach `decisions`: none, actions (not HOLD; the default) or all.
  DecisionRecording decision_recording = DecisionRecording::Actions;
  /// The strategy's key/value state (StrategyContext::state): restored from here before the
  /// run and written back after it; nullptr: the run starts empty and keeps nothing.
  std::map<std::string, std::string>* state = nullptr;
  /// The pre-trade risk stage (e.g. risk/risk_engine.hpp) every order passes, told each bar's
  /// close equity; on a breach the run cancels its open orders and places no more (the
  /// result's risk_breach). nullptr: orders pass as they always did.
  RiskStage* risk = nullptr;
};

/// Called now and then with bars done and bars in all, for a progress bar.
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

/// Runs `strategy` over `bars` (in open_time order) through the kernel. For each bar: the
/// clock moves to the bar's open and the venue processes the bar (queued orders arrive at
/// the open, working orders follow the intrabar path, see simulated_venue.hpp); funding
/// times inside the bar are then paid (UsdM); then the clock moves to the bar's close, the
/// strategy's declared indicators are fed the bar and the strategy sees it (deliver_bar) and
/// may submit orders (queued for the next open); then equity is marked at the close.
/// Orders still queued after the last bar are never filled; a position still open is marked
/// at the last close, not closed. A round trip of UsdM is one position from open to flat or
/// liquidation, its pnl = realized − fees + funding. Throws InvalidArgument for a bad
/// configuration; strategy exceptions propagate.
///
/// With a `journal` (journal.hpp; e.g. the store's BacktestWriter) the run's order events,
/// fills, finished orders, closed positions (spot round trips, futures positions), equity
/// samples and funding payments go there as they happen, then the orders and positions
/// still open at the end; the result then keeps none of them (orders, fills, order_events
/// and equity_curve stay empty; `tally` counts the orders and fills), so memory does not
/// grow with them. Without one, the result holds them all.
BacktestResult run_backtest(const BacktestConfig& config, std::span<const Bar> bars,
                            Strategy& strategy, const ProgressFn& progress = {},
                            Journal* journal = nullptr);

/// As above with the bars read from `bars` as the run goes (a file streamed in batches:
/// kline_source.hpp), so they never sit in memory whole. `progress` counts events.
BacktestResult run_backtest(const BacktestConfig& config, std::unique_ptr<DataSource> bars,
                            Strategy& strategy, const ProgressFn& progress = {},
                            Journal* journal = nullptr);

}  // namespace talon
