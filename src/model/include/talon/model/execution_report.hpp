#pragma once
// Execution reports: what a venue says about orders, one definition for the simulated
// venues and every exchange adapter. A venue never calls the order manager; it hands each
// report to a ReportSink (execution/execution_client.hpp) and the kernel delivers it once
// the venue has returned, as Nautilus Trader's ExecutionClient sends OrderEvents through
// the message bus and liquibook queues its callbacks.
//
// Every report names the order three ways: talon's order UUID when the venue got the order
// from talon (nil for an order talon does not know: placed by hand, left from before a
// restart), the client order id, and the venue's order id. ts_event is when it happened at
// the venue, ts_init when talon received it (equal in a backtest), UTC ns.

#include <string>
#include <variant>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/core/uuid.hpp>
#include <talon/model/fill.hpp>
#include <talon/model/ids.hpp>
#include <talon/model/order.hpp>

namespace talon {

/// Fields every order report carries.
struct ReportHeader {
  InstrumentId instrument;
  Uuid order_id;  ///< talon's order UUIDv7; nil when the venue reports an order talon did not send
  ClientOrderId client_order_id;
  VenueOrderId venue_order_id;  ///< empty when the venue gives none (simulated before arrival)
  Timestamp ts_event;
  Timestamp ts_init;
};

/// The venue took the order (status NEW).
struct OrderAccepted : ReportHeader {};
/// The venue refused the order; `reason` in the venue's terms (e.g. "-2021 Order would
/// immediately trigger").
struct OrderRejected : ReportHeader {
  std::string reason;
};
/// The order executed, fully or in part. `fill` carries price, quantity, fee, liquidity side
/// and the venue's trade id.
struct OrderFilled : ReportHeader {
  Fill fill;
};
/// Cancelled at the owner's request.
struct OrderCancelled : ReportHeader {};
/// Taken, then ended unfilled by a rule (IOC/FOK remainder, MARKET with no volume, filters).
struct OrderExpired : ReportHeader {
  std::string reason;
};
/// A conditional order's trigger price was reached at `price` (status unchanged).
struct OrderTriggered : ReportHeader {
  Decimal price;
};
/// Price and/or total quantity changed (Binance futures PUT /fapi/v1/order).
struct OrderModified : ReportHeader {
  Decimal price;
  Decimal quantity;
};
/// A cancel or modify request was refused; the order is unchanged.
struct RequestRejected : ReportHeader {
  enum class Request { Cancel, Modify, Query };
  Request request = Request::Cancel;
  std::string reason;
};
/// The venue liquidated the position on `side` at `price` (futures). The order ids are empty.
struct PositionLiquidated : ReportHeader {
  PositionSide side = PositionSide::Both;
  Decimal price;
};
/// The venue's view of one order, for queries and reconciliation (Binance GET
/// /api/v3/order, openOrders). `order` holds what the venue knows: ids, side, type,
/// quantities, prices, status.
struct OrderStatusReport : ReportHeader {
  Order order;
};

using ExecutionReport = std::variant<OrderAccepted, OrderRejected, OrderFilled, OrderCancelled,
                                     OrderExpired, OrderTriggered, OrderModified, RequestRejected,
                                     PositionLiquidated, OrderStatusReport>;

/// The header of any report.
const ReportHeader& header_of(const ExecutionReport& report) noexcept;
/// Upper-case kind: "ACCEPTED", "REJECTED", "FILLED", "CANCELLED", "EXPIRED", "TRIGGERED",
/// "MODIFIED", "REQUEST_REJECTED", "LIQUIDATED", "STATUS".
const char* kind_name(const ExecutionReport& report) noexcept;

}  // namespace talon
