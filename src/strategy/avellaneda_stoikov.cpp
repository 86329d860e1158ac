#include <cmath>

#include <talon/strategy/avellaneda_stoikov.hpp>
#include <talon/strategy/helpers.hpp>

#include "builtins.hpp"

namespace talon {

StrategyInfo builtin::avellaneda_stoikov_info() {
  StrategyInfo i;
  i.id = "avellaneda_stoikov";
  i.idea =
      "Market maker for the L2 book mode: post-only bid and ask around a reservation "
      "price skewed by inventory, requoted by timer";
  i.source =
      "Avellaneda & Stoikov, High-frequency trading in a limit order book, "
      "Quantitative Finance 8(3), 2008, eqs. 29-30";
  i.params = {
      {"gamma", ParamType::Decimal, Decimal::from_scaled(1, 1), Decimal::from_scaled(1, 6),
       Decimal::from_int(100), "risk aversion, per quote unit"},
      {"kappa", ParamType::Decimal, Decimal::from_scaled(15, 1), Decimal::from_scaled(1, 6),
       Decimal::from_int(1000), "order-arrival decay, per quote unit"},
      {"sigma", ParamType::Decimal, Decimal::from_int(1), Decimal::from_scaled(1, 8),
       Decimal::from_int(1'000'000), "volatility of the mid, quote per square-root second"},
      {"horizon_s", ParamType::Int, Decimal::from_int(60), Decimal::from_int(1),
       Decimal::from_int(86'400), "session length T, seconds"},
      {"order_qty", ParamType::Decimal, Decimal::from_scaled(1, 3), Decimal::from_scaled(1, 8),
       Decimal::from_int(1'000'000), "quantity of each quote, base asset"},
      {"max_inventory", ParamType::Decimal, Decimal::from_scaled(1, 2), Decimal::from_scaled(1, 8),
       Decimal::from_int(1'000'000), "largest base position the bid may build"},
      {"refresh_ms", ParamType::Int, Decimal::from_int(1000), Decimal::from_int(1),
       Decimal::from_int(3'600'000), "time between requotes, milliseconds"}};
  i.make = [](const StrategyParams& p) { return std::make_unique<AvellanedaStoikov>(p); };
  return i;
}

AvellanedaStoikov::AvellanedaStoikov(const StrategyParams& p)
    : gamma_(p.get_decimal("gamma", Decimal::from_scaled(1, 1), Decimal::from_scaled(1, 6),
                           Decimal::from_int(100))
                 .to_double()),
      kappa_(p.get_decimal("kappa", Decimal::from_scaled(15, 1), Decimal::from_scaled(1, 6),
                           Decimal::from_int(1000))
                 .to_double()),
      sigma_(p.get_decimal("sigma", Decimal::from_int(1), Decimal::from_scaled(1, 8),
                           Decimal::from_int(1'000'000))
                 .to_double()),
      horizon_ns_(p.get_int("horizon_s", 60, 1, 86'400) * kNanosPerSecond),
      refresh_ns_(p.get_int("refresh_ms", 1000, 1, 3'600'000) * kNanosPerMilli),
      order_qty_(p.get_decimal("order_qty", Decimal::from_scaled(1, 3), Decimal::from_scaled(1, 8),
                               Decimal::from_int(1'000'000))),
      max_inventory_(p.get_decimal("max_inventory", Decimal::from_scaled(1, 2),
                                   Decimal::from_scaled(1, 8), Decimal::from_int(1'000'000))) {}

AvellanedaStoikov::Quotes AvellanedaStoikov::quotes(double s, double q, double tau_s) const {
  const double var = sigma_ * sigma_ * tau_s;
  const double r = s - q * gamma_ * var;
  const double spread = gamma_ * var + (2.0 / gamma_) * std::log1p(gamma_ / kappa_);
  return {r - spread / 2.0, r + spread / 2.0};
}

void AvellanedaStoikov::on_bar(StrategyContext&, const Bar&) {}

void AvellanedaStoikov::on_book(StrategyContext& ctx, const DepthSnapshot& snapshot) {
  book_.load(snapshot);
  if (started_) return;
  started_ = true;
  session_start_ = ctx.now();
  ctx.set_timer(ctx.now(), "quote", refresh_ns_);
}

void AvellanedaStoikov::on_book(StrategyContext&, const DepthUpdate& update) {
  book_.apply(update);
}

void AvellanedaStoikov::on_timer(StrategyContext& ctx, const Timer&) {
  quote(ctx);
}

void AvellanedaStoikov::quote(StrategyContext& ctx) {
  ctx.cancel_all_orders();
  const auto bid = book_.best_bid();
  const auto ask = book_.best_ask();
  if (!bid || !ask) return;
  const Instrument& inst = ctx.instrument();
  const double mid = (bid->price.to_double() + ask->price.to_double()) / 2.0;
  const Decimal held = ctx.position_quantity();
  const std::int64_t into = (ctx.now().ns - session_start_.ns) % horizon_ns_;
  const double tau = static_cast<double>(horizon_ns_ - into) / static_cast<double>(kNanosPerSecond);
  const Quotes q = quotes(mid, held.to_double(), tau);
  Decimal bid_price = to_tick(inst, decimal_of(q.bid), Rounding::Down);
  Decimal ask_price = to_tick(inst, decimal_of(q.ask), Rounding::Up);
  if (bid_price >= ask->price) bid_price = ask->price - inst.tick_size;
  if (ask_price <= bid->price) ask_price = bid->price + inst.tick_size;
  const std::string why = "mid " + number_text(mid, 3) + ", inventory " + held.to_string() + ", " +
                          number_text(tau, 3) + " s left";
  auto post = [&](OrderSide side, Decimal price) {
    TradeDecision d;
    d.action = side == OrderSide::Buy ? DecisionAction::Buy : DecisionAction::Sell;
    d.size = order_qty_;
    d.size_quote = mul(price, order_qty_, Rounding::HalfUp);
    d.reasoning = (side == OrderSide::Buy ? "bid " : "ask ") + price.to_string() + ": " + why;
    ctx.decide(d);
    OrderRequest r;
    r.side = side;
    r.type = OrderType::Limit;
    r.time_in_force = TimeInForce::Gtx;
    r.price = price;
    r.quantity = order_qty_;
    ctx.submit_order(r);
  };
  if (held + order_qty_ <= max_inventory_ && bid_price.is_positive())
    post(OrderSide::Buy, bid_price);
  if (held >= order_qty_) post(OrderSide::Sell, ask_price);
}

}  // namespace talon
