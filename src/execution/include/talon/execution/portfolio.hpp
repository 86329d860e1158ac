#pragma once
// Spot portfolio of one instrument: quote cash, base position, cost basis, realized and
// unrealized PnL, and the round trips (entry to flat) that analytics counts as trades.

#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/model/fill.hpp>

namespace talon {

/// One round trip: from the fill that opened a position to the fill that made it flat.
/// All money in the quote currency.
struct RoundTrip {
  Timestamp entry_time;
  Timestamp exit_time;
  Decimal quantity;        ///< largest base quantity held during the trip
  Decimal entry_notional;  ///< sum of buy price * quantity
  Decimal exit_notional;   ///< sum of sell price * quantity
  Decimal fees;            ///< entry and exit fees together
  Decimal pnl;             ///< exit_notional − entry_notional − fees (net of both fees)
};

class Portfolio {
 public:
  /// Starts with `initial_cash` of quote currency and no position.
  explicit Portfolio(Decimal initial_cash);

  /// Books a fill: a BUY spends price*quantity + fee of cash, a SELL receives
  /// price*quantity − fee. Fees are in the quote currency. Products are exact to 8 places
  /// (rounded half-up beyond). Throws InvalidArgument when a SELL exceeds the position
  /// (spot cannot go short) or a fill is not positive.
  void apply_fill(const Fill& fill);

  Decimal cash() const noexcept { return cash_; }
  Decimal initial_cash() const noexcept { return initial_cash_; }
  /// Base asset held.
  Decimal position_quantity() const noexcept { return quantity_; }
  /// Quote currency paid for the position still held (its cost basis, fees excluded).
  Decimal cost_basis() const noexcept { return cost_basis_; }
  /// cost_basis / position, rounded half-even; zero when flat.
  Decimal average_entry_price() const;
  /// Price PnL realized by sells: proceeds − released cost basis (fees excluded).
  Decimal realized_pnl() const noexcept { return realized_pnl_; }
  /// All fees paid, quote currency.
  Decimal total_fees() const noexcept { return total_fees_; }
  /// (mark − average entry) * position, as mark*position − cost basis.
  Decimal unrealized_pnl(Decimal mark_price) const;
  /// cash + position * mark_price.
  Decimal equity(Decimal mark_price) const;
  /// Closed round trips, oldest first.
  const std::vector<RoundTrip>& round_trips() const noexcept { return round_trips_; }

 private:
  Decimal initial_cash_;
  Decimal cash_;
  Decimal quantity_;
  Decimal cost_basis_;
  Decimal realized_pnl_;
  Decimal total_fees_;
  RoundTrip open_trip_;
  std::vector<RoundTrip> round_trips_;
};

}  // namespace talon
