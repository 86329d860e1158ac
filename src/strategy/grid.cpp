#include <talon/strategy/grid.hpp>
#include <talon/strategy/helpers.hpp>

#include "builtins.hpp"

namespace talon {

StrategyInfo builtin::grid_info() {
  StrategyInfo i;
  i.id = "grid";
  i.idea =
      "Spot grid: a ladder of limit buys below the start price, each fill answered by a "
      "limit order one step the other way";
  i.source = "grid trading (Binance Spot Grid Trading; Hummingbot grid strategies)";
  i.params = {{"levels", ParamType::Int, Decimal::from_int(5), Decimal::from_int(1),
               Decimal::from_int(200), "buy orders below the first close"},
              {"spacing_pct", ParamType::Decimal, Decimal::from_scaled(5, 1),
               Decimal::from_scaled(1, 2), Decimal::from_int(50), "step between levels, percent"},
              {"order_quote", ParamType::Decimal, Decimal::from_int(100), Decimal::from_int(1),
               Decimal::from_int(1'000'000'000), "quote currency per level"}};
  i.make = [](const StrategyParams& p) { return std::make_unique<Grid>(p); };
  return i;
}

Grid::Grid(const StrategyParams& params)
    : levels_(params.get_int("levels", 5, 1, 200)),
      spacing_pct_(params.get_decimal("spacing_pct", Decimal::from_scaled(5, 1),
                                      Decimal::from_scaled(1, 2), Decimal::from_int(50))),
      order_quote_(params.get_decimal("order_quote", Decimal::from_int(100), Decimal::from_int(1),
                                      Decimal::from_int(1'000'000'000))) {}

void Grid::place(StrategyContext& ctx, OrderSide side, Decimal price, Decimal quantity,
                 std::string why) {
  const Instrument& inst = ctx.instrument();
  if (!price.is_positive() || !quantity.is_positive() ||
      mul(price, quantity, Rounding::Down) < inst.min_notional) {
    return;
  }
  TradeDecision d;
  d.action = side == OrderSide::Buy ? DecisionAction::Buy : DecisionAction::Sell;
  d.size = quantity;
  d.size_quote = mul(price, quantity, Rounding::HalfUp);
  d.reasoning = std::move(why);
  ctx.decide(d);
  OrderRequest r;
  r.side = side;
  r.type = OrderType::Limit;
  r.price = price;
  r.quantity = quantity;
  ctx.submit_order(r);
}

void Grid::on_bar(StrategyContext& ctx, const Bar& bar) {
  if (placed_) return;
  placed_ = true;
  const Instrument& inst = ctx.instrument();
  for (std::int64_t k = 1; k <= levels_; ++k) {
    const Decimal step = div(mul(bar.close, spacing_pct_ * k, Rounding::HalfEven),
                             Decimal::from_int(100), Rounding::HalfEven);
    const Decimal price = to_tick(inst, bar.close - step, Rounding::Down);
    if (!price.is_positive()) break;
    const Decimal qty = floor_to_lot(inst, div(order_quote_, price, Rounding::Down));
    place(ctx, OrderSide::Buy, price, qty,
          "grid level " + std::to_string(k) + " below the first close " + bar.close.to_string());
  }
}

void Grid::on_fill(StrategyContext& ctx, const Fill& fill) {
  const Instrument& inst = ctx.instrument();
  const Decimal step = div(mul(fill.price, spacing_pct_, Rounding::HalfEven),
                           Decimal::from_int(100), Rounding::HalfEven);
  if (fill.side == OrderSide::Buy) {
    place(ctx, OrderSide::Sell, to_tick(inst, fill.price + step, Rounding::Up), fill.quantity,
          "grid buy filled at " + fill.price.to_string() + ": sell one step up");
  } else {
    place(ctx, OrderSide::Buy, to_tick(inst, fill.price - step, Rounding::Down), fill.quantity,
          "grid sell filled at " + fill.price.to_string() + ": buy one step down");
  }
}

}  // namespace talon
