#pragma once
// The Strategy seam: user logic that sees market data and order updates and asks for
// orders. The same strategy object runs unchanged in backtest, paper and live; only the
// StrategyContext behind it (clock, venue) differs.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/bar.hpp>
#include <talon/model/fill.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/market_event.hpp>
#include <talon/model/order.hpp>
#include <talon/strategy/bar_history.hpp>
#include <talon/strategy/decision.hpp>
#include <talon/strategy/indicator_set.hpp>

namespace talon {

/// A timer a strategy set (StrategyContext::set_timer), as handed to Strategy::on_timer.
struct Timer {
  std::uint64_t id = 0;       ///< unique per context, from 1
  std::string name{};         ///< the strategy's label, e.g. "rebalance"
  Timestamp at{};             ///< when it fires (the clock reads this in on_timer)
  std::int64_t every_ns = 0;  ///< repeat interval; 0 = once
};

/// The position of the strategy's instrument after a fill, as handed to
/// Strategy::on_position_update. Quantity in the base asset: signed for BOTH (negative =
/// short), positive for LONG and SHORT (hedge mode); spot: the base asset held.
struct PositionUpdate {
  InstrumentId instrument{};
  PositionSide side = PositionSide::Both;
  Decimal quantity{};
  Decimal previous{};  ///< quantity before the fill
  Timestamp at{};      ///< time of the fill
};

/// Severity of a strategy log line.
enum class LogLevel { Debug, Info, Warning, Error };
/// "debug", "info", "warning", "error".
std::string_view to_string(LogLevel level) noexcept;

/// What a strategy may ask of the engine. Implemented by the engine for each mode.
class StrategyContext {
 public:
  virtual ~StrategyContext() = default;
  /// Current time of the run's clock (simulated in backtests), UTC.
  virtual Timestamp now() const = 0;
  /// The instrument the strategy trades, with its tick and lot size.
  virtual const Instrument& instrument() const = 0;
  /// Quote currency not locked by open orders.
  virtual Decimal free_cash() const = 0;
  /// Base asset held (zero when flat).
  virtual Decimal position_quantity() const = 0;
  /// True while an order of this strategy is neither filled nor finished.
  virtual bool has_open_orders() const = 0;
  /// Hands `request` to the order manager. Returns the order's client order id. An order
  /// that breaks an instrument rule or a risk limit is not thrown back: it comes back
  /// through on_order_update with status REJECTED and the reason.
  virtual ClientOrderId submit_order(const OrderRequest& request) = 0;

  /// The indicators this strategy declared, fed by the engine (see indicator_set.hpp).
  virtual IndicatorSet& indicators() = 0;
  virtual const IndicatorSet& indicators() const = 0;

  /// Declares an indicator (IndicatorSet::declare): catalogue name and parameters, e.g.
  /// indicator("MACD", {{"fast", 12}, {"slow", 26}, {"signal", 9}}). Call in on_start.
  /// Throws InvalidArgument for an unknown name or parameter, or after the first bar.
  IndicatorRef indicator(std::string_view name, const indicators::Params& params = {}) {
    return indicators().declare(name, params);
  }
  /// Output `output` of a declared indicator at the current bar (this bar included), or
  /// nullopt while it is warming up. Units are the indicator's (docs/indicators.md).
  std::optional<double> value(IndicatorRef ref, std::size_t output = 0) const {
    return indicators().value(ref, output);
  }
  /// As value(ref, index) with the output named, e.g. value(macd, "macdsignal").
  std::optional<double> value(IndicatorRef ref, std::string_view output) const {
    return indicators().value(ref, output);
  }
  /// Output `output` of a declared indicator `ago` bars back (0 = this bar). Keep enough
  /// values first: indicators().keep(n) in on_start. nullopt while warming up or not kept;
  /// throws InvalidArgument for a negative `ago` (the future).
  std::optional<double> value_ago(IndicatorRef ref, std::size_t output, std::int64_t ago) const {
    return indicators().value_ago(ref, output, ago);
  }

  // --- Orders beyond submit -------------------------------------------------------------
  /// Asks the venue to cancel the order `id`. Returns false when refused at once (an unknown
  /// or finished order; recorded as a CANCEL_REJECTED event); true means sent: the
  /// cancellation (or the venue's refusal) arrives through on_order_update.
  virtual bool cancel_order(const ClientOrderId& id) = 0;
  /// Asks the venue to change LIMIT order `id`'s price and/or quantity (zero keeps the
  /// current value); PRICE_FILTER and LOT_SIZE apply. Returns false when refused at once
  /// (recorded as MODIFY_REJECTED); true means sent.
  virtual bool modify_order(const ClientOrderId& id, Decimal price, Decimal quantity) = 0;
  /// Asks to cancel every open order of this strategy's instrument. Returns how many
  /// cancellations were sent.
  virtual std::size_t cancel_all_orders() = 0;
  /// The orders of this strategy still open (neither filled nor finished), oldest first.
  /// Pointers are valid until the next call into the context.
  virtual std::vector<const Order*> open_orders() const = 0;
  /// The order with client id `id` (any state), or nullptr.
  virtual const Order* find_order(const ClientOrderId& id) const = 0;
  /// Submits a bracket: `entry` with an attached stop-loss at `stop_loss` and take-profit at
  /// `take_profit` (trigger prices; zero = none) that the order manager creates as a
  /// one-cancels-other pair of reduce-only orders when the entry fills. Returns the entry's
  /// client order id.
  ClientOrderId submit_bracket(OrderRequest entry, Decimal stop_loss, Decimal take_profit) {
    entry.stop_loss = stop_loss;
    entry.take_profit = take_profit;
    return submit_order(entry);
  }

  // --- Account ---------------------------------------------------------------------------
  /// Quote currency (spot) or margin balance (futures) before the reservations of open
  /// orders; free_cash() is this less what open orders lock.
  virtual Decimal cash() const = 0;
  /// Base quantity on `side` (see PositionUpdate for signs).
  virtual Decimal position(PositionSide side) const = 0;

  // --- Time ------------------------------------------------------------------------------
  /// Sets a timer firing Strategy::on_timer at `at` (UTC; the clock reads `at` then) and,
  /// when `every_ns` > 0, every `every_ns` after. A timer fires after every event at or
  /// before its time and before any later event; a time not after now() fires after the
  /// current callback. Timers after the last event of a backtest never fire. Returns its id.
  /// Throws InvalidArgument for a negative `every_ns`.
  virtual std::uint64_t set_timer(Timestamp at, std::string name = {},
                                  std::int64_t every_ns = 0) = 0;
  /// Cancels timer `id`; false when it is unknown or already fired (and not repeating).
  virtual bool cancel_timer(std::uint64_t id) = 0;

  // --- Logging ---------------------------------------------------------------------------
  /// Writes one line, stamped with now() and the instrument, to the run's log.
  virtual void log(LogLevel level, std::string_view message) = 0;

  // --- History and timeframes (bar_history.hpp) ------------------------------------------
  virtual BarHistory& history() = 0;
  virtual const BarHistory& history() const = 0;
  /// Keep the last `count` bars for bars_ago (call in on_start).
  void keep_bars(std::size_t count) { history().keep(count); }
  /// The bar `ago` bars back (0 = the current one) or nullptr; negative `ago` throws.
  const Bar* bars_ago(std::int64_t ago) const { return history().bars_ago(ago); }
  /// Declares a timeframe built from this stream (e.g. timeframe(kNanosPerHour)).
  TimeframeRef timeframe(std::int64_t interval_ns, std::size_t keep = 1) {
    return history().timeframe(interval_ns, keep);
  }
  /// The latest closed bar of `tf` `ago` closed bars back, or nullptr: never one still open.
  const Bar* timeframe_bar(TimeframeRef tf, std::int64_t ago = 0) const {
    return history().timeframe_bar(tf, ago);
  }

  // --- State (seed 004 bot_state) --------------------------------------------------------
  /// The value this strategy stored under `key` (set_state), or restored from the bot's
  /// bot_state rows when the run started (Kernel::restore_state), or nullopt.
  virtual std::optional<std::string> state(std::string_view key) const = 0;
  /// Stores `value` (text, e.g. JSON) under `key`; the runner saves the whole state to
  /// bot_state (keyed by bot and key) so that a restarted bot finds it. Throws
  /// InvalidArgument for an empty key or one longer than 100 characters.
  virtual void set_state(std::string key, std::string value) = 0;

  // --- Decisions (decision.hpp) ----------------------------------------------------------
  /// Records `decision` (the engine stamps id, time, instrument): the orders submitted after
  /// it in the same callback are its orders. Kept or dropped by the run's recording level.
  virtual void decide(const TradeDecision& decision) = 0;
  /// True when a decision of `action` would be kept: check before building the reasoning
  /// of a HOLD on every bar. (Not virtual: asked on every bar, answered from a field.)
  bool records(DecisionAction action) const noexcept { return keeps(recording_, action); }

 protected:
  /// The run's recording level, set by the engine before on_start (decision.hpp).
  DecisionRecording recording_ = DecisionRecording::None;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  /// Called once before the first event; the place to declare indicators (ctx.indicator).
  virtual void on_start(StrategyContext& ctx) { (void)ctx; }
  /// Called at each bar's close (ctx.now() is the bar's close time), after the declared
  /// indicators were fed this bar.
  virtual void on_bar(StrategyContext& ctx, const Bar& bar) = 0;
  /// Called after the venue saw each trade of the instrument (tick mode), ctx.now() = its time.
  virtual void on_trade(StrategyContext& ctx, const TradeTick& trade) {
    (void)ctx;
    (void)trade;
  }
  /// Called after each best bid/ask update of the instrument.
  virtual void on_quote(StrategyContext& ctx, const QuoteTick& quote) {
    (void)ctx;
    (void)quote;
  }
  /// Called after the venue applied a depth update (L2 book mode).
  virtual void on_book(StrategyContext& ctx, const DepthUpdate& update) {
    (void)ctx;
    (void)update;
  }
  /// Called after the venue loaded a depth snapshot (L2 book mode).
  virtual void on_book(StrategyContext& ctx, const DepthSnapshot& snapshot) {
    (void)ctx;
    (void)snapshot;
  }
  /// Called after a funding settlement of the instrument (perpetuals) was booked.
  virtual void on_funding(StrategyContext& ctx, const FundingRate& funding) {
    (void)ctx;
    (void)funding;
  }
  /// Called after each change of one of this strategy's orders (status, fill).
  virtual void on_order_update(StrategyContext& ctx, const Order& order) {
    (void)ctx;
    (void)order;
  }
  /// Called after each fill of one of this strategy's orders, after on_order_update.
  virtual void on_fill(StrategyContext& ctx, const Fill& fill) {
    (void)ctx;
    (void)fill;
  }
  /// Called after a fill changed the position, after on_fill.
  virtual void on_position_update(StrategyContext& ctx, const PositionUpdate& update) {
    (void)ctx;
    (void)update;
  }
  /// Called when a timer set with ctx.set_timer fires (ctx.now() = timer.at).
  virtual void on_timer(StrategyContext& ctx, const Timer& timer) {
    (void)ctx;
    (void)timer;
  }
  /// Called when a bar of a declared timeframe closes, right after on_bar of the stream bar
  /// that closed it.
  virtual void on_timeframe_bar(StrategyContext& ctx, TimeframeRef tf, const Bar& bar) {
    (void)ctx;
    (void)tf;
    (void)bar;
  }
  /// Called once after the last event.
  virtual void on_stop(StrategyContext& ctx) { (void)ctx; }
};

/// How every runner (backtest, paper, live) hands a closed bar to a strategy: the bar
/// history and the declared indicators of ctx are fed the bar first, then
/// strategy.on_bar(ctx, bar) runs, then on_timeframe_bar for each timeframe the bar closed.
/// Throws InvalidArgument (naming the bar) when an indicator refuses the bar; strategy
/// exceptions propagate.
/// (A template so that the engine, which passes its own final context type, calls history()
/// and indicators() without going through the vtable on every bar.)
template <class Context>
void deliver_bar(Strategy& strategy, Context& ctx, const Bar& bar) {
  BarHistory& history = ctx.history();
  history.update(bar);
  ctx.indicators().update(bar);
  strategy.on_bar(ctx, bar);
  for (const TimeframeRef tf : history.just_closed()) {
    strategy.on_timeframe_bar(ctx, tf, *history.timeframe_bar(tf));
  }
}

}  // namespace talon
