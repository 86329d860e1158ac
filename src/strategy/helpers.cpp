#include <fmt/format.h>

#include <cmath>

#include <talon/strategy/helpers.hpp>

namespace talon {

Decimal min_spend(const Instrument& instrument) {
  return instrument.min_notional +
         apply_bps(instrument.min_notional, Decimal::from_int(100), Rounding::Up);
}

bool buy_quote(StrategyContext& ctx, Decimal quote, std::string why) {
  const Decimal cash = ctx.free_cash();
  if (quote > cash) quote = cash;
  if (!quote.is_positive() || quote < min_spend(ctx.instrument())) return false;
  TradeDecision d;
  d.action = DecisionAction::Buy;
  d.size_quote = quote;
  d.reasoning = std::move(why);
  ctx.decide(d);
  OrderRequest r;
  r.side = OrderSide::Buy;
  r.type = OrderType::Market;
  r.quote_quantity = quote;
  ctx.submit_order(r);
  return true;
}

bool buy_with_all_cash(StrategyContext& ctx, std::string why, Decimal confidence) {
  const Decimal cash = ctx.free_cash();
  if (!cash.is_positive() || cash < min_spend(ctx.instrument())) return false;
  TradeDecision d;
  d.action = DecisionAction::Buy;
  d.size_quote = cash;
  d.reasoning = std::move(why);
  if (confidence.is_positive()) d.confidence = confidence;
  ctx.decide(d);
  OrderRequest r;
  r.side = OrderSide::Buy;
  r.type = OrderType::Market;
  r.quote_quantity = cash;
  ctx.submit_order(r);
  return true;
}

bool sell_everything(StrategyContext& ctx, std::string why) {
  const Decimal held = ctx.position_quantity();
  if (!held.is_positive()) return false;
  TradeDecision d;
  d.action = DecisionAction::Sell;
  d.size = held;
  d.reasoning = std::move(why);
  ctx.decide(d);
  OrderRequest r;
  r.side = OrderSide::Sell;
  r.type = OrderType::Market;
  r.quantity = held;
  ctx.submit_order(r);
  return true;
}

void follow_sign(StrategyContext& ctx, int& last_sign, int sign, const char* up_why,
                 const char* down_why) {
  const int previous = last_sign;
  if (sign != 0) last_sign = sign;
  if (sign != 0 && previous != 0 && previous != sign && !ctx.has_open_orders()) {
    if (sign > 0 && ctx.position_quantity().is_zero()) {
      if (buy_with_all_cash(ctx, up_why)) return;
    } else if (sign < 0 && ctx.position_quantity().is_positive()) {
      if (sell_everything(ctx, down_why)) return;
    }
  }
  decide_hold(ctx, [&] {
    return std::string(sign > 0   ? "signal above, no new cross"
                       : sign < 0 ? "signal below, no new cross"
                                  : "signal flat");
  });
}

Decimal floor_to_lot(const Instrument& instrument, Decimal quantity) {
  if (!instrument.lot_size.is_positive()) return quantity;
  return round_to_step(quantity, instrument.lot_size, Rounding::Down);
}

Decimal to_tick(const Instrument& instrument, Decimal price, Rounding mode) {
  if (!instrument.tick_size.is_positive()) return price;
  return round_to_step(price, instrument.tick_size, mode);
}

Decimal decimal_of(double v) {
  if (!std::isfinite(v)) return {};
  return Decimal::from_double(v, Rounding::HalfEven);
}

std::string number_text(double v, int places) {
  return fmt::format("{:.{}f}", v, places);
}

}  // namespace talon
