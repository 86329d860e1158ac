#pragma once
// The simulated exchange in book mode: orders meet a level-2 order book rebuilt from a
// recorded depth stream, and resting orders wait in the queue behind the quantity that was
// displayed at their price when they arrived.
//
// Latency. An order or cancel sent at time t reaches the venue at t + latency_ns; it is
// handled against the book as it is then, before the first market event stamped later.
// Acknowledgements, fills and refusals carry the arrival (or event) time. A cancel that
// arrives after the order has filled is refused.
//
// Marketable orders (MARKET, or LIMIT crossing the spread) take liquidity level by level,
// each partial fill at that level's price (taker), up to the limit price; the levels they
// take shrink in the local book until the feed next sets them. IOC expires its remainder,
// FOK expires untouched when the levels within its limit hold less than its quantity, GTX
// is rejected when it would take. MARKET remainders expire.
//
// Queue position (the "risk-averse" model of hftbacktest and most L2 simulators): a resting
// order's quantity ahead starts at the level's displayed quantity on arrival. It shrinks by
// every trade at its price whose aggressor is on the other side, and is capped by the
// level's displayed quantity after each depth update (cancellations are assumed to come
// from ahead of it). Trade quantity beyond the quantity ahead fills the order as maker. A
// trade through its price (a lower trade for a BUY, higher for a SELL), or an opposite best
// price crossing it, fills it as maker at its own price.
//
// Book mode takes MARKET and LIMIT orders by base quantity; conditional types and
// quote-quantity orders are rejected with the reason.

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include <talon/core/uuid.hpp>
#include <talon/model/instrument.hpp>
#include <talon/model/order_book.hpp>
#include <talon/model/trade_tick.hpp>
#include <talon/venue/report_emitter.hpp>
#include <talon/venue/simulated_client.hpp>

namespace talon {

struct BookVenueConfig {
  Decimal maker_fee_bps = Decimal::from_int(10);  ///< basis points of notional
  Decimal taker_fee_bps = Decimal::from_int(10);
  std::int64_t latency_ns = 0;  ///< one-way order and cancel travel time
};

class BookVenue final : public SimulatedExecutionClient {
 public:
  /// Throws InvalidArgument for negative fees or latency.
  BookVenue(const Instrument& instrument, BookVenueConfig config);

  void set_report_sink(ReportSink* sink) override { out_.set_sink(sink); }
  void submit(const Order& order, Timestamp at) override;
  void cancel(const Order& order, Timestamp at) override;
  /// A depth update, a trade or a snapshot, handled whole (the venue never pauses: its
  /// order manager's reactions travel with the latency anyway).
  void begin(const MarketEvent& event) override;
  bool step() override { return false; }

  /// Loads a REST snapshot into the book.
  void load_snapshot(const DepthSnapshot& snapshot);
  /// Delivers what arrives up to update.at, then applies the update (sync rules of
  /// L2Book::apply; older updates are dropped), then updates queues and crossings.
  /// Returns false when the update was dropped.
  bool on_depth(const DepthUpdate& update);
  /// Delivers what arrives up to trade.at, then lets the trade consume queues.
  void on_trade(const TradeTick& trade);
  /// Delivers every order and cancel that arrives at or before `t`.
  void advance_to(Timestamp t);

  const L2Book& book() const noexcept { return book_; }
  /// The quantity ahead of a resting order, or nullopt when it is not resting.
  std::optional<Decimal> queue_ahead(const Uuid& order_id) const;
  std::size_t resting() const noexcept { return resting_.size(); }

 private:
  struct InFlight {
    Timestamp arrive_at;
    bool is_cancel = false;
    Order order;
  };
  struct Resting {
    Order order;
    Decimal remaining;
    Decimal ahead;
  };

  void arrive(const Order& order, Timestamp at);
  void arrive_cancel(const Order& order, Timestamp at);
  Decimal take(const Order& order, Decimal quantity, Timestamp at, bool dry_run);
  void fill(const Order& order, Decimal price, Decimal quantity, Liquidity liquidity, Timestamp at);
  void fill_resting(std::size_t i, Decimal quantity, Timestamp at);
  void sweep_done();

  const Instrument& instrument_;
  InstrumentId instrument_id_;
  BookVenueConfig config_;
  ReportEmitter out_;
  L2Book book_;
  std::deque<InFlight> in_flight_;
  std::vector<Resting> resting_;
  UuidV7Generator ids_;
};

}  // namespace talon
