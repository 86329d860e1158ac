#pragma once
// The Strategy seam: user logic that sees market data and order updates and asks for
// orders. The same strategy object runs unchanged in backtest, paper and live; only the
// StrategyContext behind it (clock, venue) differs.

#include <string>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/bar.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/order.hpp>

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
  virtual std::string submit_order(const OrderRequest& request) = 0;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  /// Called once before the first event.
  virtual void on_start(StrategyContext& ctx) { (void)ctx; }
  /// Called at each bar's close (ctx.now() is the bar's close time).
  virtual void on_bar(StrategyContext& ctx, const Bar& bar) = 0;
  /// Called after each change of one of this strategy's orders (status, fill).
  virtual void on_order_update(StrategyContext& ctx, const Order& order) {
    (void)ctx;
    (void)order;
  }
  /// Called once after the last event.
  virtual void on_stop(StrategyContext& ctx) { (void)ctx; }
};

}  // namespace talon
