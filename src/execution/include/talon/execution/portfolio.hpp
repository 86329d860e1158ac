#pragma once
// Spot portfolio of one instrument: quote cash, base position, cost basis, realized and
// unrealized PnL, and the round trips (entry to flat) that analytics counts as trades.

#include <optional>
#include <string>
#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/core/timestamp.hpp>
#include <talon/execution/account.hpp>
#include <talon/execution/journal.hpp>
#include <talon/model/fill.hpp>
#include <talon/model/position.hpp>

namespace talon {

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
  /// The round trip still open (entry time, buys so far, fees so far; exit fields hold
  /// partial sells), or nullptr when flat.
  const RoundTrip* open_trip() const noexcept {
    return quantity_.is_positive() ? &open_trip_ : nullptr;
  }
  /// The position held now as a Position (side LONG, leverage 1), marked at `price` at time
  /// `at`: entry_price = entry notional / peak quantity (half-even), unrealized_pnl =
  /// price × quantity − entry_price × quantity, pnl = unrealized − fees; nullopt when flat.
  std::optional<Position> open_position(Decimal price, Timestamp at) const;
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
