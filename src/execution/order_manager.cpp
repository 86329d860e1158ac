#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include <talon/core/error.hpp>
#include <talon/execution/order_manager.hpp>

namespace talon {
namespace {
constexpr std::string_view kClientIdPrefix = "talon-";
}  // namespace

std::string_view to_string(OrderEventKind v) noexcept {
  switch (v) {
    case OrderEventKind::Transition: return "TRANSITION";
    case OrderEventKind::Modified: return "MODIFIED";
    case OrderEventKind::Triggered: return "TRIGGERED";
    case OrderEventKind::CancelRejected: return "CANCEL_REJECTED";
    case OrderEventKind::ModifyRejected: return "MODIFY_REJECTED";
  }
  return "?";
}

OrderManager::OrderManager(const Instrument& instrument, Account& account, ExecutionClient& client)
    : instrument_(instrument), instrument_id_(instrument.id()), account_(account), venue_(client) {}

std::size_t OrderManager::create(const OrderRequest& request, Timestamp now) {
  Order order;
  order.id = ids_.next(now.unix_ms());
  order.client_order_id =
      request.client_order_id.empty()
          ? ClientOrderId(fmt::format("{}{}", kClientIdPrefix, next_client_id_++))
          : request.client_order_id;
  order.symbol = instrument_.symbol;
  order.instrument = instrument_id_;
  order.side = request.side;
  order.type = request.type;
  order.time_in_force = request.time_in_force;
  order.quantity = request.quantity;
  order.quote_quantity = request.quote_quantity;
  order.price = request.price;
  order.stop_price = request.stop_price;
  order.reduce_only = request.reduce_only;
  order.callback_rate = request.callback_rate;
  order.activation_price = request.activation_price;
  order.stop_loss = request.stop_loss;
  order.take_profit = request.take_profit;
  order.position_side = request.position_side;
  order.status = OrderStatus::Pending;
  order.created_at = now;
  order.updated_at = now;

  const std::size_t index = orders_.size();
  if (request.client_order_id.empty()) {
    assigned_index_.push_back(index);
  } else {
    by_client_id_.emplace(order.client_order_id, index);
  }
  ids_by_index_.push_back(order.id);
  orders_.push_back(std::move(order));
  open_.push_back(index);
  next_seq_.push_back(0);
  record(index, {orders_[index].id, OrderStatus::Pending, OrderStatus::Pending, now, {}});
  return index;
}

void OrderManager::send(std::size_t index, Timestamp now, Decimal reference_price) {
  std::string why;
  try {
    if (pre_trade_) why = pre_trade_(orders_[index]);
    if (why.empty()) why = check(orders_[index], reference_price);
  } catch (const Error& e) {
    // The checks themselves broke (arithmetic overflow, a bad account state): a workflow
    // error before submission, seed 001 FAILED.
    move(index, OrderStatus::Failed, now, std::string("pre-trade check failed: ") + e.what());
    return;
  }
  if (!why.empty()) {
    move(index, OrderStatus::Rejected, now, std::move(why));
    return;
  }
  move(index, OrderStatus::Submitted, now);
  try {
    venue_.submit(orders_[index], now);
  } catch (const Error& e) {
    // The venue refused the order outright (it threw instead of reporting).
    const std::string refusal = std::string("venue submit failed: ") + e.what();
    if (orders_[index].status == OrderStatus::Submitted) {
      move(index, OrderStatus::Rejected, now, refusal);
    }
  }
}

ClientOrderId OrderManager::submit(const OrderRequest& request, Timestamp now,
                                   Decimal reference_price) {
  if (!request.client_order_id.empty()) {
    if (client_index(request.client_order_id)) return request.client_order_id;
  }
  const std::size_t index = create(request, now);
  const ClientOrderId client_id = orders_[index].client_order_id;
  if (!request.client_order_id.empty() && client_id.value().starts_with(kClientIdPrefix)) {
    // Assigned ids are "talon-<n>"; a caller's id with that prefix could collide with one.
    move(index, OrderStatus::Rejected, now,
         fmt::format("client_order_id prefix '{}' is reserved for ids talon assigns",
                     kClientIdPrefix));
    return client_id;
  }
  send(index, now, reference_price);
  return client_id;
}

std::string OrderManager::check_price_rules(Decimal price, const char* field) const {
  if (!price.is_positive()) return fmt::format("PRICE_FILTER: {} must be positive", field);
  if (round_to_step(price, instrument_.tick_size, Rounding::Down) != price) {
    return fmt::format("PRICE_FILTER: {} {} is not a multiple of the tick size {}", field,
                       price.to_string(), instrument_.tick_size.to_string());
  }
  return {};
}

std::string OrderManager::check(const Order& o, Decimal reference_price) const {
  if (instrument_.status != InstrumentStatus::Trading) {
    return fmt::format("instrument {} is {}", instrument_.symbol, to_string(instrument_.status));
  }
  const bool by_quote = o.quote_quantity.is_positive();
  if (by_quote == o.quantity.is_positive()) {
    return "exactly one of quantity and quote_quantity must be positive";
  }
  if (by_quote && (o.type != OrderType::Market ||
                   (o.side != OrderSide::Buy && !account_.can_short()) || o.reduce_only)) {
    return account_.can_short() ? "quote_quantity (a margin budget) is only allowed on a MARKET "
                                  "order that is not reduce-only"
                                : "quote_quantity is only allowed on a MARKET BUY";
  }
  if (o.time_in_force == TimeInForce::Gtx && o.type != OrderType::Limit) {
    return fmt::format("GTX: post-only is only allowed on LIMIT orders, not {}", to_string(o.type));
  }
  if (has_limit_price(o.type)) {
    if (auto why = check_price_rules(o.price, "price"); !why.empty()) return why;
  }
  if (is_conditional(o.type) && o.type != OrderType::TrailingStop) {
    if (auto why = check_price_rules(o.stop_price, "stop_price"); !why.empty()) return why;
  }
  if (o.type == OrderType::TrailingStop) {
    // Binance USDⓈ-M New Order: callbackRate min 0.1, max 10, where 1 for 1 %.
    if (o.callback_rate < Decimal::from_scaled(1, 1) || o.callback_rate > Decimal::from_int(10)) {
      return fmt::format("TRAILING: callback_rate {} must be in [0.1, 10] percent",
                         o.callback_rate.to_string());
    }
    if (!o.activation_price.is_zero()) {
      if (auto why = check_price_rules(o.activation_price, "activation_price"); !why.empty()) {
        return why;
      }
    }
  }
  const bool buy = o.side == OrderSide::Buy;
  if (!o.stop_loss.is_zero() || !o.take_profit.is_zero()) {
    if (o.reduce_only)
      return "attached stop_loss/take_profit need an entry, not a reduce-only order";
    if (!o.stop_loss.is_zero()) {
      if (auto why = check_price_rules(o.stop_loss, "stop_loss"); !why.empty()) return why;
    }
    if (!o.take_profit.is_zero()) {
      if (auto why = check_price_rules(o.take_profit, "take_profit"); !why.empty()) return why;
    }
    if (!o.stop_loss.is_zero() && !o.take_profit.is_zero() &&
        (buy ? o.stop_loss >= o.take_profit : o.stop_loss <= o.take_profit)) {
      return fmt::format("OCO: a {} entry needs stop_loss {} take_profit", to_string(o.side),
                         buy ? "<" : ">");
    }
  }
  if (!by_quote) {
    if (round_to_step(o.quantity, instrument_.lot_size, Rounding::Down) != o.quantity) {
      return fmt::format("LOT_SIZE: quantity {} is not a multiple of the lot size {}",
                         o.quantity.to_string(), instrument_.lot_size.to_string());
    }
    if (o.quantity < instrument_.min_quantity) {
      return fmt::format("LOT_SIZE: quantity {} is below the minimum {}", o.quantity.to_string(),
                         instrument_.min_quantity.to_string());
    }
    if (o.quantity > instrument_.max_quantity) {
      return fmt::format("LOT_SIZE: quantity {} is above the maximum {}", o.quantity.to_string(),
                         instrument_.max_quantity.to_string());
    }
  }
  // The price that values the order for NOTIONAL and balance checks.
  Decimal px = reference_price;
  if (has_limit_price(o.type)) {
    px = o.price;
  } else if (is_conditional(o.type) && o.type != OrderType::TrailingStop) {
    px = o.stop_price;
  }
  if (!by_quote && px.is_positive()) {
    const Decimal notional = mul(px, o.quantity, Rounding::HalfUp);
    if (notional < instrument_.min_notional) {
      return fmt::format("NOTIONAL: notional {} is below the minimum {}", notional.to_string(),
                         instrument_.min_notional.to_string());
    }
  }
  const Decimal pos = account_.position(o.position_side);
  if (o.reduce_only) {
    // Binance: a reduce-only order may only shrink the position it names.
    const bool reduces =
        buy ? pos.is_negative() || (o.position_side == PositionSide::Short && pos.is_positive())
            : (pos.is_positive() && o.position_side != PositionSide::Short);
    if (!reduces) {
      return fmt::format("ReduceOnly: a {} would not reduce the {} position {}", to_string(o.side),
                         to_string(o.position_side), pos.to_string());
    }
    if (o.quantity > pos.abs()) {
      return fmt::format("ReduceOnly: quantity {} exceeds the position {}", o.quantity.to_string(),
                         pos.abs().to_string());
    }
  }
  if (!account_.can_short()) {
    if (by_quote) {
      const Decimal free = account_.available_quote() - locked_cash();
      if (o.quote_quantity > free) {
        return fmt::format("insufficient balance: quote_quantity {} exceeds free cash {}",
                           o.quote_quantity.to_string(), free.to_string());
      }
    } else if (buy && has_limit_price(o.type)) {
      const Decimal cost = mul(o.price, o.quantity, Rounding::HalfUp);
      const Decimal free = account_.available_quote() - locked_cash();
      if (cost > free) {
        return fmt::format("insufficient balance: BUY {} at {} costs {}, free cash is {}",
                           o.quantity.to_string(), o.price.to_string(), cost.to_string(),
                           free.to_string());
      }
    } else if (!buy) {
      const Decimal free = pos - locked_base(&o);
      if (o.quantity > free) {
        return fmt::format("insufficient balance: sell {} exceeds free position {}",
                           o.quantity.to_string(), free.to_string());
      }
    }
    return {};
  }
  if (by_quote) {
    const Decimal free = account_.available_quote() - locked_cash();
    if (o.quote_quantity > free) {
      return fmt::format("insufficient margin: budget {} exceeds the available balance {}",
                         o.quote_quantity.to_string(), free.to_string());
    }
  }
  return account_.check_order(o, px);
}

Decimal OrderManager::locked_cash() const {
  Decimal locked;
  for (std::size_t i : open_) {
    const Order& o = orders_[i];
    if (o.status == OrderStatus::Pending) continue;
    if (o.quote_quantity.is_positive()) {
      locked += o.quote_quantity;
    } else if (o.side == OrderSide::Buy && has_limit_price(o.type) && !account_.can_short()) {
      locked += mul(o.price, o.quantity - o.filled_quantity, Rounding::HalfUp);
    }
  }
  return locked;
}

Decimal OrderManager::locked_base(const Order* for_order) const {
  Decimal locked;
  if (account_.can_short()) return locked;
  for (std::size_t i : open_) {
    const Order& o = orders_[i];
    if (o.status == OrderStatus::Pending || o.side != OrderSide::Sell) continue;
    // The two legs of an OCO pair share one reservation.
    if (for_order != nullptr && !for_order->oco_peer.is_nil() && o.id == for_order->oco_peer) {
      continue;
    }
    if (!o.oco_peer.is_nil()) {
      // An OCO pair reserves its quantity once: count the pair's first order only.
      const auto peer = std::lower_bound(ids_by_index_.begin(), ids_by_index_.end(), o.oco_peer);
      if (peer != ids_by_index_.end() && *peer == o.oco_peer) {
        const auto p = static_cast<std::size_t>(peer - ids_by_index_.begin());
        if (p < i && !is_terminal(orders_[p].status)) continue;
      }
    }
    locked += o.quantity - o.filled_quantity;
  }
  return locked;
}

std::optional<std::size_t> OrderManager::client_index(const ClientOrderId& client_id) const {
  const std::string& client_order_id = client_id.value();
  if (client_order_id.starts_with(kClientIdPrefix)) {
    const std::string_view n = std::string_view(client_order_id).substr(kClientIdPrefix.size());
    std::size_t k = 0;
    const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), k);
    if (ec == std::errc() && end == n.data() + n.size() && k >= 1 && k <= assigned_index_.size() &&
        n.front() != '0') {
      return assigned_index_[k - 1];
    }
  }
  const auto it = by_client_id_.find(client_id);
  if (it == by_client_id_.end()) return std::nullopt;
  return it->second;
}

std::vector<const Order*> OrderManager::open_orders() const {
  std::vector<const Order*> out;
  out.reserve(open_.size());
  for (std::size_t i : open_) out.push_back(&orders_[i]);
  return out;
}

const Order* OrderManager::find_client(const ClientOrderId& client_order_id) const {
  const auto index = client_index(client_order_id);
  return index ? &orders_[*index] : nullptr;
}

std::optional<std::size_t> OrderManager::find_index(const Uuid& id) const {
  const auto it = std::lower_bound(ids_by_index_.begin(), ids_by_index_.end(), id);
  if (it == ids_by_index_.end() || *it != id) return std::nullopt;
  return static_cast<std::size_t>(it - ids_by_index_.begin());
}

void OrderManager::move(std::size_t index, OrderStatus to, Timestamp at, std::string reason) {
  Order& order = orders_[index];
  const OrderStatus from = order.status;
  order.transition(to, at);
  if (!reason.empty()) order.reject_reason = reason;
  if (is_terminal(to)) {
    const auto it = std::lower_bound(open_.begin(), open_.end(), index);
    if (it != open_.end() && *it == index) open_.erase(it);
  }
  record(index, {order.id, from, to, at, std::move(reason)});
  if (on_update_) on_update_(orders_[index]);
}

void OrderManager::record(std::size_t index, OrderEvent event) {
  const Order& order = orders_[index];
  event.seq = next_seq_[index]++;
  event.order_created_at = order.created_at;
  if (journal_ == nullptr) {
    events_.push_back(std::move(event));
    return;
  }
  const bool finished = event.kind == OrderEventKind::Transition && is_terminal(event.to);
  journal_->on_order_event(event);
  if (finished) journal_->on_order(order);
}

void OrderManager::journal_open_orders() const {
  if (journal_ == nullptr) return;
  for (const std::size_t i : open_) journal_->on_order(orders_[i]);
}

void OrderManager::note(std::size_t index, OrderEventKind kind, Timestamp at, std::string reason) {
  const Order& o = orders_[index];
  record(index, {o.id, o.status, o.status, at, std::move(reason), kind});
}

RequestResult OrderManager::cancel(const ClientOrderId& client_order_id, Timestamp now) {
  const auto found = client_index(client_order_id);
  if (!found) return {false, "Unknown order sent: no order " + client_order_id.value()};
  const std::size_t index = *found;
  const Order& o = orders_[index];
  if (is_terminal(o.status)) {
    std::string why =
        fmt::format("order {} is already {}", client_order_id.value(), to_string(o.status));
    note(index, OrderEventKind::CancelRejected, now, why);
    return {false, why};
  }
  // Sent: the venue's answer, a refusal included, comes later as a report.
  try {
    venue_.cancel(o, now);
  } catch (const Error& e) {
    note(index, OrderEventKind::CancelRejected, now, e.what());
    return {false, e.what()};
  }
  return {true, {}};
}

RequestResult OrderManager::modify(const ClientOrderId& client_order_id, Decimal price,
                                   Decimal quantity, Timestamp now) {
  const auto found = client_index(client_order_id);
  if (!found) return {false, "Unknown order sent: no order " + client_order_id.value()};
  const std::size_t index = *found;
  auto refuse = [&](std::string why) {
    note(index, OrderEventKind::ModifyRejected, now, why);
    return RequestResult{false, std::move(why)};
  };
  const Order& o = orders_[index];
  if (is_terminal(o.status)) {
    return refuse(
        fmt::format("order {} is already {}", client_order_id.value(), to_string(o.status)));
  }
  if (o.type != OrderType::Limit) {
    return refuse(fmt::format("only LIMIT orders can be modified, this is {}", to_string(o.type)));
  }
  if (!price.is_zero()) {
    if (auto why = check_price_rules(price, "price"); !why.empty()) return refuse(why);
  }
  if (!quantity.is_zero()) {
    if (round_to_step(quantity, instrument_.lot_size, Rounding::Down) != quantity ||
        quantity < instrument_.min_quantity || quantity > instrument_.max_quantity) {
      return refuse(fmt::format("LOT_SIZE: quantity {} breaks lot {} min {} max {}",
                                quantity.to_string(), instrument_.lot_size.to_string(),
                                instrument_.min_quantity.to_string(),
                                instrument_.max_quantity.to_string()));
    }
    if (quantity <= o.filled_quantity) {
      return refuse(fmt::format("quantity {} must exceed the executed quantity {}",
                                quantity.to_string(), o.filled_quantity.to_string()));
    }
  }
  try {
    venue_.modify(o, price, quantity, now);
  } catch (const Error& e) {
    return refuse(e.what());
  }
  return {true, {}};
}

void OrderManager::on_order_accepted(std::size_t index, const VenueOrderId& venue_id,
                                     Timestamp at) {
  if (!venue_id.empty()) orders_[index].venue_order_id = venue_id;
  move(index, OrderStatus::New, at);
}

void OrderManager::on_order_rejected(std::size_t index, const std::string& reason, Timestamp at) {
  move(index, OrderStatus::Rejected, at, reason);
}

void OrderManager::on_order_expired(std::size_t index, const std::string& reason, Timestamp at) {
  move(index, OrderStatus::Expired, at, reason);
  spawn_attached(index, at);
}

void OrderManager::on_order_cancelled(std::size_t index, Timestamp at) {
  std::string reason = "cancelled";
  const Uuid order_id = orders_[index].id;
  if (auto it = pending_cancel_reason_.find(order_id); it != pending_cancel_reason_.end()) {
    reason = std::move(it->second);
    pending_cancel_reason_.erase(it);
  }
  move(index, OrderStatus::Cancelled, at, std::move(reason));
  spawn_attached(index, at);
}

void OrderManager::on_request_rejected(std::size_t index, bool cancel, const std::string& reason,
                                       Timestamp at) {
  if (cancel) pending_cancel_reason_.erase(orders_[index].id);
  note(index, cancel ? OrderEventKind::CancelRejected : OrderEventKind::ModifyRejected, at, reason);
}

void OrderManager::on_order_modified(std::size_t index, Decimal price, Decimal quantity,
                                     Timestamp at) {
  Order& o = orders_[index];
  std::string what = fmt::format("price {} -> {}, quantity {} -> {}", o.price.to_string(),
                                 price.to_string(), o.quantity.to_string(), quantity.to_string());
  o.price = price;
  o.quantity = quantity;
  o.updated_at = at;
  note(index, OrderEventKind::Modified, at, std::move(what));
  if (on_update_) on_update_(orders_[index]);
}

void OrderManager::on_order_triggered(std::size_t index, Decimal price, Timestamp at) {
  orders_[index].triggered = true;
  note(index, OrderEventKind::Triggered, at, "trigger reached at " + price.to_string());
}

void OrderManager::on_liquidation(PositionSide side, Decimal price, Timestamp at) {
  account_.liquidate(side, price, at);
  enforce_reduce_only(at);
}

void OrderManager::on_fill(std::size_t index, const Fill& fill) {
  account_.apply_fill(fill, orders_[index]);
  if (journal_ != nullptr) {
    journal_->on_fill(fill);
  } else {
    fills_.push_back(fill);
  }
  Order& order = orders_[index];
  order.filled_quantity += fill.quantity;
  order.filled_quote += mul(fill.price, fill.quantity, Rounding::HalfUp);
  order.fees += fill.fee;
  const bool by_quote = order.quote_quantity.is_positive();
  const bool complete = by_quote || order.filled_quantity >= order.quantity;
  if (by_quote) order.quantity = order.filled_quantity;
  const Uuid peer = order.oco_peer;
  move(index, complete ? OrderStatus::Filled : OrderStatus::PartiallyFilled, fill.executed_at);
  // One-cancels-other: the first fill of either leg cancels the other.
  if (!peer.is_nil()) {
    const auto p = find_index(peer);
    if (p && !is_terminal(orders_[*p].status) && pending_cancel_reason_.count(peer) == 0) {
      pending_cancel_reason_[peer] =
          "OCO: peer " + orders_[index].client_order_id.value() + " executed";
      venue_.cancel(orders_[*p], fill.executed_at);
    }
  }
  if (complete) spawn_attached(index, fill.executed_at);
  enforce_reduce_only(fill.executed_at);
}

std::optional<std::size_t> OrderManager::report_index(const ReportHeader& h) const {
  if (!h.order_id.is_nil()) {
    if (auto i = find_index(h.order_id)) return i;
  }
  if (!h.client_order_id.empty()) return client_index(h.client_order_id);
  return std::nullopt;
}

void OrderManager::record_unknown(const ExecutionReport& report) {
  ++unknown_count_;
  if (unknown_.size() < 1000) unknown_.push_back(report);
}

void OrderManager::adopt(const OrderStatusReport& report) {
  // An order the venue holds that this run did not create: take it over as it is, so that
  // its later reports (fills, cancellation) are booked like any other order's.
  Order order = report.order;
  order.id = ids_.next(report.ts_event.unix_ms());
  order.client_order_id = report.client_order_id;
  order.venue_order_id = report.venue_order_id;
  order.instrument = instrument_id_;
  order.symbol = instrument_.symbol;
  const std::size_t index = orders_.size();
  by_client_id_.emplace(order.client_order_id, index);
  ids_by_index_.push_back(order.id);
  const OrderStatus status = order.status;
  orders_.push_back(std::move(order));
  if (!is_terminal(status)) open_.push_back(index);
  next_seq_.push_back(0);
  record(index, {orders_[index].id, status, status, report.ts_event,
                 "adopted: reported by the venue, not created by this run"});
}

void OrderManager::apply(const ExecutionReport& report) {
  if (const auto* liq = std::get_if<PositionLiquidated>(&report)) {
    on_liquidation(liq->side, liq->price, liq->ts_event);
    return;
  }
  const ReportHeader& h = header_of(report);
  const auto found = report_index(h);
  if (!found) {
    if (const auto* status = std::get_if<OrderStatusReport>(&report);
        status != nullptr && !status->client_order_id.empty()) {
      adopt(*status);
    } else {
      record_unknown(report);
    }
    return;
  }
  const std::size_t i = *found;
  const Timestamp at = h.ts_event;
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, OrderAccepted>) {
          on_order_accepted(i, r.venue_order_id, at);
        } else if constexpr (std::is_same_v<T, OrderRejected>) {
          on_order_rejected(i, r.reason, at);
        } else if constexpr (std::is_same_v<T, OrderFilled>) {
          on_fill(i, r.fill);
        } else if constexpr (std::is_same_v<T, OrderCancelled>) {
          on_order_cancelled(i, at);
        } else if constexpr (std::is_same_v<T, OrderExpired>) {
          on_order_expired(i, r.reason, at);
        } else if constexpr (std::is_same_v<T, OrderTriggered>) {
          on_order_triggered(i, r.price, at);
        } else if constexpr (std::is_same_v<T, OrderModified>) {
          on_order_modified(i, r.price, r.quantity, at);
        } else if constexpr (std::is_same_v<T, RequestRejected>) {
          on_request_rejected(i, r.request == RequestRejected::Request::Cancel, r.reason, at);
        } else if constexpr (std::is_same_v<T, OrderStatusReport>) {
          // A query's answer about a known order: nothing changes unless the venue moved on
          // without telling us (reconciliation compares it; issue of the live runtime).
          (void)r;
        }
      },
      report);
}

void OrderManager::spawn_attached(std::size_t entry, Timestamp at) {
  const Order e = orders_[entry];
  if (e.filled_quantity.is_zero() || (e.stop_loss.is_zero() && e.take_profit.is_zero())) return;
  const OrderSide exit_side = e.side == OrderSide::Buy ? OrderSide::Sell : OrderSide::Buy;
  // In hedge mode the exit names the same position side as the entry.
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t sl = none;
  std::size_t tp = none;
  auto child = [&](OrderType type, Decimal trigger, const char* suffix) {
    OrderRequest r;
    r.client_order_id = ClientOrderId(e.client_order_id.value() + suffix);
    r.side = exit_side;
    r.type = type;
    r.quantity = e.filled_quantity;
    r.stop_price = trigger;
    r.reduce_only = true;
    r.position_side = e.position_side;
    const std::size_t i = create(r, at);
    orders_[i].parent_id = e.id;
    return i;
  };
  if (!e.stop_loss.is_zero()) sl = child(OrderType::StopMarket, e.stop_loss, "-sl");
  if (!e.take_profit.is_zero()) tp = child(OrderType::TakeProfit, e.take_profit, "-tp");
  if (sl != none && tp != none) {
    orders_[sl].oco_peer = orders_[tp].id;
    orders_[tp].oco_peer = orders_[sl].id;
  }
  if (sl != none) send(sl, at, {});
  if (tp != none && !is_terminal(orders_[tp].status)) send(tp, at, {});
}

void OrderManager::enforce_reduce_only(Timestamp at) {
  // Binance: reduce-only orders are cancelled once the position they reduce is gone or has
  // flipped (positions can change by other orders, liquidation, the OCO peer).
  const std::vector<std::size_t> open = open_;
  for (std::size_t i : open) {
    const Order& o = orders_[i];
    if (!o.reduce_only || is_terminal(o.status) || o.status == OrderStatus::Pending) continue;
    if (pending_cancel_reason_.count(o.id) != 0) continue;  // a cancel is already on its way
    const Decimal pos = account_.position(o.position_side);
    const bool buy = o.side == OrderSide::Buy;
    const bool reduces = o.position_side == PositionSide::Both
                             ? (buy ? pos.is_negative() : pos.is_positive())
                             : pos.is_positive();
    if (reduces) continue;
    pending_cancel_reason_[o.id] =
        "ReduceOnly: position " + pos.to_string() + " no longer reducible";
    venue_.cancel(o, at);
  }
}

}  // namespace talon
