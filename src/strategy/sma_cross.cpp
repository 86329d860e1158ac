#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/strategy/sma_cross.hpp>

#include "builtins.hpp"

namespace talon {

StrategyInfo builtin::sma_cross_info() {
  StrategyInfo i;
  i.id = "sma_cross";
  i.idea =
      "Buy when the fast simple moving average of closes crosses above the slow one, "
      "sell (or go short) when it crosses below";
  i.source =
      "moving-average crossover (Murphy, Technical Analysis of the Financial Markets, "
      "1999, ch. 9); TA-Lib TA_SMA";
  i.params = {
      {"fast", ParamType::Int, Decimal::from_int(10), Decimal::from_int(1),
       Decimal::from_int(100'000), "fast SMA window, bars (< slow)"},
      {"slow", ParamType::Int, Decimal::from_int(30), Decimal::from_int(2),
       Decimal::from_int(100'000), "slow SMA window, bars"},
      {"short", ParamType::Int, Decimal::from_int(0), Decimal::from_int(0), Decimal::from_int(1),
       "1: long and short (perpetuals), always in the market after the first cross"},
  };
  i.make = [](const StrategyParams& p) { return std::make_unique<SmaCross>(p); };
  return i;
}

SmaCross::SmaCross(std::int64_t fast, std::int64_t slow) : SmaCross(fast, slow, false) {}

SmaCross::SmaCross(std::int64_t fast, std::int64_t slow, bool allow_short)
    : allow_short_(allow_short),
      fast_(static_cast<std::size_t>(fast > 0 ? fast : 1)),
      slow_(static_cast<std::size_t>(slow > 0 ? slow : 1)) {
  if (fast < 1 || slow <= fast) {
    throw InvalidArgument(
        fmt::format("sma_cross: need 1 <= fast < slow, got fast={} slow={}", fast, slow));
  }
}

SmaCross::SmaCross(const StrategyParams& params)
    : SmaCross(params.get_int("fast", 10, 1, 100'000), params.get_int("slow", 30, 2, 100'000),
               params.get_int("short", 0, 0, 1) == 1) {
  params.check_known({"fast", "slow", "short"}, "sma_cross");
}

void SmaCross::open(StrategyContext& ctx, OrderSide side, bool after_close) {
  OrderRequest r;
  r.side = side;
  r.type = OrderType::Market;
  r.quote_quantity = ctx.free_cash();
  // A budget whose notional cannot reach the minimum even at Binance's highest leverage
  // (125×) buys nothing the venue accepts: do not send an order only to see it refused.
  const Decimal reach = mul(r.quote_quantity, Decimal::from_int(125), Rounding::Down);
  if (r.quote_quantity.is_positive() && reach >= ctx.instrument().min_notional) {
    TradeDecision d;
    d.action = side == OrderSide::Buy ? DecisionAction::OpenLong : DecisionAction::OpenShort;
    d.size_quote = r.quote_quantity;
    d.reasoning = after_close              ? "the close filled: open the new side with the wallet"
                  : side == OrderSide::Buy ? "fast SMA crossed above slow SMA"
                                           : "fast SMA crossed below slow SMA";
    ctx.decide(d);
    ctx.submit_order(r);
  }
}

void SmaCross::on_order_update(StrategyContext& ctx, const Order& order) {
  if (closing_.empty() || order.client_order_id != closing_ || !is_terminal(order.status)) return;
  closing_ = {};
  // Open the other side only once the close has filled: the budget is the wallet after it.
  if (order.status == OrderStatus::Filled) open(ctx, pending_side_, true);
}

void SmaCross::on_bar(StrategyContext& ctx, const Bar& bar) {
  fast_.push(bar.close.raw());
  slow_.push(bar.close.raw());
  if (!slow_.full()) return;

  // fast_sum/fast_n vs slow_sum/slow_n, compared as fast_sum*slow_n vs slow_sum*fast_n.
  // Sums of at most 10^5 closes below 10^12 stay far inside 128 bits.
  const __int128 lhs = fast_.sum() * static_cast<__int128>(slow_.length());
  const __int128 rhs = slow_.sum() * static_cast<__int128>(fast_.length());
  const int sign = lhs > rhs ? 1 : (lhs < rhs ? -1 : 0);
  if (sign == 0) return hold(ctx, 0);
  const int previous = last_sign_;
  last_sign_ = sign;
  if (previous == 0 || previous == sign || ctx.has_open_orders()) return hold(ctx, sign);

  if (allow_short_) {
    const OrderSide side = sign > 0 ? OrderSide::Buy : OrderSide::Sell;
    const Decimal pos = ctx.position_quantity();
    if (pos.is_zero()) return open(ctx, side);
    if ((sign > 0) == pos.is_positive()) return;  // already on this side
    TradeDecision d;
    d.action = sign > 0 ? DecisionAction::OpenLong : DecisionAction::OpenShort;
    d.size = pos.abs();
    d.reasoning = sign > 0 ? "fast SMA crossed above slow SMA: close the short, open a long"
                           : "fast SMA crossed below slow SMA: close the long, open a short";
    ctx.decide(d);
    OrderRequest close;
    close.side = side;
    close.type = OrderType::Market;
    close.quantity = pos.abs();
    close.reduce_only = true;
    pending_side_ = side;
    closing_ = ctx.submit_order(close);
    return;
  }
  if (sign > 0 && ctx.position_quantity().is_zero()) {
    OrderRequest buy;
    buy.side = OrderSide::Buy;
    buy.type = OrderType::Market;
    buy.quote_quantity = ctx.free_cash();
    // Cash within 1 % of the minimum notional (what fees and lot rounding take) buys nothing
    // the venue accepts: send no order only to see it expire.
    const Decimal floor =
        ctx.instrument().min_notional +
        apply_bps(ctx.instrument().min_notional, Decimal::from_int(100), Rounding::Up);
    if (buy.quote_quantity.is_positive() && buy.quote_quantity >= floor) {
      TradeDecision d;
      d.action = DecisionAction::Buy;
      d.size_quote = buy.quote_quantity;
      d.reasoning = "fast SMA crossed above slow SMA";
      ctx.decide(d);
      ctx.submit_order(buy);
      return;
    }
  } else if (sign < 0 && ctx.position_quantity().is_positive()) {
    TradeDecision d;
    d.action = DecisionAction::Sell;
    d.size = ctx.position_quantity();
    d.reasoning = "fast SMA crossed below slow SMA";
    ctx.decide(d);
    OrderRequest sell;
    sell.side = OrderSide::Sell;
    sell.type = OrderType::Market;
    sell.quantity = ctx.position_quantity();
    ctx.submit_order(sell);
    return;
  }
  hold(ctx, sign);
}

void SmaCross::decide_hold(StrategyContext& ctx, int sign) {
  TradeDecision d;
  d.reasoning = sign > 0   ? "fast SMA above slow SMA, no new cross"
                : sign < 0 ? "fast SMA below slow SMA, no new cross"
                           : "fast SMA equals slow SMA";
  ctx.decide(d);
}

}  // namespace talon
