// Property tests: random but reproducible (fixed seeds) streams of bars, orders of every
// type and time in force, cancels and modifies, checked against invariants that must hold
// whatever happens:
// - every order's transitions chain (each `from` is the previous `to`), each is legal in
//   the FSM, nothing follows a terminal state, and the last one is the order's status;
// - fills conserve value: cash = initial − Σ buy notional + Σ sell notional − Σ fees and
//   position = Σ bought − Σ sold, exactly; each order's filled quantity is the sum of its
//   fills and never exceeds its quantity;
// - futures: wallet = deposit + Σ realized − Σ fees + Σ funding over all positions.

#include <gtest/gtest.h>

#include <map>
#include <random>

#include <talon/execution/futures_account.hpp>

#include "harness.hpp"

namespace talon::test {
namespace {

struct Rng {
  std::mt19937_64 engine;
  explicit Rng(std::uint64_t seed) : engine(seed) {}
  std::int64_t below(std::int64_t n) {
    return static_cast<std::int64_t>(engine() % static_cast<std::uint64_t>(n));
  }
};

Decimal ticks(std::int64_t n) {
  return Decimal::from_scaled(n, 2);
}  // 0.01 steps

void run_random_spot_session(std::uint64_t seed) {
  SimulatedVenueConfig c = scenario_config();
  c.max_volume_fraction = D("0.2");
  Exchange x(c, "1000000");
  Rng rng(seed);
  std::int64_t price = 10'000'000;  // 100,000.00 in ticks
  std::vector<ClientOrderId> ids;
  for (int step = 0; step < 400; ++step) {
    const int orders = static_cast<int>(rng.below(3));
    for (int k = 0; k < orders; ++k) {
      OrderRequest r;
      r.side = rng.below(2) == 0 ? OrderSide::Buy : OrderSide::Sell;
      r.type = static_cast<OrderType>(rng.below(7));
      r.time_in_force = static_cast<TimeInForce>(rng.below(4));
      r.quantity = Decimal::from_scaled(1 + rng.below(50), 3);  // 0.001 .. 0.050
      const std::int64_t off = rng.below(60'000) - 30'000;
      r.price = ticks(price + off);
      r.stop_price = ticks(price - off);
      r.callback_rate = Decimal::from_scaled(1 + rng.below(30), 1);
      if (rng.below(5) == 0) r.reduce_only = true;
      if (r.type == OrderType::Market && rng.below(4) == 0) {
        r.stop_loss = ticks(price - 20'000);
        r.take_profit = ticks(price + 20'000);
      }
      ids.push_back(x.submit(r));
    }
    if (!ids.empty() && rng.below(4) == 0) {
      x.om.cancel(ids[static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(ids.size())))],
                  x.now);
    }
    if (!ids.empty() && rng.below(4) == 0) {
      x.om.modify(ids[static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(ids.size())))],
                  ticks(price - rng.below(20'000)), {}, x.now);
    }
    const std::int64_t open = price;
    const std::int64_t close = open + rng.below(40'001) - 20'000;
    const std::int64_t high = std::max(open, close) + rng.below(15'000);
    const std::int64_t low = std::min(open, close) - rng.below(15'000);
    const std::string o = ticks(open).to_string(), h = ticks(high).to_string(),
                      l = ticks(low).to_string(), cl = ticks(close).to_string();
    x.bar(o.c_str(), h.c_str(), l.c_str(), cl.c_str(), "1");
    price = close;
  }

  // Transitions chain and are legal.
  std::map<Uuid, OrderStatus> last;
  for (const OrderEvent& e : x.om.events()) {
    if (e.kind != OrderEventKind::Transition) continue;
    const auto it = last.find(e.order_id);
    if (it == last.end()) {
      ASSERT_EQ(e.from, OrderStatus::Pending);
      ASSERT_EQ(e.to, OrderStatus::Pending);
    } else {
      ASSERT_EQ(e.from, it->second) << "seed " << seed;
      ASSERT_FALSE(is_terminal(e.from)) << "seed " << seed;
      ASSERT_TRUE(is_legal_transition(e.from, e.to))
          << "seed " << seed << ": " << to_string(e.from) << " -> " << to_string(e.to);
    }
    last[e.order_id] = e.to;
  }
  std::map<Uuid, Decimal> filled;
  Decimal cash = D("1000000");
  Decimal position;
  for (const Fill& f : x.om.fills()) {
    const Decimal notional = mul(f.price, f.quantity, Rounding::HalfUp);
    cash += f.side == OrderSide::Buy ? -notional : notional;
    cash -= f.fee;
    position += f.side == OrderSide::Buy ? f.quantity : -f.quantity;
    filled[f.order_id] += f.quantity;
  }
  for (const Order& o : x.om.orders()) {
    ASSERT_EQ(last.at(o.id), o.status) << "seed " << seed;
    ASSERT_EQ(filled[o.id], o.filled_quantity) << "seed " << seed;
    if (!o.quote_quantity.is_positive()) {
      ASSERT_LE(o.filled_quantity, o.quantity);
    }
  }
  EXPECT_EQ(x.portfolio.cash(), cash) << "seed " << seed;
  EXPECT_EQ(x.portfolio.position_quantity(), position) << "seed " << seed;
  EXPECT_FALSE(x.portfolio.position_quantity().is_negative());
  EXPECT_GT(x.om.fills().size(), 20u) << "the session should trade";
}

TEST(Property, RandomSpotSessionsKeepTheFsmLegalAndConserveValue) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) run_random_spot_session(seed);
}

TEST(Property, RandomFuturesFillsConserveWalletBalance) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    FuturesConfig cfg;
    cfg.margin_mode = seed % 2 == 0 ? MarginMode::Cross : MarginMode::Isolated;
    cfg.leverage = 5;
    FuturesAccount a("BTCUSDT", D("1000000"), cfg);
    Rng rng(seed);
    Decimal signed_qty;
    std::int64_t price = 6'000'000;
    for (int i = 0; i < 500; ++i) {
      price += rng.below(20'001) - 10'000;
      if (rng.below(10) == 0) {
        a.apply_funding(Decimal::from_scaled(rng.below(21) - 10, 5), ticks(price),
                        Timestamp::from_seconds(i));
        continue;
      }
      Order o;
      o.side = rng.below(2) == 0 ? OrderSide::Buy : OrderSide::Sell;
      Fill f;
      f.side = o.side;
      f.quantity = Decimal::from_scaled(1 + rng.below(100), 3);
      f.price = ticks(price);
      f.fee = apply_bps(mul(f.price, f.quantity, Rounding::HalfUp), D("5"), Rounding::HalfUp);
      f.executed_at = Timestamp::from_seconds(i);
      a.apply_fill(f, o);
      signed_qty += o.side == OrderSide::Buy ? f.quantity : -f.quantity;
    }
    Decimal sum;
    for (const Position& p : a.positions()) sum += p.realized_pnl - p.fees + p.funding;
    EXPECT_EQ(a.wallet_balance(), D("1000000") + sum) << "seed " << seed;
    EXPECT_EQ(a.position(PositionSide::Both), signed_qty) << "seed " << seed;
  }
}

}  // namespace
}  // namespace talon::test
