// Each built-in strategy on a short slice of real data, its decisions (BUY/SELL, OPEN/CLOSE)
// and orders checked against lists worked out independently of talon's code:
// tests/engine/strategy_expectations.py applies the published indicator formulas in plain
// Python to the same bars and prints these lists; grid, dca and funding_carry are worked by
// hand in the comments. Spot runs: the first 300 one-minute bars of Binance spot BTCUSDT from
// 2025-06-01T00:00Z (tests/data), 10,000 USDT, 10 bps taker fee.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <talon/data/binance_files.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/engine/run_spec.hpp>
#include <talon/strategy/avellaneda_stoikov.hpp>
#include <talon/strategy/registry.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

using Expected = std::vector<std::pair<int, const char*>>;  // (bar index, action)

const std::vector<Bar>& slice() {
  static const std::vector<Bar> bars = [] {
    std::vector<Bar> all =
        read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")).bars;
    all.resize(300);
    return all;
  }();
  return bars;
}

struct Ran {
  BacktestResult result;
  std::vector<TradeDecision> decisions;
};

Ran run(const std::string& id, std::map<std::string, std::string> params,
        DecisionRecording level = DecisionRecording::Actions) {
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  config.initial_cash = Decimal::from_int(10'000);
  DecisionLog log;
  config.decisions = &log;
  config.decision_recording = level;
  std::unique_ptr<Strategy> s = make_strategy(id, StrategyParams(std::move(params)));
  Ran r;
  r.result = run_backtest(config, slice(), *s);
  r.decisions = log.take();
  return r;
}

// Decisions as (bar index, action), the bar found by the decision time = its close.
Expected actions(const Ran& r) {
  Expected out;
  for (const TradeDecision& d : r.decisions) {
    const Timestamp t0 = slice().front().open_time;
    out.emplace_back(static_cast<int>((d.at.ns - t0.ns) / kNanosPerMinute),
                     to_string(d.action).data());
  }
  return out;
}

void expect_actions(const Ran& r, const Expected& want) {
  const Expected got = actions(r);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].first, want[i].first) << "decision " << i;
    EXPECT_STREQ(got[i].second, want[i].second) << "decision " << i;
  }
  // One market order per decision, on the decision's side, sent at its time; all but one
  // sent at the last close fill at the next open.
  ASSERT_EQ(r.result.orders.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Order& o = r.result.orders[i];
    ASSERT_EQ(r.decisions[i].orders.size(), 1u);
    EXPECT_EQ(r.decisions[i].orders[0], o.client_order_id);
    EXPECT_EQ(o.side, std::string(want[i].second) == "BUY" ? OrderSide::Buy : OrderSide::Sell);
    EXPECT_EQ(o.created_at, r.decisions[i].at);
    EXPECT_TRUE(r.decisions[i].approved);
    if (want[i].first < 299) {
      EXPECT_EQ(o.status, OrderStatus::Filled) << "order " << i;
    }
  }
}

TEST(BuiltinStrategies, EmaCrossFollowsTheCrossesOfEma5AndEma20) {
  expect_actions(run("ema_cross", {{"fast", "5"}, {"slow", "20"}}), {{38, "BUY"},
                                                                     {54, "SELL"},
                                                                     {74, "BUY"},
                                                                     {79, "SELL"},
                                                                     {91, "BUY"},
                                                                     {92, "SELL"},
                                                                     {109, "BUY"},
                                                                     {111, "SELL"},
                                                                     {139, "BUY"},
                                                                     {177, "SELL"},
                                                                     {209, "BUY"},
                                                                     {249, "SELL"},
                                                                     {250, "BUY"},
                                                                     {251, "SELL"},
                                                                     {252, "BUY"},
                                                                     {299, "SELL"}});
}

TEST(BuiltinStrategies, MacdTrendFollowsTheSignalLineCrosses) {
  expect_actions(
      run("macd_trend", {}),
      {{59, "BUY"},  {64, "SELL"},  {72, "BUY"},  {79, "SELL"},  {88, "BUY"},  {93, "SELL"},
       {106, "BUY"}, {113, "SELL"}, {132, "BUY"}, {134, "SELL"}, {135, "BUY"}, {164, "SELL"},
       {169, "BUY"}, {172, "SELL"}, {197, "BUY"}, {203, "SELL"}, {207, "BUY"}, {236, "SELL"},
       {257, "BUY"}, {265, "SELL"}, {270, "BUY"}, {286, "SELL"}});
}

TEST(BuiltinStrategies, BollingerBreakoutBuysAboveTheUpperBandAndSellsBelowTheMiddle) {
  expect_actions(run("bollinger_breakout", {}), {{74, "BUY"},
                                                 {78, "SELL"},
                                                 {167, "BUY"},
                                                 {174, "SELL"},
                                                 {226, "BUY"},
                                                 {246, "SELL"},
                                                 {256, "BUY"},
                                                 {288, "SELL"}});
}

TEST(BuiltinStrategies, BollingerReversionBuysBelowTheLowerBandAndSellsAboveTheMiddle) {
  expect_actions(run("bollinger_reversion", {}), {{23, "BUY"},
                                                  {35, "SELL"},
                                                  {54, "BUY"},
                                                  {59, "SELL"},
                                                  {64, "BUY"},
                                                  {71, "SELL"},
                                                  {97, "BUY"},
                                                  {107, "SELL"},
                                                  {113, "BUY"},
                                                  {137, "SELL"},
                                                  {183, "BUY"},
                                                  {197, "SELL"},
                                                  {203, "BUY"},
                                                  {207, "SELL"}});
}

TEST(BuiltinStrategies, DonchianBreakoutBuysNewHighsAndSellsNewLowsOrTheStop) {
  const Ran r = run("donchian_breakout", {{"atr", "14"}});
  expect_actions(r, {{45, "BUY"},
                     {47, "SELL"},
                     {74, "BUY"},
                     {78, "SELL"},
                     {141, "BUY"},
                     {165, "SELL"},
                     {167, "BUY"},
                     {175, "SELL"},
                     {209, "BUY"},
                     {239, "SELL"},
                     {258, "BUY"},
                     {288, "SELL"}});
  // A Turtle unit of 1 % of 10,000 USDT per ATR (about 20 USDT on 1-minute BTC bars) would
  // be ~5 BTC, far more than the cash: the whole free cash is spent instead.
  EXPECT_EQ(r.decisions[0].size_quote, Decimal::from_int(10'000));
}

TEST(BuiltinStrategies, SupertrendFollowsItsDirection) {
  expect_actions(run("supertrend", {}), {{71, "BUY"},
                                         {78, "SELL"},
                                         {88, "BUY"},
                                         {94, "SELL"},
                                         {107, "BUY"},
                                         {113, "SELL"},
                                         {140, "BUY"},
                                         {165, "SELL"},
                                         {167, "BUY"},
                                         {177, "SELL"},
                                         {207, "BUY"},
                                         {246, "SELL"},
                                         {256, "BUY"},
                                         {288, "SELL"}});
}

TEST(BuiltinStrategies, DcaBuysAtTheFirstCloseThenEveryHourByTimer) {
  const Ran r = run("dca", {{"amount", "100"}, {"every_hours", "1"}});
  // First close 00:00:59.999 (bar 0), then timers at 01:00:59.999 ... 04:00:59.999, each
  // after the bar closing at that instant (bars 60, 120, 180, 240). Bar 299 closes at
  // 04:59:59.999: no 5th timer.
  expect_actions(r, {{0, "BUY"}, {60, "BUY"}, {120, "BUY"}, {180, "BUY"}, {240, "BUY"}});
  for (const Order& o : r.result.orders) EXPECT_EQ(o.quote_quantity, Decimal::from_int(100));
  for (const TradeDecision& d : r.decisions) EXPECT_EQ(d.size_quote, Decimal::from_int(100));
}

TEST(BuiltinStrategies, GridLaddersBuysBelowTheFirstCloseAndAnswersEachFill) {
  const Ran r = run("grid", {{"levels", "3"}, {"spacing_pct", "0.1"}, {"order_quote", "1000"}});
  // First close 104,647.11. Levels 104,647.11 × (1 − 0.001 k) rounded down to the 0.01 tick:
  // 104,542.46 (k=1), 104,437.81, 104,333.16; quantity floor(1000 / price, 0.00001):
  // 1000 / 104,542.46 = 0.0095654 → 0.00956; / 104,437.81 = 0.0095751 → 0.00957;
  // / 104,333.16 = 0.0095847 → 0.00958.
  ASSERT_GE(r.decisions.size(), 4u);
  const char* prices[] = {"104542.46", "104437.81", "104333.16"};
  const char* quantities[] = {"0.00956", "0.00957", "0.00958"};
  for (int k = 0; k < 3; ++k) {
    const Order& o = r.result.orders[static_cast<std::size_t>(k)];
    EXPECT_EQ(o.type, OrderType::Limit);
    EXPECT_EQ(o.price, Decimal::parse(prices[k]));
    EXPECT_EQ(o.quantity, Decimal::parse(quantities[k]));
    EXPECT_EQ(r.decisions[static_cast<std::size_t>(k)].action, DecisionAction::Buy);
  }
  // Bar 2 is the first whose low (104,537.73) reaches 104,542.46: the level-1 buy fills
  // there at its limit on the bar's path after its open, so stamped with bar 2's close time
  // (simulated_venue.hpp); the answer is a SELL of 0.00956 at 104,542.46 × 1.001 =
  // 104,647.00246, rounded up to 104,647.01.
  const TradeDecision& answer = r.decisions[3];
  EXPECT_EQ(answer.action, DecisionAction::Sell);
  EXPECT_EQ((answer.at.ns - slice().front().open_time.ns) / kNanosPerMinute, 2);
  const Order& sell = r.result.orders[3];
  EXPECT_EQ(sell.side, OrderSide::Sell);
  EXPECT_EQ(sell.price, Decimal::parse("104647.01"));
  EXPECT_EQ(sell.quantity, Decimal::parse("0.00956"));
  EXPECT_EQ(r.result.orders[0].status, OrderStatus::Filled);
  EXPECT_EQ(r.result.orders[0].filled_at, slice()[2].close_time);
  // The answer is decided while the venue walks bar 2's path: the clock still reads the bar's
  // open (the kernel moves it by events, not along the path).
  EXPECT_EQ(answer.at, slice()[2].open_time);
}

TEST(BuiltinStrategies, FundingCarryShortsWhileFundingPaysShorts) {
  // ETHUSDT perpetual, 2025-05-04T16:00Z to 2025-05-08T00:00Z (data/). Funding rates at the
  // settlements of that window (the CSV): -0.0000267, 0.00000181, 0.00001998, 0.00001194,
  // 0.00006899 (05-06 00:00:00.002), -0.00001836 (05-06 08:00:00.005), -0.00003589,
  // 0.00003273, 0.00008548 (05-07 08:00:00.000), -0.00000648 (05-07 16:00:00.006).
  // enter 0.5 bps = 0.00005, exit 0: short at 0.00006899 and 0.00008548, close at the next
  // settlement each time (both negative).
  const std::vector<Bar> all =
      read_klines(test::repo_data("binance_usdm_ETHUSDT_1m_2025-05-04_2025-06-15.csv.gz")).bars;
  const Timestamp end = parse_iso8601("2025-05-08T00:00:00Z");
  std::vector<Bar> bars;
  for (const Bar& b : all) {
    if (b.open_time < end) bars.push_back(b);
  }
  std::vector<FundingRate> funding;
  for (const FundingRate& f : read_funding_rates(
           test::repo_data("binance_usdm_ETHUSDT_funding_rate_2025-05-04_2025-06-15.csv"))) {
    if (f.at < end) funding.push_back(f);
  }
  BacktestConfig config;
  config.market = Market::UsdM;
  config.instrument = *find_builtin_instrument("ETHUSDT", "BINANCE_USDM");
  config.futures.tiers = *find_builtin_usdm_brackets("ETHUSDT");
  config.futures.leverage = 1;
  config.funding = funding;
  config.initial_cash = Decimal::from_int(10'000);
  DecisionLog log;
  config.decisions = &log;
  std::unique_ptr<Strategy> s =
      make_strategy("funding_carry", StrategyParams({{"enter_bps", "0.5"}, {"exit_bps", "0"}}));
  const BacktestResult result = run_backtest(config, bars, *s);
  const std::vector<TradeDecision>& d = log.decisions();
  ASSERT_EQ(d.size(), 4u);
  const char* times[] = {"2025-05-06T00:00:00.002Z", "2025-05-06T08:00:00.005Z",
                         "2025-05-07T08:00:00Z", "2025-05-07T16:00:00.006Z"};
  const DecisionAction acts[] = {DecisionAction::OpenShort, DecisionAction::ClosePosition,
                                 DecisionAction::OpenShort, DecisionAction::ClosePosition};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(d[i].at, parse_iso8601(times[i])) << i;
    EXPECT_EQ(d[i].action, acts[i]) << i;
    ASSERT_EQ(d[i].orders.size(), 1u);
  }
  ASSERT_EQ(result.orders.size(), 4u);
  EXPECT_EQ(result.orders[0].side, OrderSide::Sell);
  EXPECT_TRUE(result.orders[1].reduce_only);
  for (const Order& o : result.orders) EXPECT_EQ(o.status, OrderStatus::Filled);
  EXPECT_TRUE(result.final_position.is_zero());
  // Each short fills at the open of the minute after the settlement that opened it, so it is
  // open over exactly one settlement: the one that closes it (−0.00001836, −0.00000648: a
  // negative rate, the short pays). No other settlement finds a position open.
  EXPECT_EQ(result.funding_payments, 2u);
}

TEST(BuiltinStrategies, AvellanedaStoikovQuotesAroundTheReservationPrice) {
  // The formulas at a point worked by hand: γ = 0.1, κ = 1.5, σ = 1, s = 100, q = 2, τ = 10 s:
  // r = 100 − 2 × 0.1 × 1 × 10 = 98; δ = 0.1 × 10 + (2 / 0.1) ln(1 + 0.1 / 1.5) = 1 +
  // 20 × 0.06453852 = 2.29077; bid = 98 − 1.145385 = 96.854615, ask = 99.145385.
  const AvellanedaStoikov as{StrategyParams{}};
  const AvellanedaStoikov::Quotes q = as.quotes(100, 2, 10);
  EXPECT_NEAR(q.bid, 96.854615, 1e-6);
  EXPECT_NEAR(q.ask, 99.145385, 1e-6);

  // Book mode on the real capture of 2024-08-08 (tests/data). The snapshot of 23:54:14.2066
  // has best bid 61,837.63 and best ask 61,837.64: s = 61,837.635; q = 0, τ = T = 60 s:
  // δ = 6 + 1.29077 = 7.29077, bid = 61,837.635 − 3.645385 = 61,833.989615, down to the
  // tick 61,833.98; no ask (nothing held). It is requoted (cancelled, posted again) every
  // second of the run: the first quote is cancelled at 23:54:15.2066.
  RunSpec spec;
  InstrumentSpec in;
  in.instrument = *find_builtin_instrument("BTCUSDT");
  in.fill = FillMode::Book;
  in.depth_snapshot_file =
      test::test_data("binance_spot_BTCUSDT_depth_snapshot_2024-08-08T235414.csv.gz");
  in.depth_updates_file =
      test::test_data("binance_spot_BTCUSDT_depth_updates_2024-08-08T235415_60s.csv.gz");
  in.trades_file = test::test_data("binance_spot_BTCUSDT_trades_2024-08-08T235415_60s.csv.gz");
  spec.instruments.push_back(in);
  spec.strategy = "avellaneda_stoikov";
  DecisionLog log;
  spec.decisions = &log;
  const std::vector<InstrumentData> data = load_run_data(spec);
  const Timestamp snapshot = data[0].depth_snapshot->at;
  const RunResult r = run_spec(spec, data);
  const InstrumentResult& btc = r.instruments[0];
  ASSERT_FALSE(btc.orders.empty());
  const Order& first = btc.orders[0];
  EXPECT_EQ(first.type, OrderType::Limit);
  EXPECT_EQ(first.time_in_force, TimeInForce::Gtx);
  EXPECT_EQ(first.side, OrderSide::Buy);
  EXPECT_EQ(first.price, Decimal::parse("61833.98"));
  EXPECT_EQ(first.quantity, Decimal::parse("0.001"));
  EXPECT_EQ(first.created_at, snapshot);
  EXPECT_EQ(first.status, OrderStatus::Cancelled);
  EXPECT_EQ(first.cancelled_at.ns - snapshot.ns, kNanosPerSecond);
  ASSERT_FALSE(log.decisions().empty());
  EXPECT_EQ(log.decisions()[0].action, DecisionAction::Buy);
  EXPECT_EQ(log.decisions()[0].at, snapshot);
  EXPECT_EQ(log.decisions()[0].orders[0], first.client_order_id);
  // About one quote a second over the 61 s (more once it holds base and quotes both sides).
  EXPECT_GE(log.decisions().size(), 55u);
}

TEST(BuiltinStrategies, EveryBuiltinIsListedWithDeclaredParameters) {
  const std::vector<std::string> want = {"sma_cross",
                                         "ema_cross",
                                         "rsi_reversion",
                                         "macd_trend",
                                         "bollinger_breakout",
                                         "bollinger_reversion",
                                         "donchian_breakout",
                                         "supertrend",
                                         "grid",
                                         "dca",
                                         "funding_carry",
                                         "avellaneda_stoikov"};
  EXPECT_EQ(builtin_strategy_names(), want);
  for (const StrategyInfo& s : builtin_strategies()) {
    EXPECT_FALSE(s.idea.empty()) << s.id;
    EXPECT_FALSE(s.source.empty()) << s.id;
    for (const ParamSpec& p : s.params) {
      EXPECT_LE(p.min, p.default_value) << s.id << " " << p.name;
      EXPECT_LE(p.default_value, p.max) << s.id << " " << p.name;
      EXPECT_FALSE(p.description.empty()) << s.id << " " << p.name;
    }
    // Defaults alone make a strategy.
    EXPECT_NE(make_strategy(s.id, StrategyParams{}), nullptr) << s.id;
  }
}

TEST(BuiltinStrategies, ParameterErrorsNameTheParameterAndItsRange) {
  try {
    make_strategy("ema_cross", StrategyParams(std::map<std::string, std::string>{{"slow", "1"}}));
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "strategy parameter 'slow': 1 is outside [2, 100000]");
  }
  try {
    make_strategy("grid", StrategyParams(std::map<std::string, std::string>{{"spacing", "1"}}));
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "grid: unknown parameter 'spacing' (known: levels, spacing_pct, "
                 "order_quote)");
  }
  try {
    make_strategy("bollinger_breakout",
                  StrategyParams(std::map<std::string, std::string>{{"k", "abc"}}));
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "strategy parameter 'k': 'abc' is not a decimal number");
  }
}

TEST(BuiltinStrategies, SmaCrossRecordsHoldsOnlyWhenAskedAndKeepsItsOrders) {
  const Ran actions_only = run("sma_cross", {{"fast", "5"}, {"slow", "20"}});
  const Ran all = run("sma_cross", {{"fast", "5"}, {"slow", "20"}}, DecisionRecording::All);
  const Ran none = run("sma_cross", {{"fast", "5"}, {"slow", "20"}}, DecisionRecording::None);
  EXPECT_TRUE(none.decisions.empty());
  EXPECT_EQ(actions_only.result.orders.size(), none.result.orders.size());
  EXPECT_EQ(actions_only.decisions.size(), actions_only.result.orders.size());
  // From bar 19 (the slow window full) every bar is one decision: 300 − 19 = 281.
  EXPECT_EQ(all.decisions.size(), 281u);
  std::size_t holds = 0;
  for (const TradeDecision& d : all.decisions) holds += d.action == DecisionAction::Hold;
  EXPECT_EQ(holds, 281u - actions_only.decisions.size());
}

}  // namespace
}  // namespace talon
