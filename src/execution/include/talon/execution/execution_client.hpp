#pragma once
// The ExecutionClient seam: where orders go. The simulated venues implement it for
// backtests and paper trading; each exchange adapter implements it for live trading. The
// order manager does not know which one it talks to (Nautilus Trader's ExecutionClient).
//
// Calls never answer through a call back into the caller. Every answer — accepted,
// rejected, filled, cancelled, a refused cancel — is an ExecutionReport handed to the
// ReportSink the kernel set, and the kernel delivers it to the order manager only after the
// client's call has returned: a simulated venue queues its reports exactly as an adapter
// whose answers arrive later over the network. A client may throw Error from a call when it
// cannot even send the request (not connected, a request the venue type cannot express).

#include <string>
#include <string_view>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/execution_report.hpp>
#include <talon/model/fill.hpp>
#include <talon/model/ids.hpp>
#include <talon/model/order.hpp>

namespace talon {

/// Receives execution reports. The kernel's report queue implements it; a live adapter's
/// network thread pushes into a thread-safe one.
class ReportSink {
 public:
  virtual ~ReportSink() = default;
  /// Takes one report; must not call back into the client that produced it.
  virtual void push(ExecutionReport report) = 0;
};

/// A position as the venue reports it (Binance GET /fapi/v2/positionRisk), for
/// reconciliation. Quantity signed for BOTH (negative = short).
struct PositionReport {
  InstrumentId instrument;
  PositionSide side = PositionSide::Both;
  Decimal quantity;     ///< base asset
  Decimal entry_price;  ///< quote per base; zero when flat
  Timestamp ts_event;
};

class ExecutionClient {
 public:
  virtual ~ExecutionClient() = default;

  /// Where reports go from now on. Must be set before the first request.
  virtual void set_report_sink(ReportSink* sink) = 0;
  /// Opens the connection (live: login, user data stream). Simulated venues: nothing.
  virtual void connect() {}
  /// Closes it. Open orders stay at the venue.
  virtual void disconnect() {}

  /// Sends an order that talon created (status SUBMITTED). Answered by OrderAccepted or
  /// OrderRejected, then fills, expiry or cancellation.
  virtual void submit(const Order& order, Timestamp at) = 0;
  /// Asks to cancel an open order. Answered by OrderCancelled or RequestRejected (Cancel).
  /// The default throws InvalidArgument: a venue that cannot cancel says so.
  virtual void cancel(const Order& order, Timestamp at);
  /// Asks to change a resting order's limit price and/or total quantity (zero keeps the
  /// current value). Answered by OrderModified or RequestRejected (Modify). The default
  /// throws InvalidArgument.
  virtual void modify(const Order& order, Decimal price, Decimal quantity, Timestamp at);
  /// Cancels every open order of `instrument` (Binance DELETE /api/v3/openOrders): one
  /// OrderCancelled per order. The default throws InvalidArgument.
  virtual void cancel_all(const InstrumentId& instrument, Timestamp at);
  /// Asks for the venue's view of one order: answered by an OrderStatusReport, or by
  /// RequestRejected when the venue does not know it. The default throws InvalidArgument.
  virtual void query_order(const Order& order, Timestamp at);

  /// Reconciliation, answered at once from the venue's current state: orders still open
  /// (all instruments when `instrument` is empty), fills at or after `since`, and open
  /// positions. Defaults: nothing open, no fills, no positions.
  virtual std::vector<OrderStatusReport> open_orders(const InstrumentId& instrument) const;
  virtual std::vector<Fill> fills_since(Timestamp since) const;
  virtual std::vector<PositionReport> positions() const;
};

}  // namespace talon
