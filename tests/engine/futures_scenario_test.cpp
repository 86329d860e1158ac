// USDⓈ-M perpetual backtests through the kernel, every number worked out by hand.
// Instrument: Binance BTCUSDT perpetual (tick 0.1, lot 0.001, min notional 100); taker fee
// 5 bps. Funding fee = position notional at the mark × rate, longs pay shorts when the rate
// is positive (Binance "Introduction to Binance Futures Funding Rates").

#include <gtest/gtest.h>

#include <talon/engine/backtest.hpp>
#include <talon/strategy/sma_cross.hpp>

#include "minute_bars.hpp"

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

const Timestamp kT0 = test::kMinute0;

Bar bar(int minute, const char* o, const char* h, const char* l, const char* c) {
  return test::minute_bar(minute, o, h, l, c);
}

FundingRate funding(int minute, const char* rate) {
  FundingRate f;
  f.at = Timestamp::from_ns(kT0.ns + minute * kNanosPerMinute + 5 * kNanosPerMilli);
  f.rate = D(rate);
  return f;
}

// Sends one MARKET order of `quantity` on `side` at the first close, then holds.
struct EnterOnce final : public Strategy {
  EnterOnce(OrderSide s, const char* q) : side(s), quantity(D(q)) {}
  OrderSide side;
  Decimal quantity;
  bool sent = false;
  void on_bar(StrategyContext& ctx, const Bar&) override {
    if (sent) return;
    sent = true;
    OrderRequest r;
    r.side = side;
    r.quantity = quantity;
    ctx.submit_order(r);
  }
};

BacktestConfig perp_config(int leverage) {
  BacktestConfig c;
  c.instrument = *find_builtin_instrument("BTCUSDT", "BINANCE_USDM");
  c.market = Market::UsdM;
  c.initial_cash = D("10000");
  c.venue.taker_fee_bps = D("5");
  c.futures.leverage = leverage;
  c.futures.margin_mode = MarginMode::Isolated;
  return c;
}

// Minute 6 is missing (a gap in the data).
std::vector<Bar> short_bars() {
  return {bar(0, "100000", "100100", "99900", "100000"),  // close: SELL 0.1 sent
          bar(1, "100000", "100200", "99800", "101000"),  // open: filled at 100,000
          bar(2, "101000", "101100", "100900", "99000"),  // funding 1, mark 101,000
          bar(3, "99000", "99100", "98900", "100000"),    // funding 2, mark 99,000
          bar(4, "100000", "100100", "99900", "100000"),  // funding 3, mark 100,000
          bar(5, "100000", "100100", "99900", "100000"),
          bar(7, "100500", "100600", "100400", "100500")};
}

std::vector<FundingRate> short_funding() {
  return {funding(-1, "0.0005"),  // before the first bar: not paid
          funding(2, "0.0001"),   // 0.1 × 101,000 = 10,100 × 0.0001 = 1.01, short receives
          funding(3, "-0.0002"),  // 0.1 × 99,000 = 9,900 × 0.0002 = 1.98, short pays
          funding(4, "0.0003"),   // 0.1 × 100,000 = 10,000 × 0.0003 = 3.00, short receives
          funding(6, "0.0004"),   // in the gap: not paid
          funding(9, "0.0004")};  // after the last bar: not paid
}

TEST(PerpetualShort, PaysAndReceivesFundingAtThreeFundingTimes) {
  const auto bars = short_bars();
  const auto rates = short_funding();
  BacktestConfig c = perp_config(5);
  c.funding = rates;
  EnterOnce s(OrderSide::Sell, "0.1");
  const BacktestResult r = run_backtest(c, bars, s);
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(r.fills[0].price, D("100000"));
  EXPECT_EQ(r.fills[0].fee, D("5"));  // 10,000 × 5 bps
  EXPECT_EQ(r.funding_payments, 3u);
  EXPECT_EQ(r.total_funding, D("2.03"));  // 1.01 − 1.98 + 3.00
  EXPECT_EQ(r.final_cash, D("9997.03"));  // 10,000 − 5 + 2.03
  // Marked at the last close 100,500: (100,000 − 100,500) × 0.1 = −50 for the short.
  EXPECT_EQ(r.final_equity, D("9947.03"));
  EXPECT_EQ(r.final_position, D("-0.1"));
  EXPECT_EQ(r.liquidations, 0u);
  ASSERT_EQ(r.positions.size(), 1u);
  EXPECT_EQ(r.positions[0].funding, D("2.03"));
  EXPECT_EQ(r.positions[0].status, PositionStatus::Open);
  EXPECT_EQ(r.positions[0].mark_price, D("100500"));
  EXPECT_EQ(r.positions[0].unrealized_pnl, D("-50"));
  EXPECT_TRUE(r.round_trips.empty());  // still open: no closed trade
  // Largest notional / equity at a close: minute 2, 0.1 × 99,000 / (9,996.01 + 200) =
  // 9,900 / 10,196.01 = 0.97096...; minute 1: 10,100 / 9,895 = 1.0207...
  EXPECT_EQ(r.max_leverage_used, D("1.0207"));
}

TEST(PerpetualShort, FundingIsValuedAtTheMarkPriceWhenMarksAreGiven) {
  const auto bars = short_bars();
  const auto rates = short_funding();
  // Mark prices at the opens of minutes 2, 3, 4 that differ from the last-trade opens.
  std::vector<MarkPrice> marks;
  for (auto [minute, price] : {std::pair{2, "100800"}, {3, "99200"}, {4, "100100"}}) {
    MarkPrice m;
    m.ts_event = Timestamp::from_ns(kT0.ns + minute * kNanosPerMinute);
    m.price = D(price);
    marks.push_back(m);
  }
  BacktestConfig c = perp_config(5);
  c.funding = rates;
  c.marks = marks;
  EnterOnce s(OrderSide::Sell, "0.1");
  const BacktestResult r = run_backtest(c, bars, s);
  // 10,080 × 0.0001 = 1.008; −9,920 × 0.0002 = −1.984; 10,010 × 0.0003 = 3.003
  EXPECT_EQ(r.total_funding, D("2.027"));
}

TEST(IsolatedLong, IsLiquidatedInsideABarAtTheLiquidationPrice) {
  // BUY 0.1 at 100,000 with 20× isolated: margin 10,000 / 20 = 500, fee 5. Bracket 1
  // (notional < 50,000): MMR 0.004, cum 0. Binance FAQ, isolated one-way long:
  //   LP = (WB + cum − 1 × 0.1 × 100,000) / (0.1 × 0.004 − 1 × 0.1)
  //      = (500 − 10,000) / (−0.0996) = 95,381.526104417... → 95,381.52610442
  // Minute 2 opens at 99,000, goes up to 99,100 first (nearer), then down to 95,000: the
  // path crosses the LP on the way down.
  const std::vector<Bar> bars = {
      bar(0, "100000", "100100", "99900", "100000"), bar(1, "100000", "100200", "99800", "99500"),
      bar(2, "99000", "99100", "95000", "96000"), bar(3, "96000", "96100", "95900", "96000")};
  BacktestConfig c = perp_config(20);
  EnterOnce s(OrderSide::Buy, "0.1");
  const BacktestResult r = run_backtest(c, bars, s);
  EXPECT_EQ(r.liquidations, 1u);
  ASSERT_EQ(r.positions.size(), 1u);
  const Position& p = r.positions[0];
  EXPECT_EQ(p.status, PositionStatus::Liquidated);
  EXPECT_EQ(p.liquidation_price, D("95381.52610442"));
  EXPECT_EQ(p.closed_at, bars[2].close_time);  // inside the bar: stamped at its close
  // The account loses exactly the isolated margin (the clearance fee takes what is left).
  EXPECT_EQ(r.final_cash, D("9495"));  // 10,000 − 5 − 500
  EXPECT_EQ(r.final_equity, D("9495"));
  ASSERT_EQ(r.round_trips.size(), 1u);
  EXPECT_EQ(r.round_trips[0].pnl, D("-505"));  // margin 500 + entry fee 5
  // Realized (95,381.52610442 − 100,000) × 0.1 = −461.84738956; the rest of the margin,
  // 38.15261044, is the clearance fee.
  EXPECT_EQ(p.realized_pnl, D("-461.84738956"));
  EXPECT_EQ(p.fees, D("43.15261044"));
}

TEST(PerpetualSmaCross, ClosesThenOpensTheOtherSideSizedByTheWallet) {
  // sma_cross fast=2 slow=3 short=1 on the 20-bar scenario of sma_cross_scenario_test.cpp,
  // leverage 2, taker 10 bps, cash 1,000, lot 0.001. In short mode a cross below while flat
  // opens a short. Crosses: bar 5 down (short at bar 6's open 96), bar 7 up (close it, long
  // at bar 8's open 105), bar 11 down (close, short at bar 12's open 103), ...
  //   qty = floor(wallet × L / (open × (1 + L × fee)) / lot) × lot
  //   SELL bar 6:   1,000 × 2 / (96 × 1.002) = 20.79175... → 20.791;
  //                 fee 96 × 20.791 × 0.001 = 1.995936
  //   close bar 8:  BUY 20.791 at 105: realized (96 − 105) × 20.791 = −187.119;
  //                 fee 105 × 20.791 × 0.001 = 2.183055
  //                 wallet 1,000 − 1.995936 − 187.119 − 2.183055 = 808.702009
  //   BUY bar 8:    808.702009 × 2 / (105 × 1.002) = 15.37300... → 15.373
  //   first trade:  −187.119 − 1.995936 − 2.183055 = −191.297991
  const auto bars = [] {
    const int closes[20] = {100, 100, 100, 103, 99,  96,  100, 104, 106, 108,
                            110, 104, 102, 101, 104, 107, 112, 115, 108, 106};
    std::vector<Bar> out;
    for (int i = 0; i < 20; ++i) {
      int open = i == 0 ? 100 : closes[i - 1];
      if (i == 8) open = 105;
      if (i == 12) open = 103;
      Bar b = bar(i, "1", "1", "1", "1");
      b.open = Decimal::from_int(open);
      b.close = Decimal::from_int(closes[i]);
      b.high = Decimal::from_int(std::max(open, closes[i]) + 1);
      b.low = Decimal::from_int(std::min(open, closes[i]) - 1);
      out.push_back(b);
    }
    return out;
  }();
  BacktestConfig c = perp_config(2);
  c.venue.taker_fee_bps = D("10");
  c.initial_cash = D("1000");
  StrategyParams params;
  params.set_from_text("fast=2");
  params.set_from_text("slow=3");
  params.set_from_text("short=1");
  SmaCross s(params);
  const BacktestResult r = run_backtest(c, bars, s);
  ASSERT_GE(r.fills.size(), 3u);
  EXPECT_EQ(r.fills[0].side, OrderSide::Sell);
  EXPECT_EQ(r.fills[0].price, D("96"));
  EXPECT_EQ(r.fills[0].quantity, D("20.791"));
  EXPECT_EQ(r.fills[0].executed_at, bars[6].open_time);
  EXPECT_EQ(r.fills[1].side, OrderSide::Buy);  // the close
  EXPECT_EQ(r.fills[1].quantity, D("20.791"));
  EXPECT_EQ(r.fills[1].price, D("105"));
  EXPECT_EQ(r.fills[2].side, OrderSide::Buy);  // the new long, at the same open
  EXPECT_EQ(r.fills[2].price, D("105"));
  EXPECT_EQ(r.fills[2].quantity, D("15.373"));
  EXPECT_EQ(r.fills[2].executed_at, bars[8].open_time);
  EXPECT_EQ(r.round_trips.front().pnl, D("-191.297991"));
  EXPECT_EQ(r.orders[1].reduce_only, true);
}

}  // namespace
}  // namespace talon
