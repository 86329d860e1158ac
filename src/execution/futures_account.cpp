#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <span>

#include <talon/core/error.hpp>
#include <talon/execution/futures_account.hpp>

namespace talon {
namespace {

std::size_t slot_index(PositionSide side) {
  return static_cast<std::size_t>(side);
}

Decimal im_of(Decimal notional, int leverage) {
  return div(notional, Decimal::from_int(leverage), Rounding::HalfUp);
}

}  // namespace

FuturesAccount::FuturesAccount(std::string symbol, Decimal wallet, FuturesConfig config)
    : symbol_(std::move(symbol)), config_(std::move(config)), wallet_(wallet) {
  if (!wallet.is_positive()) {
    throw InvalidArgument("futures wallet must be positive, got " + wallet.to_string());
  }
  if (config_.leverage < 1 || config_.leverage > 125) {
    throw InvalidArgument(fmt::format("leverage {} outside 1..125", config_.leverage));
  }
  validate_tiers(config_.tiers);
}

FuturesAccount::Slot& FuturesAccount::slot(PositionSide side) {
  return slots_[slot_index(side)];
}
const FuturesAccount::Slot& FuturesAccount::slot(PositionSide side) const {
  return slots_[slot_index(side)];
}

const Position* FuturesAccount::open_position(PositionSide side) const {
  const Slot& s = slot(side);
  return s.index < 0 ? nullptr : &positions_[static_cast<std::size_t>(s.index)];
}

void FuturesAccount::set_leverage(int leverage) {
  if (leverage < 1 || leverage > 125) {
    throw InvalidArgument(fmt::format("leverage {} outside 1..125", leverage));
  }
  for (PositionSide side : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) {
    const Position* p = open_position(side);
    if (p == nullptr) continue;
    const Decimal notional = mul(p->quantity.abs(), p->entry_price, Rounding::HalfUp);
    const MarginTier& t = tier_for(config_.tiers, notional);
    if (leverage > t.max_leverage) {
      throw InvalidArgument(fmt::format("leverage {} exceeds the {}x maximum for notional {}",
                                        leverage, t.max_leverage, notional.to_string()));
    }
  }
  config_.leverage = leverage;
}

void FuturesAccount::set_margin_mode(MarginMode mode) {
  for (const Slot& s : slots_) {
    if (s.index >= 0) throw InvalidArgument("margin mode cannot change with an open position");
  }
  config_.margin_mode = mode;
}

void FuturesAccount::set_position_mode(PositionMode mode) {
  for (const Slot& s : slots_) {
    if (s.index >= 0) throw InvalidArgument("position mode cannot change with an open position");
  }
  config_.position_mode = mode;
}

PositionSide FuturesAccount::side_of(const Order& order) const {
  if (config_.position_mode == PositionMode::OneWay) {
    if (order.position_side != PositionSide::Both) {
      throw InvalidArgument("one-way mode: positionSide must be BOTH, got " +
                            std::string(to_string(order.position_side)));
    }
    return PositionSide::Both;
  }
  if (order.position_side == PositionSide::Both) {
    throw InvalidArgument("hedge mode: positionSide must be LONG or SHORT");
  }
  return order.position_side;
}

Decimal FuturesAccount::position(PositionSide side) const {
  const Position* p = open_position(side);
  return p == nullptr ? Decimal{} : p->quantity;
}

void FuturesAccount::open(PositionSide side, int dir, Decimal qty, Decimal price, Timestamp at) {
  Position p;
  p.id = ids_.next(at.unix_ms());
  p.symbol = symbol_;
  p.side = side;
  p.quantity = (side == PositionSide::Both && dir < 0) ? -qty : qty;
  p.peak_quantity = p.quantity;
  p.entry_price = price;
  p.mark_price = price;
  p.leverage = config_.leverage;
  p.margin_mode = config_.margin_mode;
  p.opened_at = at;
  p.updated_at = at;
  slot(side).index = static_cast<long>(positions_.size());
  slot(side).iso_margin = {};
  positions_.push_back(p);
}

void FuturesAccount::apply_fill(const Fill& fill, const Order& order) {
  if (!fill.quantity.is_positive() || !fill.price.is_positive()) {
    throw InvalidArgument("fill with non-positive price or quantity");
  }
  const PositionSide side = side_of(order);
  const int fill_dir = fill.side == OrderSide::Buy ? 1 : -1;
  Slot& s = slot(side);
  wallet_ -= fill.fee;
  Decimal q = fill.quantity;
  const bool isolated = config_.margin_mode == MarginMode::Isolated;
  if (s.index >= 0) {
    Position& p = positions_[static_cast<std::size_t>(s.index)];
    const int dir = side == PositionSide::Short  ? -1
                    : side == PositionSide::Long ? 1
                                                 : (p.quantity.is_negative() ? -1 : 1);
    const Decimal held = p.quantity.abs();
    p.fees += fill.fee;
    p.updated_at = fill.executed_at;
    if (fill_dir == dir) {
      // Add: volume-weighted average entry.
      const Decimal cost =
          mul(p.entry_price, held, Rounding::HalfEven) + mul(fill.price, q, Rounding::HalfEven);
      p.entry_price = div(cost, held + q, Rounding::HalfEven);
      p.quantity = dir > 0 || side == PositionSide::Short ? p.quantity + q : p.quantity - q;
      if (p.quantity.abs() > p.peak_quantity.abs()) p.peak_quantity = p.quantity;
      if (isolated) s.iso_margin += im_of(mul(fill.price, q, Rounding::HalfUp), p.leverage);
      refresh(p, s);
      return;
    }
    // Reduce: realize PnL on the closed part, release isolated margin pro rata.
    const Decimal closed = q < held ? q : held;
    const Decimal realized = mul(fill.price - p.entry_price, closed, Rounding::HalfEven) *
                             static_cast<std::int64_t>(dir);
    wallet_ += realized;
    p.realized_pnl += realized;
    p.exit_notional += mul(fill.price, closed, Rounding::HalfEven);
    if (isolated) {
      const Decimal release = closed == held ? s.iso_margin
                                             : div(mul(s.iso_margin, closed, Rounding::HalfEven),
                                                   held, Rounding::HalfEven);
      s.iso_margin -= release;
      // The released margin stays in the wallet; only the PnL moved it.
    }
    p.quantity = (side == PositionSide::Both) ? p.quantity + (dir > 0 ? -closed : closed)
                                              : p.quantity - closed;
    q -= closed;
    if (p.quantity.is_zero()) {
      finish(side, PositionStatus::Closed, fill.executed_at);
    } else {
      refresh(p, s);
    }
    if (q.is_zero()) return;
    if (side != PositionSide::Both) {
      throw InvalidArgument("hedge mode: a fill cannot take the " + std::string(to_string(side)) +
                            " position below zero");
    }
  }
  // Open (or the flip remainder in one-way mode).
  if (side == PositionSide::Short && fill_dir > 0) {
    throw InvalidArgument("hedge mode: a BUY cannot open a SHORT position");
  }
  if (side == PositionSide::Long && fill_dir < 0) {
    throw InvalidArgument("hedge mode: a SELL cannot open a LONG position");
  }
  open(side, fill_dir, q, fill.price, fill.executed_at);
  Position& p = positions_[static_cast<std::size_t>(s.index)];
  if (s.index >= 0 && p.fees.is_zero() && fill.quantity == q) p.fees = fill.fee;
  if (isolated) s.iso_margin = im_of(mul(fill.price, q, Rounding::HalfUp), p.leverage);
  refresh(p, s);
}

void FuturesAccount::finish(PositionSide side, PositionStatus status, Timestamp at) {
  Slot& s = slot(side);
  Position& p = positions_[static_cast<std::size_t>(s.index)];
  p.status = status;
  p.closed_at = at;
  p.updated_at = at;
  p.unrealized_pnl = {};
  p.liquidation_price = {};
  p.margin_used = {};
  p.pnl = p.realized_pnl - p.fees + p.funding;
  s.index = -1;
  s.iso_margin = {};
}

void FuturesAccount::refresh(Position& p, const Slot& s) const {
  const Decimal held = p.quantity.abs();
  const int dir = p.side == PositionSide::Short ? -1 : (p.quantity.is_negative() ? -1 : 1);
  p.unrealized_pnl =
      mul(p.mark_price - p.entry_price, held, Rounding::HalfEven) * static_cast<std::int64_t>(dir);
  const Decimal im = im_of(mul(held, p.entry_price, Rounding::HalfUp), p.leverage);
  p.margin_used = p.margin_mode == MarginMode::Isolated ? s.iso_margin : im;
  p.pnl = p.realized_pnl + p.unrealized_pnl - p.fees + p.funding;
  p.pnl_percent = im.is_zero() ? Decimal{}
                               : round_to_places(div(p.pnl * 100, im, Rounding::HalfEven), 4,
                                                 Rounding::HalfEven);
  p.liquidation_price = liquidation_price(p.side);
}

Decimal FuturesAccount::isolated_margin(PositionSide side) const {
  return slot(side).iso_margin;
}

Decimal FuturesAccount::available_quote() const {
  Decimal balance = wallet_;
  for (const Slot& s : slots_) {
    if (s.index < 0) continue;
    const Position& p = positions_[static_cast<std::size_t>(s.index)];
    balance += p.unrealized_pnl;
    balance -= p.margin_mode == MarginMode::Isolated
                   ? s.iso_margin
                   : im_of(mul(p.quantity.abs(), p.entry_price, Rounding::HalfUp), p.leverage);
  }
  return balance;
}

std::string FuturesAccount::check_order(const Order& o, Decimal px) const {
  if (o.reduce_only || !px.is_positive()) return {};
  PositionSide side;
  try {
    side = side_of(o);
  } catch (const InvalidArgument& e) {
    return e.what();
  }
  const Decimal held = position(side);
  const int fill_dir = o.side == OrderSide::Buy ? 1 : -1;
  const int dir = side == PositionSide::Short ? -1 : (held.is_negative() ? -1 : 1);
  // Quantity that opens or adds exposure (a reducing order needs no margin beyond a flip).
  Decimal adds = o.quantity;
  if (!held.is_zero() && fill_dir != dir) {
    adds = o.quantity > held.abs() ? o.quantity - held.abs() : Decimal{};
  }
  if (adds.is_zero()) return {};
  const Decimal after =
      mul(px, (fill_dir == dir ? held.abs() : Decimal{}) + adds, Rounding::HalfUp);
  const MarginTier& t = tier_for(config_.tiers, after);
  if (config_.leverage > t.max_leverage) {
    return fmt::format("leverage {}x exceeds the {}x maximum of the bracket for notional {}",
                       config_.leverage, t.max_leverage, after.to_string());
  }
  const Decimal im = im_of(mul(px, adds, Rounding::HalfUp), config_.leverage);
  const Decimal available = available_quote();
  if (im > available) {
    return fmt::format("insufficient margin: initial margin {} exceeds available balance {}",
                       im.to_string(), available.to_string());
  }
  return {};
}

LiquidationPoint FuturesAccount::compute_lp(PositionSide side) const {
  if (open_position(side) == nullptr) return {};
  // At most one leg per position side; an array keeps the per-mark call allocation-free.
  std::array<MarginLeg, 3> legs{};
  std::size_t n = 0;
  Decimal wb;
  Decimal mark;
  auto add = [&](PositionSide s) {
    const Position& p = *open_position(s);
    const int dir = p.side == PositionSide::Short ? -1 : (p.quantity.is_negative() ? -1 : 1);
    legs[n++] = {p.quantity.abs(), dir, p.entry_price};
    mark = p.mark_price;
  };
  if (config_.margin_mode == MarginMode::Isolated) {
    add(side);
    wb = slot(side).iso_margin;
  } else {
    wb = wallet_;
    for (PositionSide s : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) {
      if (open_position(s) != nullptr) add(s);
    }
  }
  return liquidation_point(config_.tiers, std::span<const MarginLeg>(legs.data(), n), wb, mark);
}

Decimal FuturesAccount::liquidation_price(PositionSide side) const {
  return compute_lp(side).price;
}

Decimal FuturesAccount::maintenance_margin_at(PositionSide side, Decimal price) const {
  const Position* p = open_position(side);
  if (p == nullptr) return {};
  return maintenance_margin(config_.tiers, mul(p->quantity.abs(), price, Rounding::HalfUp));
}

void FuturesAccount::liquidation_levels(std::vector<LiquidationLevel>& out) const {
  for (PositionSide side : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) {
    if (open_position(side) == nullptr) continue;
    const LiquidationPoint lp = compute_lp(side);
    if (lp.price.is_positive()) out.push_back({side, lp.is_long, lp.price});
    // In cross mode every position of the symbol shares one liquidation price.
    if (config_.margin_mode == MarginMode::Cross) return;
  }
}

void FuturesAccount::liquidate(PositionSide side, Decimal price, Timestamp at) {
  std::vector<PositionSide> sides;
  if (config_.margin_mode == MarginMode::Isolated) {
    if (open_position(side) != nullptr) sides.push_back(side);
  } else {
    for (PositionSide s : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) {
      if (open_position(s) != nullptr) sides.push_back(s);
    }
  }
  if (sides.empty()) return;
  Decimal forfeit = config_.margin_mode == MarginMode::Isolated ? slot(side).iso_margin : wallet_;
  for (PositionSide s : sides) {
    Position& p = positions_[static_cast<std::size_t>(slot(s).index)];
    const std::int64_t dir =
        p.side == PositionSide::Short ? -1 : (p.quantity.is_negative() ? -1 : 1);
    const Decimal realized = mul(price - p.entry_price, p.quantity.abs(), Rounding::HalfEven) * dir;
    p.realized_pnl += realized;
    p.exit_notional += mul(price, p.quantity.abs(), Rounding::HalfEven);
    p.mark_price = price;
    wallet_ += realized;
    forfeit += realized;
  }
  // What is left of the margin goes to the insurance fund (clearance fee); a deficit (the
  // bar opened beyond the liquidation price) is covered by it. Either way the account
  // loses exactly the margin at stake.
  wallet_ -= forfeit;
  positions_[static_cast<std::size_t>(slot(sides.front()).index)].fees += forfeit;
  for (PositionSide s : sides) {
    Position& p = positions_[static_cast<std::size_t>(slot(s).index)];
    p.liquidation_price = price;
    const Decimal lp = price;
    finish(s, PositionStatus::Liquidated, at);
    p.liquidation_price = lp;
  }
}

void FuturesAccount::mark(Decimal price, Timestamp at) {
  for (const Slot& s : slots_) {
    if (s.index < 0) continue;
    Position& p = positions_[static_cast<std::size_t>(s.index)];
    p.mark_price = price;
    p.updated_at = at;
    refresh(p, s);
  }
}

Decimal FuturesAccount::apply_funding(Decimal rate, Decimal price, Timestamp at) {
  Decimal total;
  for (Slot& s : slots_) {
    if (s.index < 0) continue;
    Position& p = positions_[static_cast<std::size_t>(s.index)];
    const std::int64_t dir =
        p.side == PositionSide::Short ? -1 : (p.quantity.is_negative() ? -1 : 1);
    const Decimal notional = mul(p.quantity.abs(), price, Rounding::HalfEven);
    const Decimal payment = -(mul(notional, rate, Rounding::HalfEven) * dir);
    wallet_ += payment;
    p.funding += payment;
    if (p.margin_mode == MarginMode::Isolated) s.iso_margin += payment;
    p.mark_price = price;
    p.updated_at = at;
    refresh(p, s);
    total += payment;
  }
  return total;
}

}  // namespace talon
