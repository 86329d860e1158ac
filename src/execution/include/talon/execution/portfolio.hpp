#pragma once
// Spot portfolio of one instrument: quote cash, base position, cost basis, realized and
// unrealized PnL, and the round trips (entry to flat) that analytics counts as trades.

#include <string>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/execution/account.hpp>
#include <talon/model/fill.hpp>

namespace talon {

/// One round trip: from the fill that opened a position to the fill that made it flat.
/// All money in the quote currency.
struct RoundTrip {
  Timestamp entry_time;
  Timestamp exit_time;
  Uuid exit_fill_id;       ///< the fill that made the position flat
  Decimal quantity;        ///< largest base quantity held during the trip
  Decimal entry_notional;  ///< sum of buy price * quantity
  Decimal exit_notional;   ///< sum of sell price * quantity
  Decimal fees;            ///< entry and exit fees together
  Decimal pnl;             ///< exit_notional − entry_notional − fees (net of both fees)
};

class Portfolio final : public Account {
 public:
  /// Starts with `initial_cash` of quote currency and no position. `base_currency` names
  /// the base asset so that fees charged in it (Binance spot BUY fees) are recognised;
  /// empty = every fee is in the quote currency.
  explicit Portfolio(Decimal initial_cash, std::string base_currency = {});

  /// Books a fill: a BUY spends price*quantity (+ fee when the fee is in the quote
  /// currency) and receives quantity (− fee when the fee is in the base asset); a SELL
  /// receives price*quantity − fee. Products are exact to 8 places (rounded half-up
  /// beyond). A base-asset fee is valued at the fill price in total_fees() and the round
  /// trip. Throws InvalidArgument when a SELL exceeds the position (spot cannot go short)
  /// or a fill is not positive.
  void apply_fill(const Fill& fill);
  void apply_fill(const Fill& fill, const Order& order) override {
    (void)order;
    apply_fill(fill);
  }
  Decimal position(PositionSide side) const override {
    (void)side;
    return quantity_;
  }
  bool can_short() const override { return false; }
  Decimal available_quote() const override { return cash_; }

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
  std::string base_currency_;
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
