#pragma once
// Orders and their finite-state machine. The statuses are the union of seeds 000, 001 and
// 002; every change of status goes through Order::transition, which refuses illegal moves.

#include <cstdint>
#include <string>
#include <string_view>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/core/uuid.hpp>
#include <talon/model/ids.hpp>

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
/// GTC: rests until filled or cancelled. IOC: fills what it can at once, the rest expires.
/// FOK: fills completely at once or expires untouched. GTX: post-only, rejected when it
/// would take liquidity (Binance futures timeInForce=GTX, spot LIMIT_MAKER).
enum class TimeInForce { Gtc, Ioc, Fok, Gtx };
/// Binance futures positionSide: BOTH in one-way mode, LONG or SHORT in hedge mode. Spot
/// orders are always BOTH.
enum class PositionSide { Both, Long, Short };

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
std::string_view to_string(PositionSide v) noexcept;

/// True for the types that wait for a trigger price (stop, take-profit, trailing stop).
bool is_conditional(OrderType t) noexcept;
/// True for the types that become or are a limit order (LIMIT, STOP_LIMIT, TAKE_PROFIT_LIMIT).
bool has_limit_price(OrderType t) noexcept;

/// True when no further transition is possible (FILLED, CANCELLED, REJECTED, EXPIRED, FAILED).
bool is_terminal(OrderStatus s) noexcept;
/// True when the FSM allows `from` → `to`.
bool is_legal_transition(OrderStatus from, OrderStatus to) noexcept;

/// What a strategy asks for. Exactly one of `quantity` (base asset) or `quote_quantity`
/// (quote currency to spend, fee included; MARKET BUY only, like Binance's quoteOrderQty)
/// is positive.
struct OrderRequest {
  ClientOrderId client_order_id;  ///< empty: the order manager assigns one
  OrderSide side = OrderSide::Buy;
  OrderType type = OrderType::Market;
  TimeInForce time_in_force = TimeInForce::Gtc;
  Decimal quantity;
  Decimal quote_quantity;
  Decimal price;       ///< limit price; zero for MARKET
  Decimal stop_price;  ///< trigger price for stop and take-profit types
  bool reduce_only = false;
  /// TRAILING_STOP: callback rate in percent (1 = 1 %), Binance's range 0.1..10.
  Decimal callback_rate;
  /// TRAILING_STOP: price at which trailing starts; zero = at once, from the price at arrival.
  Decimal activation_price;
  /// Attached stop-loss / take-profit (seed 002 Orders.stop_loss, take_profit): trigger
  /// prices of reduce-only STOP_MARKET / TAKE_PROFIT children created when this entry
  /// fills, one-cancels-other. Zero = none.
  Decimal stop_loss;
  Decimal take_profit;
  PositionSide position_side = PositionSide::Both;
};

struct Order {
  Uuid id;                        ///< UUIDv7
  ClientOrderId client_order_id;  ///< unique per run; idempotency key
  VenueOrderId venue_order_id{};  ///< the venue's id once it accepted the order; empty before
  std::string symbol;
  InstrumentId instrument{};
  OrderSide side = OrderSide::Buy;
  OrderType type = OrderType::Market;
  TimeInForce time_in_force = TimeInForce::Gtc;
  Decimal quantity;        ///< requested base quantity (zero while only quote_quantity is known)
  Decimal quote_quantity;  ///< quote budget of a MARKET BUY by quote quantity
  Decimal price;
  Decimal stop_price;
  bool reduce_only = false;
  Decimal callback_rate;     ///< TRAILING_STOP, percent
  Decimal activation_price;  ///< TRAILING_STOP, zero = from arrival
  Decimal stop_loss;         ///< attached SL trigger (entry orders), zero = none
  Decimal take_profit;       ///< attached TP trigger (entry orders), zero = none
  PositionSide position_side = PositionSide::Both;
  Uuid parent_id;          ///< the entry order of an attached SL/TP child; nil otherwise
  Uuid oco_peer;           ///< the other order of a one-cancels-other pair; nil otherwise
  bool triggered = false;  ///< a conditional order whose trigger price was reached
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
