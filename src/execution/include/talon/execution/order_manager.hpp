#pragma once
// The order manager: owns every order of a run from request to final state, checks
// requests against the instrument's rules and the portfolio before they reach the venue,
// books fills into the portfolio, and records each state transition as an event.

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <talon/execution/portfolio.hpp>
#include <talon/execution/venue.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/order.hpp>

namespace talon {

/// One order state transition, as persisted (seed 001 order workflow events). The first
/// event of each order has from == to == PENDING: its creation.
struct OrderEvent {
  Uuid order_id;
  OrderStatus from;
  OrderStatus to;
  Timestamp at;
  std::string reason;  ///< reject or failure reason; empty otherwise
};

class OrderManager final : public VenueListener {
 public:
  /// Called after every change of an order (status or fill).
  using UpdateHandler = std::function<void(const Order&)>;

  OrderManager(const Instrument& instrument, Portfolio& portfolio, Venue& venue);

  void set_update_handler(UpdateHandler handler) { on_update_ = std::move(handler); }

  /// Creates an order from `request` at time `now` and, when it passes the checks, sends it
  /// to the venue. Returns its client order id. A request whose client_order_id is already
  /// known returns that id and creates nothing (idempotent). An empty client_order_id gets
  /// "talon-<n>"; a caller's id may not use that reserved prefix (the order is REJECTED). A request
  /// that breaks a rule (lot size, min/max quantity, tick size, instrument status, cash or
  /// position) becomes a REJECTED order whose reject_reason names the rule.
  std::string submit(const OrderRequest& request, Timestamp now);

  /// Quote currency reserved by open MARKET BUY orders by quote quantity.
  Decimal locked_cash() const noexcept { return locked_cash_; }
  /// Number of orders not yet in a terminal state.
  std::size_t open_order_count() const noexcept { return open_orders_; }
  /// Every order of the run, in creation order.
  const std::vector<Order>& orders() const noexcept { return orders_; }
  /// Every fill of the run, in execution order.
  const std::vector<Fill>& fills() const noexcept { return fills_; }
  /// Every state transition of the run, in order.
  const std::vector<OrderEvent>& events() const noexcept { return events_; }

  /// Everything recorded so far, moved out (the manager is left empty); for the end of a run.
  struct Record {
    std::vector<Order> orders;
    std::vector<Fill> fills;
    std::vector<OrderEvent> events;
  };
  Record release() && { return {std::move(orders_), std::move(fills_), std::move(events_)}; }

  void on_order_accepted(const Uuid& order_id, Timestamp at) override;
  void on_order_rejected(const Uuid& order_id, const std::string& reason, Timestamp at) override;
  void on_order_expired(const Uuid& order_id, const std::string& reason, Timestamp at) override;
  void on_fill(const Fill& fill) override;

 private:
  Order& find(const Uuid& id);
  void move(Order& order, OrderStatus to, Timestamp at, std::string reason = {});
  std::string check(const Order& order) const;

  const Instrument& instrument_;
  Portfolio& portfolio_;
  Venue& venue_;
  UpdateHandler on_update_;
  std::vector<Order> orders_;
  std::vector<Fill> fills_;
  std::vector<OrderEvent> events_;
  // Ids come from one UUIDv7 generator, so ids_ is sorted: lookups are binary searches
  // over 16-byte keys rather than hash-map probes over cold nodes.
  std::vector<Uuid> ids_sorted_;
  // Only client ids that callers chose; assigned ones ("talon-<n>") are unique by design.
  std::unordered_map<std::string, std::size_t> by_client_id_;
  std::size_t open_orders_ = 0;
  Decimal locked_cash_;
  std::uint64_t next_client_id_ = 1;
  UuidV7Generator ids_;
};

}  // namespace talon
