#pragma once
// What a backtest run produced, in the shapes analytics and the store read: orders, fills,
// order events, round trips, the equity curve and drawdown, and the futures figures. It
// lives below the engine (DESIGN.md: analytics and the store never include the engine).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/execution/equity_tracker.hpp>
#include <talon/execution/journal.hpp>
#include <talon/execution/order_manager.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/model/position.hpp>
#include <talon/strategy/indicator_set.hpp>

namespace talon {

/// Which account books the fills: spot cash and base asset, or a USDⓈ-M futures account.
enum class Market { Spot, UsdM };

/// What a run's orders came to, counted as they finished: kept whether or not the orders
/// themselves are (a run with a journal streams them out and keeps only this).
struct OrderTally {
  std::size_t orders = 0;  ///< orders created (or adopted)
  std::size_t fills = 0;
  /// Orders refused (REJECTED or EXPIRED) by the rule named before the first ':' of their
  /// reason ("MIN_NOTIONAL: …" counts under "MIN_NOTIONAL").
  std::map<std::string, std::size_t> refusals;
  std::string first_refusal;  ///< the whole reason of the first refused order
};

/// Counts `order` (final: terminal or open at the end) into `tally`'s orders and refusals.
void tally_order(OrderTally& tally, const Order& order);

/// A risk limit breached by a bar's close equity (risk engine: max_drawdown, max_daily_loss):
/// from that bar on the run placed no order.
struct RiskBreach {
  std::string limit;        ///< the limit's name, e.g. "max_drawdown"
  Timestamp bar_open_time;  ///< open time of the bar whose close equity breached it
  Decimal value;            ///< the measured value: drawdown fraction, or the day's loss in quote
};

struct BacktestResult {
  /// Orders, fills and order events of the run; empty when the run had a journal (they went
  /// there as they happened; `tally` counts them).
  std::vector<Order> orders;
  std::vector<Fill> fills;
  std::vector<OrderEvent> order_events;
  OrderTally tally;
  std::vector<RoundTrip> round_trips;
  /// Start + one point per sample (config); empty when the run had a journal (on_equity).
  std::vector<EquityPoint> equity_curve;
  Decimal max_drawdown;                   ///< fraction of peak, from every bar's equity
  std::optional<RiskBreach> risk_breach;  ///< the risk stage halted the run; nullopt: never
  std::int64_t longest_drawdown_ns = 0;   ///< longest time under a previous peak
  std::vector<DailyEquity> daily_equity;  ///< equity at each UTC day's end
  Decimal initial_cash;
  Decimal final_cash;      ///< spot: quote cash; UsdM: wallet balance
  Decimal final_position;  ///< base asset still held at the end (marked, not sold); signed in UsdM
  /// Spot: cash + position at the last close. UsdM: wallet + unrealized PnL at the last
  /// close (no exit fee).
  Decimal final_equity;
  Market market = Market::Spot;
  /// UsdM: funding received (+) or paid (−) over the run, quote currency.
  Decimal total_funding;
  /// UsdM: funding settlements booked (times with a position open).
  std::size_t funding_payments = 0;
  /// UsdM: positions liquidated.
  std::size_t liquidations = 0;
  /// UsdM: the largest ratio of open notional (at the bar's close) to equity seen at any
  /// bar's close, 4 places half-even (2.5 = 2.5× the equity in positions).
  Decimal max_leverage_used;
  /// UsdM: every position of the run, open and finished (the last may still be open,
  /// marked at the last close). Spot: the position still open at the end, if any, marked at
  /// the last close (open_spot_position).
  std::vector<Position> positions;
  Decimal total_fees;
  Decimal last_price;  ///< the last bar's close: where a position still open is marked
  Timestamp start;     ///< first bar's open time
  Timestamp end;       ///< last bar's close time
  std::size_t bars = 0;
  /// Per declared indicator, its value after every bar (empty unless record_indicators).
  std::vector<IndicatorSeries> indicators;
};

}  // namespace talon
