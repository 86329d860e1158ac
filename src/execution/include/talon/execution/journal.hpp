#pragma once
// The Journal: the one way a run's results leave the kernel (DESIGN.md, "The kernel"). The
// order manager and the run's books hand it every order event, fill, finished order,
// position and equity sample as they happen; the store implements it and writes them in
// batches inside the run's transaction, so memory does not grow with the length of the run.
//
// Order of the streams, which implementations may rely on:
// - an order's events arrive in order (seq 0, 1, …) and its first event comes before any of
//   its fills; on_order comes once per order, after the event that made it terminal (or at
//   the end of the run for an order still open), and after all of its fills;
// - a refused cancel of a finished order may still add an event after on_order;
// - a spot round trip arrives after the fill that made the position flat; a futures position
//   arrives once, when it is closed or liquidated, or at the end while still open;
// - checkpoint() is called between events only (never inside a venue or strategy call).

#include <cstdint>
#include <span>
#include <string>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/core/uuid.hpp>
#include <talon/model/fill.hpp>
#include <talon/model/ids.hpp>
#include <talon/model/order.hpp>
#include <talon/model/position.hpp>

namespace talon {

/// What an order event records. TRANSITION changes the status; the others leave it as is
/// (from == to).
enum class OrderEventKind { Transition, Modified, Triggered, CancelRejected, ModifyRejected };
std::string_view to_string(OrderEventKind v) noexcept;

/// One order event, as persisted (seed 001 order workflow events). The first event of
/// each order has from == to == PENDING: its creation.
struct OrderEvent {
  Uuid order_id;
  OrderStatus from = OrderStatus::Pending;
  OrderStatus to = OrderStatus::Pending;
  Timestamp at;
  std::string reason;  ///< reject, failure, expiry or cancel reason; empty otherwise
  OrderEventKind kind = OrderEventKind::Transition;
  std::uint32_t seq = 0;         ///< 0 for the order's first event, then 1, 2, …
  Timestamp order_created_at{};  ///< the order's created_at (the partition key of its row)
};

/// One closed spot position: from the fill that opened it to the fill that made it flat.
/// All money in the quote currency.
struct RoundTrip {
  Timestamp entry_time;
  Timestamp exit_time;
  Uuid exit_fill_id;       ///< the fill that made the position flat
  Decimal quantity;        ///< largest base quantity held during the trip
  Decimal entry_notional;  ///< sum of buy price * quantity
  Decimal exit_notional;   ///< sum of sell price * quantity
  Decimal fees;            ///< entry and exit fees together
  Decimal pnl;             ///< exit_notional − entry_notional − fees (net of both fees)
};

/// Equity (cash + position marked at the bar's close) at one time, quote currency.
struct EquityPoint {
  Timestamp at;  ///< the bar's close_time; the first point is the start, at the first open
  Decimal equity;
};

/// One funding settlement booked on a perpetual position (Binance USDⓈ-M funding).
struct FundingPayment {
  InstrumentId instrument;
  Timestamp at;        ///< the funding time
  Decimal rate;        ///< the funding rate, a fraction (0.0001 = 0.01 %)
  Decimal mark_price;  ///< the price the position was valued at
  Decimal amount;      ///< received (+) or paid (−), margin asset
};

/// Receives a run's results as they happen. Every hook runs on the kernel's thread; a hook
/// that throws ends the run with that error (the store then writes nothing of it).
class Journal {
 public:
  virtual ~Journal() = default;
  /// An order was created, changed status, was modified or triggered, or a request about
  /// it was refused.
  virtual void on_order_event(const OrderEvent& event) = 0;
  /// A fill was booked into the account.
  virtual void on_fill(const Fill& fill) = 0;
  /// `order` is final: terminal, or still open at the end of the run.
  virtual void on_order(const Order& order) = 0;
  /// A spot position was closed.
  virtual void on_round_trip(const RoundTrip& trip) = 0;
  /// A position is final: a futures position closed or liquidated, or any position (spot or
  /// futures) still open at the end of the run, marked at the last close.
  virtual void on_position(const Position& position) = 0;
  /// An equity sample (the run's sampling interval; the first is the start).
  virtual void on_equity(const EquityPoint& point) = 0;
  /// A funding settlement.
  virtual void on_funding(const FundingPayment& payment) = 0;
  /// A quiet point between events: `open` are the positions open now (their opening times
  /// let orders and fills written now name their position). Writers may flush here.
  virtual void checkpoint(std::span<const Position> open) { (void)open; }
};

}  // namespace talon
