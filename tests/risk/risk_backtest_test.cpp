// The risk engine inside backtests: a refusal reaches the strategy as a REJECTED order
// update and marks its decision unapproved; halting limits stop the run at the bar whose
// close equity breaches them, worked out here from the books rather than from the engine;
// with no limit configured a run is exactly what it was without the engine.

#include <gtest/gtest.h>

#include <map>

#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/risk/risk_engine.hpp>
#include <talon/strategy/sma_cross.hpp>

#include "desk.hpp"
#include "scenario.hpp"
#include "test_data.hpp"

namespace talon {
namespace {

using test::D;
using test::limits;

// Submits the planned requests at the close of their bar (index from 0), each under a BUY
// or SELL decision; keeps every order update.
class Scripted final : public Strategy {
 public:
  explicit Scripted(std::map<int, std::vector<OrderRequest>> plan) : plan_(std::move(plan)) {}
  void on_bar(StrategyContext& ctx, const Bar&) override {
    if (const auto it = plan_.find(bar_); it != plan_.end()) {
      for (const OrderRequest& r : it->second) {
        TradeDecision d;
        d.action = r.side == OrderSide::Buy ? DecisionAction::Buy : DecisionAction::Sell;
        d.size = r.quantity;
        ctx.decide(d);
        ctx.submit_order(r);
      }
    }
    ++bar_;
  }
  void on_order_update(StrategyContext&, const Order& o) override { updates.push_back(o); }
  std::vector<Order> updates;

 private:
  std::map<int, std::vector<OrderRequest>> plan_;
  int bar_ = 0;
};

BacktestConfig scenario_config() {
  BacktestConfig c;
  c.instrument = *find_builtin_instrument("BTCUSDT");
  c.initial_cash = Decimal::from_int(1'000);
  return c;
}

TEST(RiskMaxOrderSize, InABacktestTheRefusalReachesTheStrategyAndTheDecision) {
  const std::vector<Bar> bars = test::scenario_bars();
  Scripted s(
      {{0, {test::market(OrderSide::Buy, "1")}}, {2, {test::market(OrderSide::Buy, "1.00001")}}});
  RiskEngine engine(limits({"max_order_size=1"}), nullptr, "bot", [](std::string_view) {});
  BacktestConfig c = scenario_config();
  c.risk = &engine;
  DecisionLog log;
  c.decisions = &log;
  const BacktestResult r = run_backtest(c, bars, s);
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_EQ(r.orders[0].status, OrderStatus::Filled);
  EXPECT_EQ(r.orders[1].status, OrderStatus::Rejected);
  EXPECT_EQ(r.orders[1].reject_reason.rfind("MAX_ORDER_SIZE: order quantity 1.00001", 0), 0u)
      << r.orders[1].reject_reason;
  ASSERT_FALSE(s.updates.empty());
  EXPECT_EQ(s.updates.back().status, OrderStatus::Rejected);
  EXPECT_EQ(s.updates.back().reject_reason, r.orders[1].reject_reason);
  ASSERT_EQ(log.decisions().size(), 2u);
  EXPECT_TRUE(log.decisions()[0].approved);
  EXPECT_FALSE(log.decisions()[1].approved);
  EXPECT_EQ(log.decisions()[1].risk_reason, r.orders[1].reject_reason);
}

TEST(RiskEngineBacktest, NoLimitConfiguredChangesNothing) {
  const std::vector<Bar> bars = test::scenario_bars();
  SmaCross a(2, 3);
  SmaCross b(2, 3);
  const BacktestResult plain = run_backtest(scenario_config(), bars, a);
  RiskEngine engine(RiskLimits{}, nullptr, "bot", [](std::string_view) {});
  BacktestConfig c = scenario_config();
  c.risk = &engine;
  const BacktestResult guarded = run_backtest(c, bars, b);
  EXPECT_EQ(guarded.final_equity, plain.final_equity);
  EXPECT_EQ(guarded.orders.size(), plain.orders.size());
  EXPECT_EQ(guarded.fills.size(), plain.fills.size());
  EXPECT_FALSE(guarded.risk_breach.has_value());
}

TEST(RiskMaxDailyLoss, ScenarioHaltsAtTheBarWhoseCloseLosesTheLimit) {
  // Buy 5 BTC at the close of bar 0 (fills at bar 1's open, 100); cash 1000 − 500 − fee.
  // Equity at a close = cash + 5 × close: the closes 103, 99, 96 lose 5 × (100 − close) plus
  // the fee from the start of the day (1000). A limit of 20 is first reached at bar 5 (96:
  // loss 20 + fee), not at bar 4 (99: loss 5 + fee).
  const std::vector<Bar> bars = test::scenario_bars();
  Scripted s({{0, {test::market(OrderSide::Buy, "5")}}, {6, {test::market(OrderSide::Sell, "1")}}});
  RiskEngine engine(limits({"max_daily_loss=20"}), nullptr, "bot", [](std::string_view) {});
  BacktestConfig c = scenario_config();
  c.risk = &engine;
  const BacktestResult r = run_backtest(c, bars, s);
  ASSERT_TRUE(r.risk_breach.has_value());
  EXPECT_EQ(r.risk_breach->limit, "max_daily_loss");
  EXPECT_EQ(r.risk_breach->bar_open_time, bars[5].open_time);
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_EQ(r.orders[1].reject_reason.rfind("MAX_DAILY_LOSS", 0), 0u) << r.orders[1].reject_reason;
  // One lot less of loss at bar 5 is inside: a limit just above the loss never breaches.
  const Decimal loss_at_5 = r.risk_breach->value;
  RiskLimits wider;
  wider.max_daily_loss = loss_at_5 + Decimal::from_raw(1);
  Scripted s2({{0, {test::market(OrderSide::Buy, "5")}}});
  RiskEngine e2(wider, nullptr, "bot", [](std::string_view) {});
  c.risk = &e2;
  const BacktestResult r2 = run_backtest(c, bars, s2);
  EXPECT_FALSE(r2.risk_breach.has_value());
}

// The drawdown breach over two days of real Binance spot BTCUSDT minutes: buy with 9000 of
// the 10,000 USDT at the first close and hold, while a far limit buy rests every 100 bars.
class BuyHoldAndRest final : public Strategy {
 public:
  void on_bar(StrategyContext& ctx, const Bar& bar) override {
    if (bar_ == 0) {
      OrderRequest r;
      r.type = OrderType::Market;
      r.quote_quantity = Decimal::from_int(9'000);
      ctx.submit_order(r);
    } else if (bar_ % 100 == 0) {
      OrderRequest r = test::limit(OrderSide::Buy, "0.01", "1000");
      (void)bar;
      ctx.submit_order(r);
    }
    ++bar_;
  }

 private:
  int bar_ = 0;
};

TEST(RiskMaxDrawdown, RealDataStopsAtTheBarComputedByHand) {
  const std::vector<Bar> bars =
      read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")).bars;
  BacktestConfig c;
  c.instrument = *find_builtin_instrument("BTCUSDT");
  c.initial_cash = Decimal::from_int(10'000);
  const Decimal limit = D("0.01");

  // By hand: the run without the engine holds final_position BTC and final_cash USDT from the
  // fill at bar 1's open on (the resting buys at 1000 never fill). Equity at bar i's close is
  // cash + position × close (bar 0: the initial cash); the peak starts at the initial cash.
  BuyHoldAndRest plain_strategy;
  const BacktestResult plain = run_backtest(c, bars, plain_strategy);
  ASSERT_TRUE(plain.final_position.is_positive());
  std::optional<std::size_t> expected;
  __int128 peak = c.initial_cash.raw();
  for (std::size_t i = 0; i < bars.size() && !expected; ++i) {
    const __int128 equity =
        i == 0 ? c.initial_cash.raw()
               : plain.final_cash.raw() + static_cast<__int128>(plain.final_position.raw()) *
                                              bars[i].close.raw() / Decimal::kOne;
    if (equity > peak) peak = equity;
    // (peak − equity) / peak ≥ 0.01  ⇔  100 × (peak − equity) ≥ peak
    if (100 * (peak - equity) >= peak) expected = i;
  }
  ASSERT_TRUE(expected.has_value()) << "the data never draws down 1 %";
  RecordProperty("expected_bar", static_cast<int>(*expected));

  RiskEngine engine(limits({"max_drawdown=0.01"}), nullptr, "bot", [](std::string_view) {});
  c.risk = &engine;
  BuyHoldAndRest guarded_strategy;
  const BacktestResult r = run_backtest(c, bars, guarded_strategy);
  ASSERT_TRUE(r.risk_breach.has_value());
  EXPECT_EQ(r.risk_breach->limit, "max_drawdown");
  EXPECT_EQ(r.risk_breach->bar_open_time, bars[*expected].open_time)
      << "expected bar " << *expected;
  EXPECT_GE(r.risk_breach->value, limit);
  // From the breach on: the resting orders were cancelled, every later one refused.
  const Timestamp breach_close = bars[*expected].close_time;
  std::size_t refused = 0;
  for (const Order& o : r.orders) {
    if (o.created_at > breach_close) {
      EXPECT_EQ(o.status, OrderStatus::Rejected);
      EXPECT_EQ(o.reject_reason.rfind("MAX_DRAWDOWN", 0), 0u) << o.reject_reason;
      ++refused;
    } else if (o.type == OrderType::Limit) {
      EXPECT_EQ(o.status, OrderStatus::Cancelled);
    }
  }
  EXPECT_GT(refused, 0u);
  // Positions are kept (close_on_breach off).
  EXPECT_EQ(r.final_position, plain.final_position);
}

TEST(RiskMaxDrawdown, CloseOnBreachSellsThePosition) {
  const std::vector<Bar> bars =
      read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")).bars;
  BacktestConfig c;
  c.instrument = *find_builtin_instrument("BTCUSDT");
  c.initial_cash = Decimal::from_int(10'000);
  RiskEngine engine(limits({"max_drawdown=0.01", "close_on_breach=true"}), nullptr, "bot",
                    [](std::string_view) {});
  c.risk = &engine;
  BuyHoldAndRest s;
  const BacktestResult r = run_backtest(c, bars, s);
  ASSERT_TRUE(r.risk_breach.has_value());
  EXPECT_TRUE(r.final_position.is_zero());
}

}  // namespace
}  // namespace talon
