#pragma once
// How the simulated venues word their reports: one place that stamps the order's ids and
// the time and hands the report to the sink, and remembers that something was emitted (the
// venue pauses there, see simulated_client.hpp).

#include <cstdint>
#include <string>

#include <talon/execution/execution_client.hpp>

namespace talon {

class ReportEmitter {
 public:
  void set_sink(ReportSink* sink) noexcept { sink_ = sink; }
  /// True when a report was emitted since the last clear_emitted().
  bool emitted() const noexcept { return emitted_; }
  void clear_emitted() noexcept { emitted_ = false; }

  /// The next venue order id ("1", "2", ...), given to an order when it arrives.
  VenueOrderId next_venue_order_id() { return VenueOrderId(std::to_string(++venue_orders_)); }
  /// The next venue trade id.
  TradeId next_trade_id() { return TradeId(std::to_string(++trades_)); }

  void accepted(const Order& o, Timestamp at);
  void rejected(const Order& o, std::string reason, Timestamp at);
  void expired(const Order& o, std::string reason, Timestamp at);
  void cancelled(const Order& o, Timestamp at);
  void triggered(const Order& o, Decimal price, Timestamp at);
  void modified(const Order& o, Decimal price, Decimal quantity, Timestamp at);
  void request_rejected(const Order& o, RequestRejected::Request request, std::string reason,
                        Timestamp at);
  /// `fill` must carry its order's ids already.
  void filled(const Order& o, Fill fill);
  void liquidated(const InstrumentId& instrument, PositionSide side, Decimal price, Timestamp at);
  void status(const Order& o, Timestamp at);

 private:
  template <class Report>
  Report head(const Order& o, Timestamp at) const;
  void emit(ExecutionReport report);

  ReportSink* sink_ = nullptr;
  bool emitted_ = false;
  std::uint64_t venue_orders_ = 0;
  std::uint64_t trades_ = 0;
};

}  // namespace talon
