#pragma once
// A spot exchange in a box for the scenario tests: BTCUSDT with Binance's real filters,
// a portfolio, the simulated venue and the order manager, wired as in a backtest.

#include <gtest/gtest.h>

#include <string>

#include <talon/execution/order_manager.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/venue/simulated_venue.hpp>

#include "desk.hpp"

namespace talon::test {

inline Decimal D(const char* s) {
  return Decimal::parse(s);
}

/// Fees used by the scenarios: maker 2 bps, taker 5 bps (Binance USDⓈ-M base tier), so
/// that a maker fill and a taker fill are told apart by their fee.
inline SimulatedVenueConfig scenario_config() {
  SimulatedVenueConfig c;
  c.maker_fee_bps = Decimal::from_int(2);
  c.taker_fee_bps = Decimal::from_int(5);
  return c;
}

struct Exchange {
  explicit Exchange(SimulatedVenueConfig config = scenario_config(), const char* cash = "100000")
      : instrument(*find_builtin_instrument("BTCUSDT")),
        portfolio(D(cash), "BTC"),
        venue(instrument, config),
        manager(instrument, portfolio, venue),
        om(manager, reports) {
    venue.set_report_sink(&reports);
  }

  /// A 1-minute bar starting at minute `minute` after 2025-06-01T00:00Z.
  void bar(const char* o, const char* h, const char* l, const char* c, const char* v = "100") {
    Bar b;
    b.open_time = Timestamp::from_seconds(1748736000 + 60 * minute);
    b.close_time = Timestamp::from_ns(b.open_time.ns + 60 * kNanosPerSecond - kNanosPerMilli);
    b.open = D(o);
    b.high = D(h);
    b.low = D(l);
    b.close = D(c);
    b.volume = D(v);
    now = b.close_time;
    ++minute;
    om.process(venue, b);
  }

  ClientOrderId submit(OrderRequest r) { return om.submit(r, now); }

  const Order& order(const ClientOrderId& id) const { return *om.find_client(id); }
  const Order& order(const char* id) const { return order(ClientOrderId(id)); }

  /// Buys `qty` at market on the next bar opening at `price` (a flat bar).
  void hold(const char* qty, const char* price) {
    OrderRequest r;
    r.side = OrderSide::Buy;
    r.quantity = D(qty);
    submit(r);
    bar(price, price, price, price);
  }

  Instrument instrument;
  Portfolio portfolio;
  SimulatedVenue venue;
  ReportQueue reports;
  OrderManager manager;
  Desk om;
  Timestamp now = Timestamp::from_seconds(1748736000 - 1);
  std::int64_t minute = 0;
};

inline OrderRequest limit(OrderSide side, const char* qty, const char* price,
                          TimeInForce tif = TimeInForce::Gtc) {
  OrderRequest r;
  r.side = side;
  r.type = OrderType::Limit;
  r.quantity = Decimal::parse(qty);
  r.price = Decimal::parse(price);
  r.time_in_force = tif;
  return r;
}

inline OrderRequest stop(OrderType type, OrderSide side, const char* qty, const char* trigger,
                         const char* price = "0") {
  OrderRequest r;
  r.side = side;
  r.type = type;
  r.quantity = Decimal::parse(qty);
  r.stop_price = Decimal::parse(trigger);
  r.price = Decimal::parse(price);
  return r;
}

}  // namespace talon::test
