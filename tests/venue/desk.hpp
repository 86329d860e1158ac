#pragma once
// The kernel's delivery loop in small, for venue tests: an order manager and the report
// queue of its venue, where every request and every market event is followed by delivering
// the reports it produced — after the venue returned, never from inside it.

#include <talon/execution/order_manager.hpp>
#include <talon/execution/report_queue.hpp>
#include <talon/venue/simulated_client.hpp>

namespace talon::test {

class Desk {
 public:
  Desk(OrderManager& manager, ReportQueue& queue) : m_(manager), q_(queue) {}

  ClientOrderId submit(const OrderRequest& r, Timestamp now, Decimal reference = {}) {
    ClientOrderId id = m_.submit(r, now, reference);
    deliver();
    return id;
  }
  /// The answer once the venue has answered: a refusal the venue reports comes back as
  /// accepted == false, as a synchronous client would see it.
  RequestResult cancel(const ClientOrderId& id, Timestamp now) {
    const std::size_t before = m_.events().size();
    RequestResult r = m_.cancel(id, now);
    deliver();
    return answer(r, before, OrderEventKind::CancelRejected);
  }
  RequestResult modify(const ClientOrderId& id, Decimal price, Decimal quantity, Timestamp now) {
    const std::size_t before = m_.events().size();
    RequestResult r = m_.modify(id, price, quantity, now);
    deliver();
    return answer(r, before, OrderEventKind::ModifyRejected);
  }
  void process(SimulatedExecutionClient& venue, const MarketEvent& event) {
    process_event(venue, event, q_, [this](const ExecutionReport& r) { m_.apply(r); });
  }
  void deliver() {
    q_.drain([this](const ExecutionReport& r) { m_.apply(r); });
  }

  const Order* find_client(const ClientOrderId& id) const { return m_.find_client(id); }
  const std::vector<Order>& orders() const noexcept { return m_.orders(); }
  const std::vector<Fill>& fills() const noexcept { return m_.fills(); }
  const std::vector<OrderEvent>& events() const noexcept { return m_.events(); }
  Decimal locked_cash() const { return m_.locked_cash(); }
  std::size_t open_order_count() const noexcept { return m_.open_order_count(); }

 private:
  RequestResult answer(RequestResult r, std::size_t before, OrderEventKind refusal) const {
    if (!r.accepted) return r;
    for (std::size_t e = before; e < m_.events().size(); ++e) {
      if (m_.events()[e].kind == refusal) return {false, m_.events()[e].reason};
    }
    return r;
  }

  OrderManager& m_;
  ReportQueue& q_;
};

}  // namespace talon::test
