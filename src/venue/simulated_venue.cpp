#include <fmt/format.h>

#include <talon/core/error.hpp>
#include <talon/venue/simulated_venue.hpp>

namespace talon {

Decimal taker_fee(Decimal notional, Decimal fee_bps) {
  return apply_bps(notional, fee_bps, Rounding::HalfUp);
}

Decimal max_quantity_for_budget(Decimal budget, Decimal price, Decimal fee_bps, Decimal lot) {
  if (!price.is_positive() || !budget.is_positive()) return {};
  // Cost per unit including fee is price * (1 + bps/10^4); start from the exact quotient
  // rounded down to the lot, then step down while fee rounding pushes the cost over.
  const Decimal unit_cost = price + apply_bps(price, fee_bps, Rounding::Up);
  Decimal q = round_to_step(div(budget, unit_cost, Rounding::Down), lot, Rounding::Down);
  while (q.is_positive()) {
    const Decimal notional = mul(price, q, Rounding::HalfUp);
    if (notional + taker_fee(notional, fee_bps) <= budget) break;
    q -= lot;
  }
  return q.is_positive() ? q : Decimal{};
}

SimulatedVenue::SimulatedVenue(const Instrument& instrument, SimulatedVenueConfig config)
    : instrument_(instrument), config_(config) {
  if (config_.taker_fee_bps.is_negative()) {
    throw InvalidArgument("taker fee must not be negative, got " +
                          config_.taker_fee_bps.to_string() + " bps");
  }
}

void SimulatedVenue::submit(const Order& order, Timestamp at) {
  queue_.push_back(order);
  if (listener_ != nullptr) listener_->on_order_accepted(order.id, at);
}

void SimulatedVenue::on_bar_open(const Bar& bar) {
  if (queue_.empty()) return;
  std::vector<Order> due;
  due.swap(queue_);
  for (const Order& order : due) fill_market(order, bar);
}

void SimulatedVenue::fill_market(const Order& order, const Bar& bar) {
  const Decimal price = bar.open;
  Decimal quantity = order.quantity;
  if (order.quote_quantity.is_positive()) {
    quantity = max_quantity_for_budget(order.quote_quantity, price, config_.taker_fee_bps,
                                       instrument_.lot_size);
  }
  const Decimal notional = mul(price, quantity, Rounding::HalfUp);
  std::string why;
  if (quantity < instrument_.min_quantity || quantity.is_zero()) {
    why =
        fmt::format("LOT_SIZE: quantity {} at price {} is below the minimum {}",
                    quantity.to_string(), price.to_string(), instrument_.min_quantity.to_string());
  } else if (notional < instrument_.min_notional) {
    why = fmt::format("NOTIONAL: notional {} is below the minimum {}", notional.to_string(),
                      instrument_.min_notional.to_string());
  }
  if (!why.empty()) {
    if (listener_ != nullptr) listener_->on_order_expired(order.id, why, bar.open_time);
    return;
  }
  Fill fill;
  fill.id = ids_.next(static_cast<std::uint64_t>(bar.open_time.unix_ms()));
  fill.order_id = order.id;
  fill.symbol = order.symbol;
  fill.side = order.side;
  fill.price = price;
  fill.quantity = quantity;
  fill.fee = taker_fee(notional, config_.taker_fee_bps);
  fill.fee_currency = instrument_.quote_currency;
  fill.liquidity = Liquidity::Taker;
  fill.executed_at = bar.open_time;
  if (listener_ != nullptr) listener_->on_fill(fill);
}

}  // namespace talon
