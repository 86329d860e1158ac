// What a run hands its Journal, and when: every order event once and numbered within its
// order, every fill before its order is final, each order final once, each closed position
// once (a liquidation included), the positions still open at the end, funding payments, and
// checkpoints naming the open positions. Checked against the same run without a journal,
// whose result keeps everything.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

#include <talon/engine/backtest.hpp>
#include <talon/strategy/sma_cross.hpp>

#include "minute_bars.hpp"

namespace talon {
namespace {

struct Recorder final : Journal {
  std::vector<OrderEvent> events;
  std::vector<Fill> fills;
  std::vector<Order> orders;
  std::vector<RoundTrip> trips;
  std::vector<Position> positions;
  std::vector<EquityPoint> equity;
  std::vector<FundingPayment> funding;
  std::size_t checkpoints = 0;
  std::set<Uuid> final_ids;
  std::string misorder;  ///< the first broken promise of journal.hpp, if any

  void on_order_event(const OrderEvent& e) override { events.push_back(e); }
  void on_fill(const Fill& f) override {
    if (final_ids.count(f.order_id) != 0 && misorder.empty()) misorder = "fill after final";
    fills.push_back(f);
  }
  void on_order(const Order& o) override {
    if (!final_ids.insert(o.id).second && misorder.empty()) misorder = "order final twice";
    orders.push_back(o);
  }
  void on_round_trip(const RoundTrip& t) override { trips.push_back(t); }
  void on_position(const Position& p) override { positions.push_back(p); }
  void on_equity(const EquityPoint& p) override { equity.push_back(p); }
  void on_funding(const FundingPayment& f) override { funding.push_back(f); }
  void checkpoint(std::span<const Position>) override { ++checkpoints; }
};

// The 20-bar perpetual sma_cross scenario of futures_scenario_test.cpp (fast 2, slow 3,
// short=1, leverage 2): it closes and reverses several times and ends with a position open.
std::vector<Bar> twenty_bars() {
  const int closes[20] = {100, 100, 100, 103, 99,  96,  100, 104, 106, 108,
                          110, 104, 102, 101, 104, 107, 112, 115, 108, 106};
  std::vector<Bar> out;
  for (int i = 0; i < 20; ++i) {
    const int open = i == 0 ? 100 : closes[i - 1];
    Bar b = test::minute_bar(i, "1", "1", "1", "1");
    b.open = Decimal::from_int(open);
    b.close = Decimal::from_int(closes[i]);
    b.high = Decimal::from_int(std::max(open, closes[i]) + 1);
    b.low = Decimal::from_int(std::min(open, closes[i]) - 1);
    out.push_back(b);
  }
  return out;
}

BacktestConfig perp() {
  BacktestConfig c;
  c.instrument = *find_builtin_instrument("BTCUSDT", "BINANCE_USDM");
  c.market = Market::UsdM;
  c.futures.leverage = 2;
  c.venue.taker_fee_bps = Decimal::from_int(10);
  c.initial_cash = Decimal::from_int(1000);
  return c;
}

std::unique_ptr<SmaCross> reversing_strategy() {
  StrategyParams params;
  params.set_from_text("fast=2");
  params.set_from_text("slow=3");
  params.set_from_text("short=1");
  return std::make_unique<SmaCross>(params);
}

TEST(Journal, GetsEveryEventFillOrderAndPositionOfTheRunOnce) {
  const auto bars = twenty_bars();
  const BacktestResult whole = run_backtest(perp(), bars, *reversing_strategy());
  Recorder j;
  const BacktestResult streamed = run_backtest(perp(), bars, *reversing_strategy(), {}, &j);

  EXPECT_EQ(j.misorder, "");
  ASSERT_GE(whole.fills.size(), 3u) << "the scenario must trade";
  EXPECT_TRUE(streamed.orders.empty() && streamed.fills.empty() && streamed.order_events.empty());
  EXPECT_TRUE(streamed.equity_curve.empty()) << "equity went to the journal";
  EXPECT_EQ(streamed.tally.orders, whole.orders.size());
  EXPECT_EQ(streamed.tally.fills, whole.fills.size());
  EXPECT_EQ(streamed.final_equity, whole.final_equity);

  ASSERT_EQ(j.fills.size(), whole.fills.size());
  for (std::size_t i = 0; i < j.fills.size(); ++i) {
    EXPECT_EQ(j.fills[i].price, whole.fills[i].price) << i;
    EXPECT_EQ(j.fills[i].quantity, whole.fills[i].quantity) << i;
  }
  ASSERT_EQ(j.events.size(), whole.order_events.size());
  // Numbered 0, 1, 2, … within each order, the first one the creation.
  std::map<Uuid, std::uint32_t> next;
  for (const OrderEvent& e : j.events) {
    EXPECT_EQ(e.seq, next[e.order_id]++);
    if (e.seq == 0) {
      EXPECT_EQ(e.from, OrderStatus::Pending);
      EXPECT_EQ(e.to, OrderStatus::Pending);
    }
  }
  EXPECT_EQ(j.orders.size(), whole.orders.size()) << "every order final once";

  // Each closed position once, then the one still open at the end, marked at the last close.
  std::size_t closed = 0;
  for (const Position& p : whole.positions) closed += p.status != PositionStatus::Open;
  ASSERT_EQ(j.positions.size(), whole.positions.size());
  for (std::size_t i = 0; i + 1 < j.positions.size(); ++i) {
    EXPECT_NE(j.positions[i].status, PositionStatus::Open) << i;
  }
  EXPECT_EQ(closed + 1, j.positions.size());
  EXPECT_EQ(j.positions.back().status, PositionStatus::Open);
  EXPECT_EQ(j.positions.back().mark_price, bars.back().close);
  EXPECT_TRUE(j.trips.empty()) << "futures positions come as positions, not round trips";
  // A start point and one per bar (no sampling).
  EXPECT_EQ(j.equity.size(), bars.size() + 1);
  EXPECT_GT(j.checkpoints, 0u);
  EXPECT_LT(j.checkpoints, bars.size()) << "only bars that journaled something checkpoint";
}

TEST(Journal, GetsALiquidatedPositionAndTheFundingPaid) {
  // An isolated 20× long bought at 100,000 and liquidated inside minute 2 at 95,381.53
  // (futures_scenario_test.cpp works the price), after a funding time at minute 1 + 5 ms
  // with rate 0.0001: the long pays 0.1 × 100,000 (minute 1's open, no mark file) × 0.0001
  // = 1.
  const std::vector<Bar> bars = {test::minute_bar(0, "100000", "100100", "99900", "100000"),
                                 test::minute_bar(1, "100000", "100200", "99800", "99500"),
                                 test::minute_bar(2, "99000", "99100", "95000", "96000"),
                                 test::minute_bar(3, "96000", "96100", "95900", "96000")};
  FundingRate f;
  f.at = Timestamp::from_ns(test::kMinute0.ns + kNanosPerMinute + 5 * kNanosPerMilli);
  f.rate = Decimal::parse("0.0001");
  const std::vector<FundingRate> funding = {f};
  BacktestConfig c = perp();
  c.futures.leverage = 20;
  c.futures.margin_mode = MarginMode::Isolated;
  c.venue.taker_fee_bps = Decimal::from_int(5);
  c.initial_cash = Decimal::from_int(10'000);
  c.funding = funding;
  struct BuyOnce final : Strategy {
    bool sent = false;
    void on_bar(StrategyContext& ctx, const Bar&) override {
      if (std::exchange(sent, true)) return;
      OrderRequest r;
      r.side = OrderSide::Buy;
      r.quantity = Decimal::parse("0.1");
      ctx.submit_order(r);
    }
  } s;
  Recorder j;
  const BacktestResult r = run_backtest(c, bars, s, {}, &j);
  EXPECT_EQ(j.misorder, "");
  EXPECT_EQ(r.liquidations, 1u);
  ASSERT_EQ(j.positions.size(), 1u);
  EXPECT_EQ(j.positions[0].status, PositionStatus::Liquidated);
  EXPECT_EQ(j.positions[0].closed_at, bars[2].close_time);
  ASSERT_EQ(j.funding.size(), 1u);
  EXPECT_EQ(j.funding[0].at, f.at);
  EXPECT_EQ(j.funding[0].mark_price, Decimal::from_int(100'000));
  EXPECT_EQ(j.funding[0].amount, Decimal::from_int(-1));
  EXPECT_EQ(r.total_funding, Decimal::from_int(-1));
}

}  // namespace
}  // namespace talon
