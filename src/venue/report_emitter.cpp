#include <talon/venue/report_emitter.hpp>

namespace talon {

template <class Report>
Report ReportEmitter::head(const Order& o, Timestamp at) const {
  Report r;
  r.instrument = o.instrument;
  r.order_id = o.id;
  r.client_order_id = o.client_order_id;
  r.venue_order_id = o.venue_order_id;
  r.ts_event = at;
  r.ts_init = at;
  return r;
}

void ReportEmitter::emit(ExecutionReport report) {
  emitted_ = true;
  if (sink_ != nullptr) sink_->push(std::move(report));
}

void ReportEmitter::accepted(const Order& o, Timestamp at) {
  emit(head<OrderAccepted>(o, at));
}

void ReportEmitter::rejected(const Order& o, std::string reason, Timestamp at) {
  auto r = head<OrderRejected>(o, at);
  r.reason = std::move(reason);
  emit(std::move(r));
}

void ReportEmitter::expired(const Order& o, std::string reason, Timestamp at) {
  auto r = head<OrderExpired>(o, at);
  r.reason = std::move(reason);
  emit(std::move(r));
}

void ReportEmitter::cancelled(const Order& o, Timestamp at) {
  emit(head<OrderCancelled>(o, at));
}

void ReportEmitter::triggered(const Order& o, Decimal price, Timestamp at) {
  auto r = head<OrderTriggered>(o, at);
  r.price = price;
  emit(std::move(r));
}

void ReportEmitter::modified(const Order& o, Decimal price, Decimal quantity, Timestamp at) {
  auto r = head<OrderModified>(o, at);
  r.price = price;
  r.quantity = quantity;
  emit(std::move(r));
}

void ReportEmitter::request_rejected(const Order& o, RequestRejected::Request request,
                                     std::string reason, Timestamp at) {
  auto r = head<RequestRejected>(o, at);
  r.request = request;
  r.reason = std::move(reason);
  emit(std::move(r));
}

void ReportEmitter::filled(const Order& o, Fill fill) {
  auto r = head<OrderFilled>(o, fill.executed_at);
  r.fill = std::move(fill);
  emit(std::move(r));
}

void ReportEmitter::liquidated(const InstrumentId& instrument, PositionSide side, Decimal price,
                               Timestamp at) {
  PositionLiquidated r;
  r.instrument = instrument;
  r.side = side;
  r.price = price;
  r.ts_event = at;
  r.ts_init = at;
  emit(std::move(r));
}

void ReportEmitter::status(const Order& o, Timestamp at) {
  auto r = head<OrderStatusReport>(o, at);
  r.order = o;
  emit(std::move(r));
}

}  // namespace talon
