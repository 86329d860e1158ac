#pragma once
// grid: a spot grid — resting LIMIT buys on a ladder below the first close; each filled buy
// is answered by a LIMIT sell one step above its price, each filled sell by a LIMIT buy one
// step below its price, so that every step the price oscillates over earns the spacing.
//
// At the first bar's close C: LIMIT BUY orders (GTC) at P_k = C × (1 − k × spacing_pct / 100)
// rounded down to the tick, k = 1..levels, each for floor_to_lot(order_quote / P_k). On a
// fill of a buy at price p, quantity q: LIMIT SELL q at p × (1 + spacing_pct / 100) rounded
// up to the tick; on a fill of a sell at p: LIMIT BUY q at p × (1 − spacing_pct / 100)
// rounded down. Orders below the minimum notional are not sent. Every order is a decision
// (BUY or SELL) with its reasoning. The ladder is never moved: a price that leaves it leaves
// the grid idle (or holding the bought base).

#include <talon/strategy/params.hpp>
#include <talon/strategy/strategy.hpp>

namespace talon {

class Grid final : public Strategy {
 public:
  /// Reads `levels` (5), `spacing_pct` (0.5 %) and `order_quote` (100, quote currency).
  explicit Grid(const StrategyParams& params);
  void on_bar(StrategyContext& ctx, const Bar& bar) override;
  void on_fill(StrategyContext& ctx, const Fill& fill) override;

 private:
  void place(StrategyContext& ctx, OrderSide side, Decimal price, Decimal quantity,
             std::string why);
  std::int64_t levels_;
  Decimal spacing_pct_;
  Decimal order_quote_;
  bool placed_ = false;
};

}  // namespace talon
