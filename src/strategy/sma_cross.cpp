#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/strategy/sma_cross.hpp>

namespace talon {

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

void SmaCross::open(StrategyContext& ctx, OrderSide side) {
  OrderRequest r;
  r.side = side;
  r.type = OrderType::Market;
  r.quote_quantity = ctx.free_cash();
  // A budget whose notional cannot reach the minimum even at Binance's highest leverage
  // (125×) buys nothing the venue accepts: do not send an order only to see it refused.
  const Decimal reach = mul(r.quote_quantity, Decimal::from_int(125), Rounding::Down);
  if (r.quote_quantity.is_positive() && reach >= ctx.instrument().min_notional) {
    ctx.submit_order(r);
  }
}

void SmaCross::on_order_update(StrategyContext& ctx, const Order& order) {
  if (closing_.empty() || order.client_order_id != closing_ || !is_terminal(order.status)) return;
  closing_ = {};
  // Open the other side only once the close has filled: the budget is the wallet after it.
  if (order.status == OrderStatus::Filled) open(ctx, pending_side_);
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
  if (sign == 0) return;
  const int previous = last_sign_;
  last_sign_ = sign;
  if (previous == 0 || previous == sign || ctx.has_open_orders()) return;

  if (allow_short_) {
    const OrderSide side = sign > 0 ? OrderSide::Buy : OrderSide::Sell;
    const Decimal pos = ctx.position_quantity();
    if (pos.is_zero()) return open(ctx, side);
    if ((sign > 0) == pos.is_positive()) return;  // already on this side
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
      ctx.submit_order(buy);
    }
  } else if (sign < 0 && ctx.position_quantity().is_positive()) {
    OrderRequest sell;
    sell.side = OrderSide::Sell;
    sell.type = OrderType::Market;
    sell.quantity = ctx.position_quantity();
    ctx.submit_order(sell);
  }
}

}  // namespace talon
