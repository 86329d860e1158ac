#pragma once
// The Strategy seam: user logic that sees market data and order updates and asks for
// orders. The same strategy object runs unchanged in backtest, paper and live; only the
// StrategyContext behind it (clock, venue) differs.

#include <optional>
#include <string>
#include <string_view>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/bar.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/market_event.hpp>
#include <talon/model/order.hpp>
#include <talon/strategy/indicator_set.hpp>

namespace talon {

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
  /// Called once after the last event.
  virtual void on_stop(StrategyContext& ctx) { (void)ctx; }
};

/// How every runner (backtest, paper, live) hands a closed bar to a strategy: the declared
/// indicators of ctx are fed the bar first, then strategy.on_bar(ctx, bar) runs. Throws
/// InvalidArgument (naming the bar) when an indicator refuses the bar; strategy exceptions
/// propagate.
inline void deliver_bar(Strategy& strategy, StrategyContext& ctx, const Bar& bar) {
  ctx.indicators().update(bar);
  strategy.on_bar(ctx, bar);
}

}  // namespace talon
