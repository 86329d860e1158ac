#include <fmt/format.h>

#include <algorithm>

#include <talon/core/error.hpp>
#include <talon/venue/simulated_venue.hpp>

namespace talon {
namespace {

bool is_buy(const Order& o) {
  return o.side == OrderSide::Buy;
}

// A limit order (or a triggered stop-limit) executes at `p` when p <= limit for a BUY and
// p >= limit for a SELL.
bool limit_ok(const Order& o, Decimal p) {
  return is_buy(o) ? p <= o.price : p >= o.price;
}

bool is_stop_family(OrderType t) {
  return t == OrderType::StopMarket || t == OrderType::StopLimit;
}

}  // namespace

Decimal taker_fee(Decimal notional, Decimal fee_bps) {
  return apply_bps(notional, fee_bps, Rounding::HalfUp);
}

Decimal max_quantity_for_budget(Decimal budget, Decimal price, Decimal fee_bps, Decimal lot) {
  if (!price.is_positive() || !budget.is_positive()) return {};
  // Cost per unit including fee is price * (1 + bps/10^4); start from the exact quotient
  // rounded down to the lot, then step down while fee rounding pushes the cost over.
  const Decimal unit_cost = price + apply_bps(price, fee_bps, Rounding::Up);
  Decimal q = round_to_step(div(budget, unit_cost, Rounding::Down), lot, Rounding::Down);
  while (q.is_positive()) {
    const Decimal notional = mul(price, q, Rounding::HalfUp);
    if (notional + taker_fee(notional, fee_bps) <= budget) break;
    q -= lot;
  }
  return q.is_positive() ? q : Decimal{};
}

Decimal max_quantity_for_margin(Decimal budget, Decimal price, Decimal fee_bps, int leverage,
                                Decimal lot) {
  if (!price.is_positive() || !budget.is_positive() || leverage < 1) return {};
  const Decimal L = Decimal::from_int(leverage);
  // price × (1 + L × fee) with fee = bps / 10^4: price + price × L × bps / 10^4, exact.
  const Decimal per_unit =
      price + apply_bps(mul(price, L, Rounding::HalfUp), fee_bps, Rounding::Up);
  const Decimal q = round_to_step(div(mul(budget, L, Rounding::Down), per_unit, Rounding::Down),
                                  lot, Rounding::Down);
  return q.is_positive() ? q : Decimal{};
}

SimulatedVenue::SimulatedVenue(const Instrument& instrument, SimulatedVenueConfig config)
    : instrument_(instrument), instrument_id_(instrument.id()), config_(config) {
  if (config_.taker_fee_bps.is_negative() || config_.maker_fee_bps.is_negative()) {
    throw InvalidArgument(fmt::format("fees must not be negative, got taker {} maker {} bps",
                                      config_.taker_fee_bps.to_string(),
                                      config_.maker_fee_bps.to_string()));
  }
  if (config_.slippage_bps.is_negative()) {
    throw InvalidArgument("slippage must not be negative, got " + config_.slippage_bps.to_string() +
                          " bps");
  }
  if (config_.leverage < 1 || config_.leverage > 125) {
    throw InvalidArgument(fmt::format("leverage {} outside 1..125", config_.leverage));
  }
  if (config_.max_volume_fraction.is_negative() ||
      config_.max_volume_fraction > Decimal::from_int(1)) {
    throw InvalidArgument("max_volume_fraction must be in [0, 1], got " +
                          config_.max_volume_fraction.to_string());
  }
}

void SimulatedVenue::submit(const Order& order, Timestamp at) {
  Working w;
  w.order = order;
  w.order.venue_order_id = out_.next_venue_order_id();
  w.remaining = order.quantity - order.filled_quantity;
  w.seq = next_seq_++;
  if (!in_event_) {
    arrivals_.push_back(std::move(w));
    return;
  }
  working_.push_back(std::move(w));
  arrive(working_.size() - 1, at);
}

SimulatedVenue::Working* SimulatedVenue::find_open(const Uuid& order_id) {
  for (auto* list : {&arrivals_, &due_, &working_}) {
    for (Working& w : *list) {
      if (!w.done && w.order.id == order_id) return &w;
    }
  }
  return nullptr;
}

void SimulatedVenue::cancel(const Order& order, Timestamp at) {
  if (Working* w = find_open(order.id)) {
    w->done = true;
    out_.cancelled(w->order, at);
    if (!in_event_) compact();
    return;
  }
  out_.request_rejected(order, RequestRejected::Request::Cancel, "Unknown order sent (-2011)", at);
}

void SimulatedVenue::cancel_all(const InstrumentId&, Timestamp at) {
  for (auto* list : {&arrivals_, &due_, &working_}) {
    for (Working& w : *list) {
      if (w.done) continue;
      w.done = true;
      out_.cancelled(w.order, at);
    }
  }
  if (!in_event_) compact();
}

void SimulatedVenue::query_order(const Order& order, Timestamp at) {
  if (const Working* w = find_open(order.id)) return out_.status(w->order, at);
  out_.request_rejected(order, RequestRejected::Request::Query,
                        "Order does not exist (-2013): not open at the venue", at);
}

std::vector<OrderStatusReport> SimulatedVenue::open_orders(const InstrumentId&) const {
  std::vector<OrderStatusReport> out;
  for (const auto* list : {&arrivals_, &due_, &working_}) {
    for (const Working& w : *list) {
      if (w.done) continue;
      OrderStatusReport r;
      r.instrument = w.order.instrument;
      r.order_id = w.order.id;
      r.client_order_id = w.order.client_order_id;
      r.venue_order_id = w.order.venue_order_id;
      r.order = w.order;
      out.push_back(std::move(r));
    }
  }
  return out;
}

void SimulatedVenue::modify(const Order& order, Decimal price, Decimal quantity, Timestamp at) {
  auto refuse = [&](const std::string& why) {
    out_.request_rejected(order, RequestRejected::Request::Modify, why, at);
  };
  Working* found = find_open(order.id);
  if (found == nullptr) return refuse("Unknown order sent (-2011)");
  Working& w = *found;
  if (w.order.type != OrderType::Limit) {
    return refuse(
        fmt::format("only LIMIT orders can be modified, this is {}", to_string(w.order.type)));
  }
  const Decimal new_price = price.is_zero() ? w.order.price : price;
  const Decimal new_qty = quantity.is_zero() ? w.order.quantity : quantity;
  if (new_qty <= w.order.filled_quantity) {
    return refuse(fmt::format("quantity {} must exceed the executed quantity {}",
                              new_qty.to_string(), w.order.filled_quantity.to_string()));
  }
  Working moved = w;
  w.done = true;
  moved.order.price = new_price;
  moved.order.quantity = new_qty;
  moved.remaining = new_qty - moved.order.filled_quantity;
  moved.seq = next_seq_++;  // a modified order loses its time priority
  out_.modified(moved.order, new_price, new_qty, at);
  if (in_event_) {
    working_.push_back(std::move(moved));
    arrive(working_.size() - 1, at);
  } else {
    arrivals_.push_back(std::move(moved));
    compact();
  }
}

Decimal SimulatedVenue::slipped(bool buy, Decimal reference) const {
  if (config_.slippage_bps.is_zero()) return reference;
  const Decimal moved = apply_bps(reference, config_.slippage_bps, Rounding::Up);
  return buy ? round_to_step(reference + moved, instrument_.tick_size, Rounding::Up)
             : round_to_step(reference - moved, instrument_.tick_size, Rounding::Down);
}

Decimal SimulatedVenue::trailing_trigger(const Working& w) const {
  // rate is in percent: trigger = extreme × (100 ∓ rate) / 100, on the tick grid.
  const Decimal hundred = Decimal::from_int(100);
  if (is_buy(w.order)) {
    const Decimal raw =
        div(mul(w.extreme, hundred + w.order.callback_rate, Rounding::Up), hundred, Rounding::Up);
    return round_to_step(raw, instrument_.tick_size, Rounding::Up);
  }
  const Decimal raw =
      div(mul(w.extreme, hundred - w.order.callback_rate, Rounding::Down), hundred, Rounding::Down);
  return round_to_step(raw, instrument_.tick_size, Rounding::Down);
}

void SimulatedVenue::update_trailing(Decimal p) {
  for (Working& w : working_) {
    if (w.done || w.order.type != OrderType::TrailingStop) continue;
    const bool buy = is_buy(w.order);
    if (!w.active) {
      const Decimal a = w.order.activation_price;
      if (a.is_zero() || (buy ? p <= a : p >= a)) {
        w.active = true;
        w.extreme = p;
      }
      continue;
    }
    if (buy ? p < w.extreme : p > w.extreme) w.extreme = p;
  }
}

void SimulatedVenue::arrive(std::size_t i, Timestamp at) {
  const Decimal p = cur_;
  Working& w = working_[i];
  const Order& o = w.order;
  if (is_conditional(o.type)) {
    if (o.type == OrderType::TrailingStop) {
      const Decimal a = o.activation_price;
      if (!a.is_zero() && !w.acked && (is_buy(o) ? p <= a : p >= a)) {
        return reject(i,
                      fmt::format("Order would immediately trigger (-2021): {} TRAILING_STOP "
                                  "activation price {} already passed at price {}",
                                  to_string(o.side), a.to_string(), p.to_string()),
                      at);
      }
      if (a.is_zero() || (is_buy(o) ? p <= a : p >= a)) {
        w.active = true;
        w.extreme = p;
      }
    } else if (!o.triggered && touch(w, p, p, false).has_value()) {
      return reject(i,
                    fmt::format("Order would immediately trigger (-2021): {} {} stop {} at "
                                "price {}",
                                to_string(o.side), to_string(o.type), o.stop_price.to_string(),
                                p.to_string()),
                    at);
    }
    if (!w.acked) {
      w.acked = true;
      out_.accepted(w.order, at);
    }
    return;
  }
  if (o.type == OrderType::Limit) {
    const bool marketable = limit_ok(o, p);
    if (o.time_in_force == TimeInForce::Gtx && marketable) {
      const std::string why = fmt::format("GTX post-only: {} limit {} would take liquidity at {}",
                                          to_string(o.side), o.price.to_string(), p.to_string());
      return w.acked ? expire(i, why, at) : reject(i, why, at);
    }
    if (!w.acked) {
      w.acked = true;
      out_.accepted(w.order, at);
    }
    const TimeInForce tif = working_[i].order.time_in_force;
    if (!marketable) {
      if (tif == TimeInForce::Ioc || tif == TimeInForce::Fok) {
        expire(i, fmt::format("{}: no immediate match at {}", to_string(tif), p.to_string()), at);
      }
      return;
    }
    const Decimal remaining = working_[i].remaining;
    if (tif == TimeInForce::Fok && capped_ && capacity_ < remaining) {
      return expire(i,
                    fmt::format("FOK: only {} of {} can fill at once", capacity_.to_string(),
                                remaining.to_string()),
                    at);
    }
    const Decimal limit = working_[i].order.price;
    const bool buy = is_buy(working_[i].order);
    const Decimal px = buy ? std::min(slipped(true, p), limit) : std::max(slipped(false, p), limit);
    execute(i, px, remaining, Liquidity::Taker, at);
    if (!working_[i].done && (tif == TimeInForce::Ioc || tif == TimeInForce::Fok)) {
      expire(i,
             fmt::format("{}: remainder {} expired", to_string(tif),
                         working_[i].remaining.to_string()),
             at);
    }
    return;
  }
  // MARKET
  if (!w.acked) {
    w.acked = true;
    out_.accepted(w.order, at);
  }
  fill_market(i, p, at);
}

void SimulatedVenue::fill_market(std::size_t i, Decimal reference, Timestamp at) {
  const Order o = working_[i].order;
  const Decimal price = slipped(is_buy(o), reference);
  Decimal quantity = working_[i].remaining;
  if (o.quote_quantity.is_positive()) {
    quantity = instrument_.asset_type == AssetType::Perpetual
                   ? max_quantity_for_margin(o.quote_quantity, price, config_.taker_fee_bps,
                                             config_.leverage, instrument_.lot_size)
                   : max_quantity_for_budget(o.quote_quantity, price, config_.taker_fee_bps,
                                             instrument_.lot_size);
  }
  const Decimal notional = mul(price, quantity, Rounding::HalfUp);
  if (quantity < instrument_.min_quantity || quantity.is_zero()) {
    return expire(
        i,
        fmt::format("LOT_SIZE: quantity {} at price {} is below the minimum {}",
                    quantity.to_string(), price.to_string(), instrument_.min_quantity.to_string()),
        at);
  }
  if (notional < instrument_.min_notional) {
    return expire(i,
                  fmt::format("NOTIONAL: notional {} is below the minimum {}", notional.to_string(),
                              instrument_.min_notional.to_string()),
                  at);
  }
  if (o.quote_quantity.is_positive()) working_[i].remaining = quantity;
  execute(i, price, quantity, Liquidity::Taker, at);
  if (!working_[i].done) {
    expire(i,
           fmt::format("MARKET: remainder {} found no volume", working_[i].remaining.to_string()),
           at);
  }
}

Decimal SimulatedVenue::execute(std::size_t i, Decimal price, Decimal quantity, Liquidity liquidity,
                                Timestamp at) {
  Decimal q = quantity;
  const bool capped = capped_ && (!cap_makers_only_ || liquidity == Liquidity::Maker);
  if (capped) q = std::min(q, round_to_step(capacity_, instrument_.lot_size, Rounding::Down));
  if (!q.is_positive()) return {};
  if (capped) capacity_ -= q;
  Working& w = working_[i];
  w.remaining -= q;
  w.order.filled_quantity += q;
  if (w.remaining.is_zero()) w.done = true;
  const Decimal bps = liquidity == Liquidity::Maker ? config_.maker_fee_bps : config_.taker_fee_bps;
  Fill fill;
  fill.id = ids_.next(at.unix_ms());
  fill.order_id = w.order.id;
  fill.symbol = w.order.symbol;
  fill.instrument = w.order.instrument;
  fill.trade_id = out_.next_trade_id();
  fill.venue_order_id = w.order.venue_order_id;
  fill.side = w.order.side;
  fill.price = price;
  fill.quantity = q;
  if (config_.buy_fee_in_base && is_buy(w.order)) {
    fill.fee = apply_bps(q, bps, Rounding::HalfUp);
    fill.fee_currency = instrument_.base_currency;
  } else {
    fill.fee = apply_bps(mul(price, q, Rounding::HalfUp), bps, Rounding::HalfUp);
    fill.fee_currency = instrument_.quote_currency;
  }
  fill.liquidity = liquidity;
  fill.executed_at = at;
  out_.filled(w.order, std::move(fill));
  return q;
}

void SimulatedVenue::expire(std::size_t i, const std::string& why, Timestamp at) {
  working_[i].done = true;
  out_.expired(working_[i].order, why, at);
}

void SimulatedVenue::reject(std::size_t i, const std::string& why, Timestamp at) {
  working_[i].done = true;
  out_.rejected(working_[i].order, why, at);
}

std::optional<Decimal> SimulatedVenue::touch(const Working& w, Decimal from, Decimal to,
                                             bool continuous) const {
  if (w.done) return std::nullopt;
  const Order& o = w.order;
  const bool buy = is_buy(o);
  if (is_conditional(o.type) && !o.triggered) {
    Decimal level;
    bool up;  // true: condition is price >= level
    if (o.type == OrderType::TrailingStop) {
      if (!w.active) return std::nullopt;
      level = trailing_trigger(w);
      up = buy;
    } else {
      level = o.stop_price;
      up = is_stop_family(o.type) ? buy : !buy;
    }
    auto hit = [&](Decimal p) { return up ? p >= level : p <= level; };
    if (!continuous) return hit(to) ? std::optional<Decimal>(to) : std::nullopt;
    if (hit(from)) return from;
    if (hit(to)) return level;
    return std::nullopt;
  }
  if (!has_limit_price(o.type)) return std::nullopt;  // triggered markets act at once
  if (capped_ && capacity_ < instrument_.lot_size) return std::nullopt;
  if (!continuous) return limit_ok(o, to) ? std::optional<Decimal>(to) : std::nullopt;
  if (limit_ok(o, from)) return from;
  if (limit_ok(o, to)) return o.price;
  return std::nullopt;
}

void SimulatedVenue::act(std::size_t i, Decimal point, Timestamp at) {
  Working& w = working_[i];
  if (is_conditional(w.order.type) && !w.order.triggered) {
    w.order.triggered = true;
    out_.triggered(w.order, point, at);
    if (!has_limit_price(working_[i].order.type)) return fill_market(i, point, at);
    // A stop-limit becomes a limit: taker at the trigger point when marketable there.
    const Order& o = working_[i].order;
    if (limit_ok(o, point)) {
      const Decimal px = is_buy(o) ? std::min(slipped(true, point), o.price)
                                   : std::max(slipped(false, point), o.price);
      execute(i, px, working_[i].remaining, Liquidity::Taker, at);
    }
    return;
  }
  // A resting limit reached by the path: maker at its own price.
  execute(i, w.order.price, w.remaining, Liquidity::Maker, at);
}

bool SimulatedVenue::walk(Decimal to, bool continuous, Timestamp at) {
  if (continuous) update_trailing(cur_);
  Decimal cur = cur_;
  for (;;) {
    std::size_t best = working_.size();
    std::optional<Decimal> best_point;
    Decimal best_dist;
    for (std::size_t i = 0; i < working_.size(); ++i) {
      const auto t = touch(working_[i], cur, to, continuous);
      if (!t) continue;
      const Decimal dist = (*t - cur).abs();
      if (!best_point || dist < best_dist) {  // ties: lower index = earlier submission
        best = i;
        best_point = t;
        best_dist = dist;
      }
    }
    // Liquidation acts before orders at the same point: the exchange checks margin first.
    std::optional<LiquidationLevel> liq;
    if (liquidation_ != nullptr) {
      levels_.clear();
      liquidation_->liquidation_levels(levels_);
      for (const LiquidationLevel& l : levels_) {
        if (std::find(liquidated_.begin(), liquidated_.end(), l.side) != liquidated_.end()) {
          continue;
        }
        auto hit = [&](Decimal p) { return l.is_long ? p <= l.price : p >= l.price; };
        std::optional<Decimal> t;
        if (!continuous) {
          if (hit(to)) t = to;
        } else if (hit(cur)) {
          t = cur;
        } else if (hit(to)) {
          t = l.price;
        }
        if (!t) continue;
        const Decimal dist = (*t - cur).abs();
        if (!best_point || dist <= best_dist) {
          best_point = t;
          best_dist = dist;
          liq = l;
          liq->price = *t;
        }
      }
    }
    if (!best_point) break;
    cur = *best_point;
    cur_ = cur;
    if (liq) {
      liquidated_.push_back(liq->side);
      out_.liquidated(instrument_id_, liq->side, liq->price, at);
      return false;
    }
    // Orders acting at the same point act in submission order.
    std::size_t first = best;
    for (std::size_t i = 0; i < working_.size(); ++i) {
      if (i == best) continue;
      const auto t = touch(working_[i], cur, cur, false);
      if (t && *t == cur && working_[i].seq < working_[first].seq) first = i;
    }
    act(first, cur, at);
    if (out_.emitted()) return false;
  }
  cur_ = to;
  update_trailing(to);
  return true;
}

void SimulatedVenue::compact() {
  auto gone = [](const Working& w) { return w.done; };
  working_.erase(std::remove_if(working_.begin(), working_.end(), gone), working_.end());
  arrivals_.erase(std::remove_if(arrivals_.begin(), arrivals_.end(), gone), arrivals_.end());
}

void SimulatedVenue::begin(const MarketEvent& event) {
  if (const Bar* bar = std::get_if<Bar>(&event)) return begin_bar(*bar);
  if (const TradeTick* trade = std::get_if<TradeTick>(&event)) return begin_trade(*trade);
}

void SimulatedVenue::begin_bar(const Bar& bar) {
  if (arrivals_.empty() && working_.empty() && liquidation_ == nullptr) {
    cur_ = bar.close;
    phase_ = Phase::Idle;
    return;
  }
  in_event_ = true;
  trade_event_ = false;
  capped_ = config_.max_volume_fraction.is_positive();
  if (capped_) capacity_ = mul(bar.volume, config_.max_volume_fraction, Rounding::Down);
  // Orders already working see the open first (a gap), then the new arrivals.
  cur_ = bar.open;
  const bool high_first = (bar.high - bar.open) < (bar.open - bar.low);
  path_[0] = {high_first ? bar.high : bar.low, true};
  path_[1] = {high_first ? bar.low : bar.high, true};
  path_[2] = {bar.close, true};
  legs_ = 3;
  arrive_at_ = bar.open_time;
  path_at_ = bar.close_time;
  phase_ = Phase::Gap;
  liquidated_.clear();
}

void SimulatedVenue::begin_trade(const TradeTick& trade) {
  in_event_ = true;
  trade_event_ = true;
  trade_quantity_ = trade.quantity;
  cur_ = trade.price;
  path_[0] = {trade.price, false};
  legs_ = 1;
  arrive_at_ = path_at_ = trade.at;
  due_.swap(arrivals_);  // both keep their capacity: no allocation per event
  next_due_ = 0;
  phase_ = Phase::Arrivals;
  liquidated_.clear();
}

bool SimulatedVenue::step() {
  out_.clear_emitted();
  for (;;) {
    switch (phase_) {
      case Phase::Idle: return false;
      case Phase::Gap:
        if (!walk(cur_, false, arrive_at_)) return true;
        liquidated_.clear();
        due_.swap(arrivals_);
        next_due_ = 0;
        phase_ = Phase::Arrivals;
        break;
      case Phase::Arrivals:
        while (next_due_ < due_.size()) {
          Working& w = due_[next_due_++];
          if (w.done) continue;
          working_.push_back(std::move(w));
          arrive(working_.size() - 1, arrive_at_);
          if (out_.emitted()) return true;
        }
        due_.clear();
        next_due_ = 0;
        if (trade_event_) {
          // Resting orders may take at most the traded quantity; takers are not limited.
          capped_ = true;
          cap_makers_only_ = true;
          capacity_ = trade_quantity_;
        }
        phase_ = Phase::Legs;
        leg_ = 0;
        break;
      case Phase::Legs:
        while (leg_ < legs_) {
          if (!walk(path_[leg_].to, path_[leg_].continuous, path_at_)) return true;
          ++leg_;
          liquidated_.clear();
        }
        finish_event();
        return false;
    }
  }
}

void SimulatedVenue::finish_event() {
  phase_ = Phase::Idle;
  in_event_ = false;
  capped_ = false;
  cap_makers_only_ = false;
  compact();
}

}  // namespace talon
