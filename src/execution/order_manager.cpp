#include <fmt/format.h>

#include <algorithm>

#include <talon/core/error.hpp>
#include <talon/execution/order_manager.hpp>

namespace talon {

OrderManager::OrderManager(const Instrument& instrument, Portfolio& portfolio, Venue& venue)
    : instrument_(instrument), portfolio_(portfolio), venue_(venue) {
  venue_.set_listener(this);
}

namespace {
constexpr std::string_view kClientIdPrefix = "talon-";
}

std::string OrderManager::submit(const OrderRequest& request, Timestamp now) {
  const bool caller_id = !request.client_order_id.empty();
  if (caller_id) {
    if (by_client_id_.count(request.client_order_id) != 0) return request.client_order_id;
  }
  Order order;
  order.id = ids_.next(static_cast<std::uint64_t>(now.unix_ms()));
  order.client_order_id = caller_id
                              ? request.client_order_id
                              : std::string(kClientIdPrefix) + std::to_string(next_client_id_++);
  order.symbol = instrument_.symbol;
  order.side = request.side;
  order.type = request.type;
  order.time_in_force = request.time_in_force;
  order.quantity = request.quantity;
  order.quote_quantity = request.quote_quantity;
  order.price = request.price;
  order.stop_price = request.stop_price;
  order.reduce_only = request.reduce_only;
  order.status = OrderStatus::Pending;
  order.created_at = now;
  order.updated_at = now;

  const std::size_t index = orders_.size();
  if (caller_id) by_client_id_.emplace(order.client_order_id, index);
  ids_sorted_.push_back(order.id);
  orders_.push_back(std::move(order));
  ++open_orders_;
  Order& placed = orders_[index];
  events_.push_back({placed.id, OrderStatus::Pending, OrderStatus::Pending, now, {}});

  std::string why = check(placed);
  if (why.empty() && caller_id && placed.client_order_id.starts_with(kClientIdPrefix)) {
    why = fmt::format("client_order_id prefix '{}' is reserved for ids talon assigns",
                      kClientIdPrefix);
  }
  if (!why.empty()) {
    move(placed, OrderStatus::Rejected, now, std::move(why));
    return orders_[index].client_order_id;
  }
  if (placed.quote_quantity.is_positive()) locked_cash_ += placed.quote_quantity;
  move(placed, OrderStatus::Submitted, now);
  venue_.submit(orders_[index], now);
  return orders_[index].client_order_id;
}

std::string OrderManager::check(const Order& o) const {
  if (instrument_.status != InstrumentStatus::Trading) {
    return fmt::format("instrument {} is {}", instrument_.symbol, to_string(instrument_.status));
  }
  if (o.type != OrderType::Market) {
    return fmt::format("order type {} is not supported by this venue yet", to_string(o.type));
  }
  const bool by_quote = o.quote_quantity.is_positive();
  if (by_quote == o.quantity.is_positive()) {
    return "exactly one of quantity and quote_quantity must be positive";
  }
  if (by_quote) {
    if (o.side != OrderSide::Buy) return "quote_quantity is only allowed on a MARKET BUY";
    const Decimal free = portfolio_.cash() - locked_cash_;
    if (o.quote_quantity > free) {
      return fmt::format("insufficient balance: quote_quantity {} exceeds free cash {}",
                         o.quote_quantity.to_string(), free.to_string());
    }
    return {};
  }
  if (round_to_step(o.quantity, instrument_.lot_size, Rounding::Down) != o.quantity) {
    return fmt::format("LOT_SIZE: quantity {} is not a multiple of the lot size {}",
                       o.quantity.to_string(), instrument_.lot_size.to_string());
  }
  if (o.quantity < instrument_.min_quantity) {
    return fmt::format("LOT_SIZE: quantity {} is below the minimum {}", o.quantity.to_string(),
                       instrument_.min_quantity.to_string());
  }
  if (o.quantity > instrument_.max_quantity) {
    return fmt::format("LOT_SIZE: quantity {} is above the maximum {}", o.quantity.to_string(),
                       instrument_.max_quantity.to_string());
  }
  if (o.side == OrderSide::Sell && o.quantity > portfolio_.position_quantity()) {
    return fmt::format("insufficient balance: sell {} exceeds position {}", o.quantity.to_string(),
                       portfolio_.position_quantity().to_string());
  }
  return {};
}

Order& OrderManager::find(const Uuid& id) {
  const auto it = std::lower_bound(ids_sorted_.begin(), ids_sorted_.end(), id);
  if (it == ids_sorted_.end() || *it != id) {
    throw InvalidArgument("venue reported unknown order " + id.to_string());
  }
  return orders_[static_cast<std::size_t>(it - ids_sorted_.begin())];
}

void OrderManager::move(Order& order, OrderStatus to, Timestamp at, std::string reason) {
  const OrderStatus from = order.status;
  order.transition(to, at);
  if (!reason.empty()) order.reject_reason = reason;
  if (is_terminal(to)) {
    --open_orders_;
    if (order.quote_quantity.is_positive() && from != OrderStatus::Pending) {
      locked_cash_ -= order.quote_quantity;
    }
  }
  events_.push_back({order.id, from, to, at, std::move(reason)});
  if (on_update_) on_update_(order);
}

void OrderManager::on_order_accepted(const Uuid& order_id, Timestamp at) {
  move(find(order_id), OrderStatus::New, at);
}

void OrderManager::on_order_rejected(const Uuid& order_id, const std::string& reason,
                                     Timestamp at) {
  move(find(order_id), OrderStatus::Rejected, at, reason);
}

void OrderManager::on_order_expired(const Uuid& order_id, const std::string& reason, Timestamp at) {
  move(find(order_id), OrderStatus::Expired, at, reason);
}

void OrderManager::on_fill(const Fill& fill) {
  Order& order = find(fill.order_id);
  portfolio_.apply_fill(fill);
  fills_.push_back(fill);
  order.filled_quantity += fill.quantity;
  order.filled_quote += mul(fill.price, fill.quantity, Rounding::HalfUp);
  order.fees += fill.fee;
  const bool complete =
      order.quote_quantity.is_positive() || order.filled_quantity >= order.quantity;
  if (order.quote_quantity.is_positive()) order.quantity = order.filled_quantity;
  move(order, complete ? OrderStatus::Filled : OrderStatus::PartiallyFilled, fill.executed_at);
}

}  // namespace talon
