// rsi_reversion over two days of real BTCUSDT 1m klines (2,880 bars). The expected trades
// are not computed by talon: the RSI values are TA-Lib's own TA_RSI output over the same
// bars (tests/data/talib/RSI_14.csv.gz), and the test applies the strategy's documented rule
// to them: buy when flat and RSI goes from < 30 to >= 30, sell when holding and RSI goes
// from > 70 to <= 70, orders filled at the next bar's open. The closest TA-Lib RSI comes to
// either level on these bars is 0.006, so a 1e-9 difference cannot move a signal.
// Worked out once from that file (python, csv module): 26 signals, 13 round trips, the first
// BUY at the close of the 00:20 bar (bar 20), the first SELL at the close of 03:43 (bar 223).

#include <gtest/gtest.h>

#include <cmath>

#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/strategy/registry.hpp>
#include <talon/strategy/rsi_reversion.hpp>

#include "indicators/reference.hpp"
#include "scenario.hpp"
#include "test_data.hpp"

namespace talon {
namespace {

struct Signal {
  std::size_t bar;
  OrderSide side;
};

// The documented rule applied to TA-Lib's RSI (NaN = no value yet).
std::vector<Signal> signals_from(const std::vector<double>& rsi) {
  std::vector<Signal> out;
  bool holding = false;
  double previous = std::nan("");
  for (std::size_t i = 0; i < rsi.size(); ++i) {
    if (std::isnan(rsi[i])) continue;
    const double p = previous;
    previous = rsi[i];
    if (std::isnan(p)) continue;
    if (!holding && p < 30 && rsi[i] >= 30) {
      out.push_back({i, OrderSide::Buy});
      holding = true;
    } else if (holding && p > 70 && rsi[i] <= 70) {
      out.push_back({i, OrderSide::Sell});
      holding = false;
    }
  }
  return out;
}

class RsiReversionScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    bars = read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")).bars;
    config.instrument = *find_builtin_instrument("BTCUSDT");
    config.initial_cash = Decimal::from_int(10'000);
    config.venue.taker_fee_bps = Decimal::from_int(10);
    config.record_indicators = true;
    RsiReversion strategy(14, 30, 70);
    result = run_backtest(config, bars, strategy);
    reference = test::read_reference("RSI_14");
  }
  std::vector<Bar> bars;
  BacktestConfig config;
  BacktestResult result;
  test::Reference reference;
};

TEST_F(RsiReversionScenario, TradesExactlyWhereTaLibsRsiCrossesTheLevels) {
  ASSERT_EQ(reference.open_time_ms.size(), bars.size());
  const std::vector<Signal> expected = signals_from(reference.values[0]);
  ASSERT_EQ(expected.size(), 26u);
  ASSERT_EQ(result.orders.size(), expected.size());
  ASSERT_EQ(result.fills.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const std::size_t i = expected[k].bar;
    EXPECT_EQ(result.orders[k].side, expected[k].side) << k;
    EXPECT_EQ(result.orders[k].type, OrderType::Market) << k;
    EXPECT_EQ(result.orders[k].created_at, bars[i].close_time) << k;
    EXPECT_EQ(result.orders[k].status, OrderStatus::Filled) << k;
    EXPECT_EQ(result.fills[k].executed_at, bars[i + 1].open_time) << k;
    EXPECT_EQ(result.fills[k].price, bars[i + 1].open) << k;
  }
  EXPECT_EQ(result.round_trips.size(), 13u);
  EXPECT_TRUE(result.final_position.is_zero());
}

TEST_F(RsiReversionScenario, FirstBuyAndSellComeAtTheHandCheckedBars) {
  ASSERT_GE(result.orders.size(), 2u);
  EXPECT_EQ(result.orders[0].side, OrderSide::Buy);
  EXPECT_EQ(to_iso8601(result.orders[0].created_at), "2025-06-01T00:20:59.999Z");
  EXPECT_EQ(result.orders[1].side, OrderSide::Sell);
  EXPECT_EQ(to_iso8601(result.orders[1].created_at), "2025-06-01T03:43:59.999Z");
}

TEST_F(RsiReversionScenario, TheDeclaredRsiEqualsTaLibOnEveryBarAndIsNotReadyForFourteenBars) {
  ASSERT_EQ(result.indicators.size(), 1u);
  const IndicatorSeries& s = result.indicators[0];
  EXPECT_EQ(s.name, "RSI");
  EXPECT_EQ(s.params.at("period"), 14.0);
  ASSERT_EQ(s.values.at(0).size(), bars.size());
  for (std::size_t i = 0; i < bars.size(); ++i) {
    EXPECT_EQ(s.times[i], bars[i].open_time);
    const double want = reference.values[0][i];
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(s.values[0][i])) << "bar " << i;
      EXPECT_LT(i, 14u);
    } else {
      EXPECT_TRUE(test::within_1e9(s.values[0][i], want)) << "bar " << i;
    }
  }
}

TEST(RsiReversion, RefusesLevelsOutOfOrderAndUnknownParameters) {
  EXPECT_THROW(RsiReversion(14, 70, 30), InvalidArgument);
  EXPECT_THROW(RsiReversion(1, 30, 70), InvalidArgument);
  StrategyParams p;
  p.set_from_text("lenght=14");
  EXPECT_THROW(make_strategy("rsi_reversion", p), InvalidArgument);
}

// A strategy that only reads: what on_bar sees is the value including the bar it is given.
class SmaProbe final : public Strategy {
 public:
  void on_start(StrategyContext& ctx) override { sma_ = ctx.indicator("SMA", {{"period", 3}}); }
  void on_bar(StrategyContext& ctx, const Bar&) override { seen.push_back(ctx.value(sma_)); }
  std::vector<std::optional<double>> seen;

 private:
  IndicatorRef sma_;
};

TEST(DeclaredIndicators, OnBarSeesTheValueThatIncludesItsOwnBar) {
  // Scenario closes 100 100 100 103 99 96: SMA(3) = -, -, 100, 101, 100.667, 99.333.
  const std::vector<Bar> bars = test::scenario_bars();
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  SmaProbe probe;
  const BacktestResult r = run_backtest(config, bars, probe);
  ASSERT_EQ(probe.seen.size(), bars.size());
  EXPECT_FALSE(probe.seen[0]);
  EXPECT_FALSE(probe.seen[1]);
  EXPECT_DOUBLE_EQ(*probe.seen[2], 100.0);
  EXPECT_DOUBLE_EQ(*probe.seen[3], 101.0);
  EXPECT_NEAR(*probe.seen[4], 302.0 / 3.0, 1e-12);
  EXPECT_NEAR(*probe.seen[5], 298.0 / 3.0, 1e-12);
  EXPECT_TRUE(r.indicators.empty()) << "nothing is kept unless record_indicators";
}

}  // namespace
}  // namespace talon
