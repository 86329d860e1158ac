#include <fmt/format.h>

#include <algorithm>

#include <talon/core/error.hpp>
#include <talon/venue/book_venue.hpp>

namespace talon {

BookVenue::BookVenue(const Instrument& instrument, BookVenueConfig config)
    : instrument_(instrument), instrument_id_(instrument.id()), config_(config) {
  if (config_.maker_fee_bps.is_negative() || config_.taker_fee_bps.is_negative()) {
    throw InvalidArgument("book venue fees must not be negative");
  }
  if (config_.latency_ns < 0) {
    throw InvalidArgument(
        fmt::format("latency must not be negative, got {} ns", config_.latency_ns));
  }
}

void BookVenue::submit(const Order& order, Timestamp at) {
  in_flight_.push_back({Timestamp::from_ns(at.ns + config_.latency_ns), false, order});
  in_flight_.back().order.venue_order_id = out_.next_venue_order_id();
}

void BookVenue::cancel(const Order& order, Timestamp at) {
  in_flight_.push_back({Timestamp::from_ns(at.ns + config_.latency_ns), true, order});
}

void BookVenue::begin(const MarketEvent& event) {
  if (const auto* d = std::get_if<DepthUpdate>(&event)) {
    on_depth(*d);
  } else if (const auto* t = std::get_if<TradeTick>(&event)) {
    on_trade(*t);
  } else if (const auto* snap = std::get_if<DepthSnapshot>(&event)) {
    advance_to(snap->at);
    load_snapshot(*snap);
  }
}

void BookVenue::load_snapshot(const DepthSnapshot& snapshot) {
  book_.load(snapshot);
}

void BookVenue::advance_to(Timestamp t) {
  while (!in_flight_.empty() && in_flight_.front().arrive_at <= t) {
    InFlight f = std::move(in_flight_.front());
    in_flight_.pop_front();
    if (f.is_cancel) {
      arrive_cancel(f.order, f.arrive_at);
    } else {
      arrive(f.order, f.arrive_at);
    }
  }
}

std::optional<Decimal> BookVenue::queue_ahead(const Uuid& order_id) const {
  for (const Resting& r : resting_) {
    if (r.order.id == order_id) return r.ahead;
  }
  return std::nullopt;
}

void BookVenue::fill(const Order& order, Decimal price, Decimal quantity, Liquidity liquidity,
                     Timestamp at) {
  Fill f;
  f.id = ids_.next(at.unix_ms());
  f.order_id = order.id;
  f.symbol = order.symbol;
  f.instrument = order.instrument;
  f.trade_id = out_.next_trade_id();
  f.venue_order_id = order.venue_order_id;
  f.side = order.side;
  f.price = price;
  f.quantity = quantity;
  const Decimal bps = liquidity == Liquidity::Maker ? config_.maker_fee_bps : config_.taker_fee_bps;
  f.fee = apply_bps(mul(price, quantity, Rounding::HalfUp), bps, Rounding::HalfUp);
  f.fee_currency = instrument_.quote_currency;
  f.liquidity = liquidity;
  f.executed_at = at;
  out_.filled(order, std::move(f));
}

// Takes liquidity for `order` up to `quantity` (and its limit price, if any), level by level
// from the best. With dry_run, only returns what could be taken.
Decimal BookVenue::take(const Order& order, Decimal quantity, Timestamp at, bool dry_run) {
  const bool buy = order.side == OrderSide::Buy;
  const bool limited = order.type == OrderType::Limit;
  const std::vector<BookLevel>& side = buy ? book_.asks() : book_.bids();
  Decimal taken;
  // Walk from the best (the back) towards worse prices; collect before mutating the book.
  std::vector<BookLevel> fills;
  for (auto it = side.rbegin(); it != side.rend() && taken < quantity; ++it) {
    if (limited && (buy ? it->price > order.price : it->price < order.price)) break;
    const Decimal q = std::min(quantity - taken, it->quantity);
    fills.push_back({it->price, q});
    taken += q;
  }
  if (dry_run) return taken;
  for (const BookLevel& l : fills) {
    book_.set(!buy, l.price, book_.quantity_at(!buy, l.price) - l.quantity);
  }
  for (const BookLevel& l : fills) fill(order, l.price, l.quantity, Liquidity::Taker, at);
  return taken;
}

void BookVenue::arrive(const Order& order, Timestamp at) {
  auto reject = [&](const std::string& why) { out_.rejected(order, why, at); };
  auto expire = [&](const std::string& why) { out_.expired(order, why, at); };
  if (order.type != OrderType::Market && order.type != OrderType::Limit) {
    return reject(fmt::format("book mode does not support {} orders", to_string(order.type)));
  }
  if (order.quote_quantity.is_positive()) {
    return reject("book mode does not support quote_quantity orders");
  }
  const bool buy = order.side == OrderSide::Buy;
  const auto best = buy ? book_.best_ask() : book_.best_bid();
  const bool marketable = order.type == OrderType::Market ||
                          (best && (buy ? best->price <= order.price : best->price >= order.price));
  const Decimal wanted = order.quantity - order.filled_quantity;
  if (order.time_in_force == TimeInForce::Gtx && marketable) {
    return reject(fmt::format("GTX post-only: {} limit {} would take liquidity at {}",
                              to_string(order.side), order.price.to_string(),
                              best ? best->price.to_string() : std::string("an empty book")));
  }
  out_.accepted(order, at);
  Decimal taken;
  if (marketable) {
    if (order.time_in_force == TimeInForce::Fok && take(order, wanted, at, true) < wanted) {
      return expire("FOK: the book cannot fill the whole quantity at once");
    }
    taken = take(order, wanted, at, false);
  }
  const Decimal left = wanted - taken;
  if (left.is_zero()) return;
  if (order.type == OrderType::Market || order.time_in_force == TimeInForce::Ioc ||
      order.time_in_force == TimeInForce::Fok) {
    return expire(
        fmt::format("{}: remainder {} expired",
                    order.type == OrderType::Market ? "MARKET" : to_string(order.time_in_force),
                    left.to_string()));
  }
  Resting r;
  r.order = order;
  r.order.filled_quantity += taken;
  r.remaining = left;
  r.ahead = book_.quantity_at(buy, order.price);
  resting_.push_back(std::move(r));
}

void BookVenue::arrive_cancel(const Order& order, Timestamp at) {
  for (Resting& r : resting_) {
    if (r.order.id != order.id || r.remaining.is_zero()) continue;
    r.remaining = {};
    const Order cancelled = r.order;
    sweep_done();
    out_.cancelled(cancelled, at);
    return;
  }
  out_.request_rejected(order, RequestRejected::Request::Cancel,
                        "Unknown order sent (-2011): not resting", at);
}

void BookVenue::fill_resting(std::size_t i, Decimal quantity, Timestamp at) {
  const Decimal q = std::min(quantity, resting_[i].remaining);
  if (!q.is_positive()) return;
  resting_[i].remaining -= q;
  const Order o = resting_[i].order;
  fill(o, o.price, q, Liquidity::Maker, at);
}

void BookVenue::sweep_done() {
  resting_.erase(std::remove_if(resting_.begin(), resting_.end(),
                                [](const Resting& r) { return r.remaining.is_zero(); }),
                 resting_.end());
}

bool BookVenue::on_depth(const DepthUpdate& update) {
  advance_to(update.at);
  if (!book_.apply(update)) return false;
  if (resting_.empty()) return true;
  const auto best_bid = book_.best_bid();
  const auto best_ask = book_.best_ask();
  for (std::size_t i = 0; i < resting_.size(); ++i) {
    Resting& r = resting_[i];
    const bool buy = r.order.side == OrderSide::Buy;
    r.ahead = std::min(r.ahead, book_.quantity_at(buy, r.order.price));
    // The other side now reaches our price: those orders would have matched ours.
    const auto& opp = buy ? best_ask : best_bid;
    if (opp && (buy ? opp->price <= r.order.price : opp->price >= r.order.price)) {
      Decimal crossing;
      const std::vector<BookLevel>& side = buy ? book_.asks() : book_.bids();
      for (auto it = side.rbegin(); it != side.rend(); ++it) {
        if (buy ? it->price > r.order.price : it->price < r.order.price) break;
        crossing += it->quantity;
      }
      fill_resting(i, crossing, update.at);
    }
  }
  sweep_done();
  return true;
}

void BookVenue::on_trade(const TradeTick& trade) {
  advance_to(trade.at);
  for (std::size_t i = 0; i < resting_.size(); ++i) {
    Resting& r = resting_[i];
    const bool buy = r.order.side == OrderSide::Buy;
    // A seller-initiated trade (buyer is maker) consumes bids; a buyer-initiated one, asks.
    if (buy ? trade.price < r.order.price : trade.price > r.order.price) {
      fill_resting(i, r.remaining, trade.at);  // traded through our price
      continue;
    }
    if (trade.price != r.order.price || trade.buyer_is_maker != buy) continue;
    if (trade.quantity <= r.ahead) {
      r.ahead -= trade.quantity;
      continue;
    }
    const Decimal beyond = trade.quantity - r.ahead;
    r.ahead = {};
    fill_resting(i, beyond, trade.at);
  }
  sweep_done();
}

}  // namespace talon
