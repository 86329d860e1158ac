#pragma once
// The simulated exchange of backtests and paper trading, bar mode: an order submitted while
// one bar closes is filled at the open of the next bar, as the order would reach a real
// exchange after the close it reacted to.

#include <vector>

#include <talon/core/decimal.hpp>
#include <talon/execution/venue.hpp>
#include <talon/model/bar.hpp>
#include <talon/model/instrument.hpp>

namespace talon {

struct SimulatedVenueConfig {
  /// Taker fee in basis points of notional (10 = 0.1 %, Binance spot's base rate), charged
  /// in the quote currency, rounded half-up to 8 places.
  Decimal taker_fee_bps = Decimal::from_int(10);
};

class SimulatedVenue final : public Venue {
 public:
  SimulatedVenue(const Instrument& instrument, SimulatedVenueConfig config);

  void set_listener(VenueListener* listener) override { listener_ = listener; }
  /// Acknowledges the order (NEW) and queues it for the next bar's open.
  void submit(const Order& order, Timestamp at) override;

  /// Fills every queued MARKET order at `bar.open`, in submission order, at time
  /// bar.open_time. A BUY by quote quantity gets the largest multiple of the lot size whose
  /// cost plus taker fee fits the quote quantity; below the instrument's minimum quantity
  /// or minimum notional it expires with the filter named.
  void on_bar_open(const Bar& bar);

  /// Orders queued for the next bar.
  std::size_t queued() const noexcept { return queue_.size(); }

 private:
  void fill_market(const Order& order, const Bar& bar);

  const Instrument& instrument_;
  SimulatedVenueConfig config_;
  VenueListener* listener_ = nullptr;
  std::vector<Order> queue_;
  UuidV7Generator ids_;
};

/// The largest multiple of `lot` whose notional price*q plus its fee (fee_bps of notional,
/// rounded half-up) is at most `budget`; zero when not even one lot fits.
Decimal max_quantity_for_budget(Decimal budget, Decimal price, Decimal fee_bps, Decimal lot);

/// Fee of a fill: fee_bps basis points of `notional`, rounded half-up to 8 places.
Decimal taker_fee(Decimal notional, Decimal fee_bps);

}  // namespace talon
