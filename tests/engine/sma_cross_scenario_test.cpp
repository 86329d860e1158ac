// A 20-bar sma_cross backtest (fast=2, slow=3) whose every signal, fill, fee, round trip and
// final equity was worked out by hand; the arithmetic is written next to each number.
//
// Closes: 100 100 100 103 99 96 100 104 106 108 110 104 102 101 104 107 112 115 108 106
// Opens are the previous close, except bar 8 (105) and bar 12 (103); high/low 1 outside.
// Crosses of SMA(2) against SMA(3):
//   bar 3: 101.5 > 101     first sign, no cross (nothing before it)
//   bar 5: 97.5 < 99.33    cross below while flat: ignored
//   bar 7: 102 > 100       cross above → BUY at bar 8 open 105
//   bar 11: 107 < 107.33   cross below → SELL at bar 12 open 103
//   bar 14: 102.5 > 102.33 cross above → BUY at bar 15 open 104
//   bar 18: 111.5 < 111.67 cross below → SELL at bar 19 open 108
// Instrument BTCUSDT (lot 0.00001, min notional 5), cash 1000, taker fee 10 bps.

#include <gtest/gtest.h>

#include <talon/analytics/metrics.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/strategy/sma_cross.hpp>

#include "scenario.hpp"

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

class SmaCrossScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    config.instrument = *find_builtin_instrument("BTCUSDT");
    config.initial_cash = Decimal::from_int(1000);
    config.venue.taker_fee_bps = Decimal::from_int(10);
    SmaCross strategy(2, 3);
    bars = test::scenario_bars();
    result = run_backtest(config, bars, strategy);
  }
  BacktestConfig config;
  std::vector<Bar> bars;
  BacktestResult result;
};

TEST_F(SmaCrossScenario, FourMarketOrdersAllFilledAtTheNextOpen) {
  ASSERT_EQ(result.orders.size(), 4u);
  ASSERT_EQ(result.fills.size(), 4u);
  const int fill_bars[4] = {8, 12, 15, 19};
  const char* prices[4] = {"105", "103", "104", "108"};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(result.orders[i].status, OrderStatus::Filled) << i;
    EXPECT_EQ(result.orders[i].side, i % 2 == 0 ? OrderSide::Buy : OrderSide::Sell) << i;
    EXPECT_EQ(result.orders[i].created_at, bars[fill_bars[i] - 1].close_time) << i;
    EXPECT_EQ(result.fills[i].executed_at, bars[fill_bars[i]].open_time) << i;
    EXPECT_EQ(result.fills[i].price, D(prices[i])) << i;
    EXPECT_EQ(result.fills[i].fee_currency, "USDT");
  }
}

TEST_F(SmaCrossScenario, BuyQuantityIsRoundedDownToTheLotSoCostPlusFeeFitsTheCash) {
  // 1000 / (105 × 1.001) = 9.514295... → 9.51429 (lot 0.00001).
  // 105 × 9.51429 = 999.00045, fee 0.1 % = 0.99900045, total 999.99945045 ≤ 1000;
  // one more lot would cost 999.0015 + 0.9990015 = 1000.0005015 > 1000.
  EXPECT_EQ(result.fills[0].quantity, D("9.51429"));
  EXPECT_EQ(result.fills[0].fee, D("0.99900045"));
  // Sell all 9.51429 at 103: notional 979.97187, fee 0.97997187.
  EXPECT_EQ(result.fills[1].quantity, D("9.51429"));
  EXPECT_EQ(result.fills[1].fee, D("0.97997187"));
  // Cash 0.00054955 + 979.97187 − 0.97997187 = 978.99244768;
  // 978.99244768 / (104 × 1.001) = 9.40398... → 9.40398: 978.01392 + fee 0.97801392.
  EXPECT_EQ(result.fills[2].quantity, D("9.40398"));
  EXPECT_EQ(result.fills[2].fee, D("0.97801392"));
  // Sell 9.40398 at 108: notional 1015.62984, fee 1.01562984.
  EXPECT_EQ(result.fills[3].fee, D("1.01562984"));
}

TEST_F(SmaCrossScenario, RoundTripPnlIncludesBothFees) {
  ASSERT_EQ(result.round_trips.size(), 2u);
  // 979.97187 − 999.00045 − 0.99900045 − 0.97997187 = −21.00755232
  EXPECT_EQ(result.round_trips[0].pnl, D("-21.00755232"));
  // 1015.62984 − 978.01392 − 0.97801392 − 1.01562984 = 35.62227624
  EXPECT_EQ(result.round_trips[1].pnl, D("35.62227624"));
  EXPECT_EQ(result.round_trips[1].entry_time, bars[15].open_time);
  EXPECT_EQ(result.round_trips[1].exit_time, bars[19].open_time);
}

TEST_F(SmaCrossScenario, FinalEquityIsCashAfterTheLastSell) {
  // 0.00051376 + 1015.62984 − 1.01562984 = 1014.61472392
  EXPECT_EQ(result.final_cash, D("1014.61472392"));
  EXPECT_EQ(result.final_equity, D("1014.61472392"));
  EXPECT_TRUE(result.final_position.is_zero());
  // Fees: 0.99900045 + 0.97997187 + 0.97801392 + 1.01562984
  EXPECT_EQ(result.total_fees, D("3.97261608"));
}

TEST_F(SmaCrossScenario, EquityIsMarkedAtEveryClose) {
  ASSERT_EQ(result.equity_curve.size(), 21u);
  EXPECT_EQ(result.equity_curve[0].equity, D("1000"));
  EXPECT_EQ(result.equity_curve[0].at, bars[0].open_time);
  // Bar 8 close 106: 0.00054955 + 9.51429 × 106 = 1008.51528955
  EXPECT_EQ(result.equity_curve[9].equity, D("1008.51528955"));
  EXPECT_EQ(result.equity_curve[9].at, bars[8].close_time);
  // Bar 10 close 110 (the peak before the drawdown): 0.00054955 + 1046.5719 = 1046.57244955
  EXPECT_EQ(result.equity_curve[11].equity, D("1046.57244955"));
  // Bar 17 close 115: 0.00051376 + 9.40398 × 115 = 1081.45821376
  EXPECT_EQ(result.equity_curve[18].equity, D("1081.45821376"));
}

TEST_F(SmaCrossScenario, MetricsMatchTheHandComputation) {
  const BacktestMetrics m = compute_metrics(result);
  EXPECT_EQ(m.initial_capital, D("1000"));
  EXPECT_EQ(m.final_equity, D("1014.61472392"));
  EXPECT_EQ(m.total_trades, 2);
  EXPECT_EQ(m.winning_trades, 1);
  EXPECT_EQ(m.losing_trades, 1);
  EXPECT_EQ(m.win_rate, D("50"));
  EXPECT_EQ(m.avg_win, D("35.62227624"));
  EXPECT_EQ(m.avg_loss, D("-21.00755232"));
  EXPECT_EQ(m.largest_win, D("35.62227624"));
  EXPECT_EQ(m.largest_loss, D("-21.00755232"));
  // 35.62227624 / 21.00755232 = 1.695689036... → 1.69568904
  ASSERT_TRUE(m.profit_factor.has_value());
  EXPECT_EQ(*m.profit_factor, D("1.69568904"));
  // Peak 1046.57244955 (bar 10), trough 978.99244768 (bars 12-14, cash after the sell):
  // (1046.57244955 − 978.99244768) / 1046.57244955 = 0.064572689... → 0.06457269
  EXPECT_EQ(m.max_drawdown, D("0.06457269"));
  // Under water from bar 10's close to bar 16's close (1053.25 ≥ peak): 6 minutes = 0.1 h
  EXPECT_EQ(m.max_drawdown_duration_hours, D("0.1"));
  // All 20 bars fall in one UTC day: one daily return, so no Sharpe or Sortino.
  EXPECT_EQ(m.daily_equity.size(), 1u);
  EXPECT_FALSE(m.sharpe_ratio.has_value());
  EXPECT_FALSE(m.sortino_ratio.has_value());
}

TEST_F(SmaCrossScenario, EveryOrderWalksPendingSubmittedNewFilled) {
  ASSERT_EQ(result.order_events.size(), 16u);
  const OrderStatus path[4] = {OrderStatus::Pending, OrderStatus::Submitted, OrderStatus::New,
                               OrderStatus::Filled};
  for (std::size_t i = 0; i < result.order_events.size(); ++i) {
    EXPECT_EQ(result.order_events[i].to, path[i % 4]) << i;
    EXPECT_EQ(result.order_events[i].order_id, result.orders[i / 4].id) << i;
  }
}

BacktestResult run_first(std::size_t n) {
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  config.initial_cash = Decimal::from_int(1000);
  config.venue.taker_fee_bps = Decimal::from_int(10);
  std::vector<Bar> bars = test::scenario_bars();
  bars.resize(n);
  SmaCross strategy(2, 3);
  return run_backtest(config, bars, strategy);
}

TEST(SmaCrossBacktest, PositionStillOpenAtTheEndIsMarkedAtTheLastClose) {
  const BacktestResult r = run_first(18);  // ends at bar 17, holding 9.40398 bought at 104
  EXPECT_EQ(r.round_trips.size(), 1u);
  EXPECT_EQ(r.final_position, Decimal::parse("9.40398"));
  // 0.00051376 + 9.40398 × 115 = 1081.45821376
  EXPECT_EQ(r.final_equity, Decimal::parse("1081.45821376"));
}

TEST(SmaCrossBacktest, OrderQueuedAfterTheLastBarNeverFills) {
  const BacktestResult r = run_first(19);  // bar 18 crosses below; there is no bar 19 to fill
  ASSERT_EQ(r.orders.size(), 4u);
  EXPECT_EQ(r.orders[3].status, OrderStatus::Submitted);  // in flight: acknowledged at a next bar
  EXPECT_EQ(r.fills.size(), 3u);
  // Still holding, marked at bar 18's close 108: 0.00051376 + 9.40398 × 108 = 1015.63035376
  EXPECT_EQ(r.final_equity, Decimal::parse("1015.63035376"));
}

TEST(SmaCrossBacktest, RejectsFastNotBelowSlow) {
  EXPECT_THROW(SmaCross(30, 10), InvalidArgument);
  EXPECT_THROW(SmaCross(0, 10), InvalidArgument);
  StrategyParams typo;
  typo.set("fsat", "5");
  EXPECT_THROW(SmaCross{typo}, InvalidArgument);
}

}  // namespace
}  // namespace talon
