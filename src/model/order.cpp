#include <talon/core/error.hpp>
#include <talon/model/order.hpp>

namespace talon {

std::string_view to_string(OrderSide v) noexcept {
  return v == OrderSide::Buy ? "BUY" : "SELL";
}

std::string_view to_string(OrderType v) noexcept {
  switch (v) {
    case OrderType::Market: return "MARKET";
    case OrderType::Limit: return "LIMIT";
    case OrderType::StopMarket: return "STOP_MARKET";
    case OrderType::StopLimit: return "STOP_LIMIT";
    case OrderType::TakeProfit: return "TAKE_PROFIT";
    case OrderType::TakeProfitLimit: return "TAKE_PROFIT_LIMIT";
    case OrderType::TrailingStop: return "TRAILING_STOP";
  }
  return "?";
}

std::string_view to_string(TimeInForce v) noexcept {
  switch (v) {
    case TimeInForce::Gtc: return "GTC";
    case TimeInForce::Ioc: return "IOC";
    case TimeInForce::Fok: return "FOK";
    case TimeInForce::Gtx: return "GTX";
  }
  return "?";
}

std::string_view to_string(OrderStatus v) noexcept {
  switch (v) {
    case OrderStatus::Pending: return "PENDING";
    case OrderStatus::Submitted: return "SUBMITTED";
    case OrderStatus::New: return "NEW";
    case OrderStatus::PartiallyFilled: return "PARTIALLY_FILLED";
    case OrderStatus::Filled: return "FILLED";
    case OrderStatus::Cancelled: return "CANCELLED";
    case OrderStatus::Rejected: return "REJECTED";
    case OrderStatus::Expired: return "EXPIRED";
    case OrderStatus::Failed: return "FAILED";
  }
  return "?";
}

std::string_view to_string(PositionSide v) noexcept {
  switch (v) {
    case PositionSide::Both: return "BOTH";
    case PositionSide::Long: return "LONG";
    case PositionSide::Short: return "SHORT";
  }
  return "?";
}

bool is_conditional(OrderType t) noexcept {
  return t != OrderType::Market && t != OrderType::Limit;
}

bool has_limit_price(OrderType t) noexcept {
  return t == OrderType::Limit || t == OrderType::StopLimit || t == OrderType::TakeProfitLimit;
}

bool is_terminal(OrderStatus s) noexcept {
  switch (s) {
    case OrderStatus::Filled:
    case OrderStatus::Cancelled:
    case OrderStatus::Rejected:
    case OrderStatus::Expired:
    case OrderStatus::Failed: return true;
    default: return false;
  }
}

bool is_legal_transition(OrderStatus from, OrderStatus to) noexcept {
  using S = OrderStatus;
  switch (from) {
    case S::Pending:  // local checks passed or failed; not yet at the venue
      return to == S::Submitted || to == S::Rejected || to == S::Failed || to == S::Cancelled;
    case S::Submitted:  // in flight: the venue acknowledges, rejects or fills at once
      return to == S::New || to == S::Rejected || to == S::PartiallyFilled || to == S::Filled ||
             to == S::Cancelled || to == S::Expired;
    case S::New:
    case S::PartiallyFilled:
      return to == S::PartiallyFilled || to == S::Filled || to == S::Cancelled || to == S::Expired;
    default: return false;  // terminal
  }
}

void Order::transition(OrderStatus to, Timestamp at) {
  if (!is_legal_transition(status, to)) {
    throw InvalidArgument("order " + client_order_id.value() + ": illegal transition " +
                          std::string(to_string(status)) + " -> " + std::string(to_string(to)));
  }
  status = to;
  updated_at = at;
  if (to == OrderStatus::Filled) filled_at = at;
  if (to == OrderStatus::Cancelled || to == OrderStatus::Expired) cancelled_at = at;
}

}  // namespace talon
