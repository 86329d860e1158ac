#include <talon/core/error.hpp>
#include <talon/execution/portfolio.hpp>

namespace talon {

Portfolio::Portfolio(Decimal initial_cash, std::string base_currency)
    : base_currency_(std::move(base_currency)), initial_cash_(initial_cash), cash_(initial_cash) {}

void Portfolio::apply_fill(const Fill& fill) {
  if (!fill.quantity.is_positive() || !fill.price.is_positive()) {
    throw InvalidArgument("fill with non-positive price or quantity");
  }
  const Decimal notional = mul(fill.price, fill.quantity, Rounding::HalfUp);
  const bool fee_in_base = !base_currency_.empty() && fill.fee_currency == base_currency_;
  if (fee_in_base && fill.side == OrderSide::Sell) {
    throw InvalidArgument("a SELL fee must be in the quote currency, got " + fill.fee_currency);
  }
  // A base-asset fee counts in quote terms at the fill price.
  const Decimal fee_quote = fee_in_base ? mul(fill.fee, fill.price, Rounding::HalfUp) : fill.fee;
  total_fees_ += fee_quote;
  if (fill.side == OrderSide::Buy) {
    if (quantity_.is_zero()) {
      open_trip_ = RoundTrip{};
      open_trip_.entry_time = fill.executed_at;
    }
    if (fee_in_base) {
      cash_ -= notional;
      quantity_ += fill.quantity - fill.fee;
    } else {
      cash_ -= notional + fill.fee;
      quantity_ += fill.quantity;
    }
    cost_basis_ += notional;
    open_trip_.entry_notional += notional;
    open_trip_.fees += fee_quote;
    if (quantity_ > open_trip_.quantity) open_trip_.quantity = quantity_;
    return;
  }
  if (fill.quantity > quantity_) {
    throw InvalidArgument("sell of " + fill.quantity.to_string() + " exceeds position of " +
                          quantity_.to_string());
  }
  // Release cost basis pro rata; the last sell releases the remainder exactly.
  const Decimal released =
      fill.quantity == quantity_
          ? cost_basis_
          : div(mul(cost_basis_, fill.quantity, Rounding::HalfEven), quantity_, Rounding::HalfEven);
  cash_ += notional - fill.fee;
  quantity_ -= fill.quantity;
  cost_basis_ -= released;
  realized_pnl_ += notional - released;
  open_trip_.exit_notional += notional;
  open_trip_.fees += fill.fee;
  if (quantity_.is_zero()) {
    open_trip_.exit_time = fill.executed_at;
    open_trip_.exit_fill_id = fill.id;
    open_trip_.pnl = open_trip_.exit_notional - open_trip_.entry_notional - open_trip_.fees;
    round_trips_.push_back(open_trip_);
  }
}

std::optional<Position> Portfolio::open_position(Decimal price, Timestamp at) const {
  if (!quantity_.is_positive()) return std::nullopt;
  Position p;
  p.side = PositionSide::Long;
  p.quantity = p.peak_quantity = quantity_;
  p.entry_price = div(open_trip_.entry_notional, open_trip_.quantity, Rounding::HalfEven);
  p.mark_price = price;
  p.unrealized_pnl =
      mul(price, quantity_, Rounding::HalfEven) - mul(p.entry_price, quantity_, Rounding::HalfEven);
  p.fees = open_trip_.fees;
  p.pnl = p.unrealized_pnl - p.fees;
  p.opened_at = open_trip_.entry_time;
  p.updated_at = at;
  return p;
}

Decimal Portfolio::average_entry_price() const {
  if (quantity_.is_zero()) return {};
  return div(cost_basis_, quantity_, Rounding::HalfEven);
}

Decimal Portfolio::unrealized_pnl(Decimal mark_price) const {
  if (quantity_.is_zero()) return {};
  return mul(mark_price, quantity_, Rounding::HalfEven) - cost_basis_;
}

Decimal Portfolio::equity(Decimal mark_price) const {
  if (quantity_.is_zero()) return cash_;
  return cash_ + mul(mark_price, quantity_, Rounding::HalfEven);
}

}  // namespace talon
