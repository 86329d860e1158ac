#pragma once
// The Account seam between the order manager and the books it keeps: the spot portfolio
// (cash and base asset) or the futures account (margin, leveraged positions).

#include <string>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/fill.hpp>
#include <talon/model/order.hpp>

namespace talon {

class Account {
 public:
  virtual ~Account() = default;
  /// Books one fill of `order`. Throws InvalidArgument when the fill is impossible for
  /// this account (spot: selling more than held).
  virtual void apply_fill(const Fill& fill, const Order& order) = 0;
  /// Base quantity of the position on `side`: signed for BOTH (negative = short), positive
  /// for LONG and SHORT (hedge mode). Spot: the base asset held.
  virtual Decimal position(PositionSide side) const = 0;
  /// True when the account can hold a negative position (futures); false for spot.
  virtual bool can_short() const = 0;
  /// Quote currency (spot) or margin asset (futures) available for new orders before the
  /// order manager's own reservations.
  virtual Decimal available_quote() const = 0;
  /// Why the account cannot take `order` (e.g. "insufficient margin: ..."), or empty.
  /// `reference_price` prices orders that carry none (MARKET); zero when unknown.
  virtual std::string check_order(const Order& order, Decimal reference_price) const {
    (void)order;
    (void)reference_price;
    return {};
  }
  /// The venue liquidated the position on `side` at `price` (futures). Spot: nothing.
  virtual void liquidate(PositionSide side, Decimal price, Timestamp at) {
    (void)side;
    (void)price;
    (void)at;
  }
};

}  // namespace talon
