#pragma once
// Orders and their finite-state machine. The statuses are the union of seeds 000, 001 and
// 002; every change of status goes through Order::transition, which refuses illegal moves.

#include <cstdint>
#include <string>
#include <string_view>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/core/uuid.hpp>

namespace talon {

enum class OrderSide { Buy, Sell };
enum class OrderType {
  Market,
  Limit,
  StopMarket,
  StopLimit,
  TakeProfit,
  TakeProfitLimit,
  TrailingStop
};
enum class TimeInForce { Gtc, Ioc, Fok, Gtx };

/// PENDING: accepted locally, not yet at the venue. SUBMITTED: sent, not yet acknowledged.
/// NEW: live at the venue. FAILED: a workflow error before submission (seed 001).
enum class OrderStatus {
  Pending,
  Submitted,
  New,
  PartiallyFilled,
  Filled,
  Cancelled,
  Rejected,
  Expired,
  Failed,
};

/// Upper-case wire names as the seeds and Binance spell them: "BUY", "MARKET", "GTC", ...
std::string_view to_string(OrderSide v) noexcept;
std::string_view to_string(OrderType v) noexcept;
std::string_view to_string(TimeInForce v) noexcept;
std::string_view to_string(OrderStatus v) noexcept;

/// True when no further transition is possible (FILLED, CANCELLED, REJECTED, EXPIRED, FAILED).
bool is_terminal(OrderStatus s) noexcept;
/// True when the FSM allows `from` → `to`.
bool is_legal_transition(OrderStatus from, OrderStatus to) noexcept;

/// What a strategy asks for. Exactly one of `quantity` (base asset) or `quote_quantity`
/// (quote currency to spend, fee included; MARKET BUY only, like Binance's quoteOrderQty)
/// is positive.
struct OrderRequest {
  std::string client_order_id;  ///< empty: the order manager assigns one
  OrderSide side = OrderSide::Buy;
  OrderType type = OrderType::Market;
  TimeInForce time_in_force = TimeInForce::Gtc;
  Decimal quantity;
  Decimal quote_quantity;
  Decimal price;       ///< limit price; zero for MARKET
  Decimal stop_price;  ///< trigger price for stop and take-profit types
  bool reduce_only = false;
};

struct Order {
  Uuid id;                      ///< UUIDv7
  std::string client_order_id;  ///< unique per run; idempotency key
  std::string symbol;
  OrderSide side = OrderSide::Buy;
  OrderType type = OrderType::Market;
  TimeInForce time_in_force = TimeInForce::Gtc;
  Decimal quantity;        ///< requested base quantity (zero while only quote_quantity is known)
  Decimal quote_quantity;  ///< quote budget of a MARKET BUY by quote quantity
  Decimal price;
  Decimal stop_price;
  bool reduce_only = false;
  OrderStatus status = OrderStatus::Pending;
  Decimal filled_quantity;
  Decimal filled_quote;  ///< sum of price * quantity over fills, quote currency
  Decimal fees;          ///< sum of fees over fills, in fee currency
  Timestamp created_at;
  Timestamp updated_at;
  Timestamp filled_at;     ///< zero until FILLED
  Timestamp cancelled_at;  ///< zero until CANCELLED or EXPIRED
  std::string reject_reason;

  /// Moves to `to` at `at`; throws InvalidArgument naming both states when the FSM forbids it.
  void transition(OrderStatus to, Timestamp at);
};

}  // namespace talon
