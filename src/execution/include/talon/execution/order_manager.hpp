#pragma once
// The order manager: owns every order of a run from request to final state, checks
// requests against the instrument's rules and the account before they reach the venue,
// books fills into the account, keeps attached stop-loss / take-profit children and
// reduce-only orders consistent with the position, and records each state transition,
// modification and refused request as an event.
//
// It talks to the venue through the ExecutionClient seam and learns what happened only from
// execution reports the kernel hands to apply() after the client has returned: a cancel or
// modify returns once the request is sent, and the venue's answer (or refusal) arrives as a
// report. A report about an order the manager does not know — placed by hand at the venue, or
// left from before a restart — never throws: a status report is adopted as an order of the
// run, anything else is recorded in unknown_reports().

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <talon/core/uuid.hpp>
#include <talon/execution/account.hpp>
#include <talon/execution/execution_client.hpp>
#include <talon/execution/journal.hpp>
#include <talon/execution/liquidation.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/order.hpp>

namespace talon {

/// The answer to a cancel or modify request made through the order manager.
struct RequestResult {
  bool accepted = false;
  std::string reason;  ///< why it was refused; empty when accepted
};

class OrderManager final {
 public:
  /// Called after every change of an order (status, fill, modification).
  using UpdateHandler = std::function<void(const Order&)>;

  /// `account` is the spot Portfolio or a FuturesAccount; `client` the venue's execution
  /// client. Both must outlive the manager.
  OrderManager(const Instrument& instrument, Account& account, ExecutionClient& client);

  void set_update_handler(UpdateHandler handler) { on_update_ = std::move(handler); }
  /// The pre-trade stage (risk engine): called with each new order before the instrument and
  /// balance checks; a non-empty answer rejects the order with that reason.
  using PreTradeCheck = std::function<std::string(const Order&)>;
  void set_pre_trade_check(PreTradeCheck check) { pre_trade_ = std::move(check); }
  /// Hands every order event, fill and finished order to `journal` as it happens (nullptr:
  /// none). With a journal the manager keeps no event or fill log of its own (events() and
  /// fills() stay empty), so memory does not grow with the run's fills.
  void set_journal(Journal* journal) noexcept { journal_ = journal; }
  /// Hands every order still open to the journal (Journal::on_order), for the end of a run.
  void journal_open_orders() const;

  /// Creates an order from `request` at time `now` and, when it passes the checks, sends it
  /// to the venue. Returns its client order id. A request whose client_order_id is already
  /// known returns that id and creates nothing (idempotent). A request that breaks a rule
  /// becomes a REJECTED order whose reject_reason names the rule (Binance filter names:
  /// PRICE_FILTER, LOT_SIZE, NOTIONAL; or TRAILING, ReduceOnly, GTX, balance).
  /// `reference_price` (quote per base, zero = unknown) prices MARKET orders for the
  /// notional and balance checks.
  ClientOrderId submit(const OrderRequest& request, Timestamp now, Decimal reference_price = {});

  /// Asks the venue to cancel the order with `client_order_id`. Refused at once (and
  /// recorded as a CANCEL_REJECTED event when the order exists) for unknown or finished
  /// orders; otherwise accepted means sent, and the venue's answer comes as a report.
  RequestResult cancel(const ClientOrderId& client_order_id, Timestamp now);
  /// Asks the venue to change a LIMIT order's price and/or quantity (zero keeps the
  /// current value). The new values must satisfy PRICE_FILTER and LOT_SIZE and the new
  /// quantity must exceed the filled one; refusals are recorded as MODIFY_REJECTED.
  RequestResult modify(const ClientOrderId& client_order_id, Decimal price, Decimal quantity,
                       Timestamp now);

  /// Applies one execution report: the order's status, fills into the account, attached
  /// and OCO orders, reduce-only upkeep. Reports of unknown orders are adopted (status
  /// reports) or recorded (unknown_reports), never thrown.
  void apply(const ExecutionReport& report);
  /// Reports about orders this manager did not create and could not adopt, oldest first
  /// (at most 1,000 kept; unknown_report_count() counts all).
  const std::vector<ExecutionReport>& unknown_reports() const noexcept { return unknown_; }
  std::size_t unknown_report_count() const noexcept { return unknown_count_; }

  /// Quote currency reserved by open orders: quote budgets of MARKET BUYs by quote
  /// quantity and price × remaining quantity of BUY orders with a limit price (spot only).
  Decimal locked_cash() const;
  /// Base asset reserved by open SELL orders (spot only; an OCO pair counts once). With
  /// `for_order`, the reservation of that order's OCO peer is left out (they share it).
  Decimal locked_base(const Order* for_order = nullptr) const;
  /// Number of orders not yet in a terminal state.
  std::size_t open_order_count() const noexcept { return open_.size(); }
  /// The orders not yet in a terminal state, oldest first. Pointers are valid until the next
  /// order is created.
  std::vector<const Order*> open_orders() const;
  /// Calls f(order) for each order not yet in a terminal state, oldest first, without the
  /// allocation of open_orders() (the risk engine walks them for every order it checks).
  template <class F>
  void for_each_open(F&& f) const {
    for (std::size_t i : open_) f(orders_[i]);
  }
  /// The order with this client id, or nullptr.
  const Order* find_client(const ClientOrderId& client_order_id) const;
  /// Every order of the run, in creation order.
  const std::vector<Order>& orders() const noexcept { return orders_; }
  /// Every fill of the run, in execution order (empty with a journal).
  const std::vector<Fill>& fills() const noexcept { return fills_; }
  /// Every event of the run, in order (empty with a journal).
  const std::vector<OrderEvent>& events() const noexcept { return events_; }
  /// Moves the order, fill and event logs out (for the run's result, without a copy); the
  /// manager must not be used afterwards.
  std::vector<Order> take_orders() noexcept { return std::move(orders_); }
  std::vector<Fill> take_fills() noexcept { return std::move(fills_); }
  std::vector<OrderEvent> take_events() noexcept { return std::move(events_); }

 private:
  void on_order_accepted(std::size_t index, const VenueOrderId& venue_id, Timestamp at);
  void on_order_rejected(std::size_t index, const std::string& reason, Timestamp at);
  void on_order_expired(std::size_t index, const std::string& reason, Timestamp at);
  void on_fill(std::size_t index, const Fill& fill);
  void on_order_cancelled(std::size_t index, Timestamp at);
  void on_request_rejected(std::size_t index, bool cancel, const std::string& reason, Timestamp at);
  void on_order_modified(std::size_t index, Decimal price, Decimal quantity, Timestamp at);
  void on_order_triggered(std::size_t index, Decimal price, Timestamp at);
  /// Books the liquidation in the account, then cancels the reduce-only orders (attached
  /// stop-loss / take-profit) of the position that is gone.
  void on_liquidation(PositionSide side, Decimal price, Timestamp at);
  /// The index of the order a report is about: by UUID, else by client id; nullopt when
  /// unknown.
  std::optional<std::size_t> report_index(const ReportHeader& h) const;
  void adopt(const OrderStatusReport& report);
  void record_unknown(const ExecutionReport& report);

  std::size_t create(const OrderRequest& request, Timestamp now);
  void send(std::size_t index, Timestamp now, Decimal reference_price);
  std::optional<std::size_t> find_index(const Uuid& id) const;
  /// Index of the order with this client id, or nullopt.
  std::optional<std::size_t> client_index(const ClientOrderId& client_order_id) const;
  void move(std::size_t index, OrderStatus to, Timestamp at, std::string reason = {});
  void note(std::size_t index, OrderEventKind kind, Timestamp at, std::string reason);
  /// Numbers `event` within its order, keeps or journals it; journals the order when the
  /// event made it terminal.
  void record(std::size_t index, OrderEvent event);
  std::string check(const Order& order, Decimal reference_price) const;
  std::string check_price_rules(Decimal price, const char* field) const;
  void spawn_attached(std::size_t entry, Timestamp at);
  void enforce_reduce_only(Timestamp at);

  const Instrument& instrument_;
  InstrumentId instrument_id_;
  Account& account_;
  ExecutionClient& venue_;
  UpdateHandler on_update_;
  PreTradeCheck pre_trade_;
  Journal* journal_ = nullptr;
  std::vector<Order> orders_;
  std::vector<Fill> fills_;
  std::vector<OrderEvent> events_;
  std::vector<std::uint32_t> next_seq_;  ///< per order: the seq of its next event
  std::vector<std::size_t> open_;        ///< indices of non-terminal orders, ascending
  // Order ids come from one UUIDv7 generator and so increase with the index: id lookups are
  // binary searches over 16-byte keys instead of hash probes over cold nodes (the hash maps
  // cost a fifth of a backtest). Assigned client ids "talon-<n>" map to an index by n; only
  // ids a caller chose go into the hash map.
  std::vector<Uuid> ids_by_index_;
  std::vector<std::size_t> assigned_index_;  ///< index of "talon-<n+1>"
  std::unordered_map<ClientOrderId, std::size_t> by_client_id_;
  std::vector<ExecutionReport> unknown_;
  std::size_t unknown_count_ = 0;
  std::unordered_map<Uuid, std::string, UuidHash> pending_cancel_reason_;
  std::uint64_t next_client_id_ = 1;
  UuidV7Generator ids_;
};

}  // namespace talon
