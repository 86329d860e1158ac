// The run specification: several spot instruments sharing one USDT balance, and the three
// fill modes (bar, tick, book). Every figure below is worked out by hand in the comments.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <test_data.hpp>
#include <vector>

#include <talon/engine/run_spec.hpp>

namespace talon {
namespace {

Decimal D(const char* s) {
  return Decimal::parse(s);
}

const Timestamp kT0 = Timestamp::from_seconds(1748736000);  // 2025-06-01T00:00Z

Bar minute_bar(int minute, const char* o, const char* c) {
  Bar b;
  b.open_time = Timestamp::from_ns(kT0.ns + minute * kNanosPerMinute);
  b.close_time = Timestamp::from_ns(b.open_time.ns + kNanosPerMinute - kNanosPerMilli);
  b.open = D(o);
  b.close = D(c);
  b.high = std::max(b.open, b.close);
  b.low = std::min(b.open, b.close);
  b.volume = D("100");
  return b;
}

// A strategy driven by a script: on_bar calls `bar(ctx, index)`, on_trade `trade(ctx, t)`.
struct Scripted final : public Strategy {
  std::function<void(StrategyContext&, int)> bar;
  std::function<void(StrategyContext&, const TradeTick&)> trade;
  int bars = 0;
  void on_bar(StrategyContext& ctx, const Bar&) override {
    if (bar) bar(ctx, bars);
    ++bars;
  }
  void on_trade(StrategyContext& ctx, const TradeTick& t) override {
    if (trade) trade(ctx, t);
  }
};

OrderRequest market_budget(const char* quote) {
  OrderRequest r;
  r.quote_quantity = D(quote);
  return r;
}

const Order* order_with_status(const InstrumentResult& r, OrderStatus s, std::size_t nth = 0) {
  for (const Order& o : r.orders) {
    if (o.status == s && nth-- == 0) return &o;
  }
  return nullptr;
}

// BTCUSDT and ETHUSDT over the same three minutes, 1,000 USDT between them, taker fee 10 bps.
//  BTC bars: 100000→100000, 100000→101000, 101000→102000.  ETH: 2500→2500, 2500→2500, 2500→2600.
//  Bar 0 close: BTC asks to spend 800 USDT at market (locks 800 until the next open); then ETH
//    asks for 300: free is 1000 − 800 = 200, refused.
//  Bar 1 open: BTC fills at 100000: q = floor(800 / (100000 × 1.001) / 0.00001) × 0.00001 =
//    0.00799 (800/100100 = 0.007992…); notional 799, fee 0.799; USDT 1000 − 799.799 = 200.201.
//  Bar 1 close: ETH asks for 300 again: free 200.201, refused (the cash went into BTC);
//    it then asks for 200: accepted.
//  Bar 2 open: ETH fills at 2500: q = floor(200 / 2502.5 / 0.0001) × 0.0001 = 0.0799
//    (0.07992…); notional 199.75, fee 0.19975; USDT 200.201 − 199.94975 = 0.25125.
//  Equity after each instant (one point per instant, though two bars close at it):
//    0:59.999 1000; 1:59.999 200.201 + 0.00799 × 101000 (806.99) = 1007.191;
//    2:59.999 0.25125 + 0.00799 × 102000 (814.98) + 0.0799 × 2600 (207.74) = 1022.97125.
TEST(RunSpec, TwoSpotInstrumentsShareOneUsdtBalance) {
  RunSpec spec;
  spec.initial_cash = D("1000");
  for (const char* s : {"BTCUSDT", "ETHUSDT"}) {
    InstrumentSpec in;
    in.instrument = *find_builtin_instrument(s);
    spec.instruments.push_back(in);
  }
  std::vector<std::string> log;
  spec.factory = [&log](const Instrument& instrument) {
    auto s = std::make_unique<Scripted>();
    const bool btc = instrument.symbol == "BTCUSDT";
    s->bar = [btc, &log](StrategyContext& ctx, int i) {
      log.push_back(ctx.instrument().symbol + " " + std::to_string(i) + " free " +
                    ctx.free_cash().to_string());
      if (btc && i == 0) ctx.submit_order(market_budget("800"));
      if (!btc && i <= 1) ctx.submit_order(market_budget("300"));
      if (!btc && i == 1) ctx.submit_order(market_budget("200"));
    };
    return s;
  };
  std::vector<InstrumentData> data(2);
  data[0].bars = {minute_bar(0, "100000", "100000"), minute_bar(1, "100000", "101000"),
                  minute_bar(2, "101000", "102000")};
  data[1].bars = {minute_bar(0, "2500", "2500"), minute_bar(1, "2500", "2500"),
                  minute_bar(2, "2500", "2600")};

  const RunResult r = run_spec(spec, data);

  // Interleaved in time order: at each close BTC's strategy (first lane), then ETH's.
  EXPECT_EQ(log, (std::vector<std::string>{"BTCUSDT 0 free 1000", "ETHUSDT 0 free 200",
                                           "BTCUSDT 1 free 200.201", "ETHUSDT 1 free 200.201",
                                           "BTCUSDT 2 free 0.25125", "ETHUSDT 2 free 0.25125"}));
  const InstrumentResult& btc = r.instruments[0];
  const InstrumentResult& eth = r.instruments[1];
  ASSERT_EQ(btc.fills.size(), 1u);
  EXPECT_EQ(btc.fills[0].quantity, D("0.00799"));
  EXPECT_EQ(btc.fills[0].fee, D("0.799"));
  EXPECT_EQ(btc.fills[0].executed_at, minute_bar(1, "1", "1").open_time);
  const Order* refused0 = order_with_status(eth, OrderStatus::Rejected, 0);
  const Order* refused1 = order_with_status(eth, OrderStatus::Rejected, 1);
  ASSERT_NE(refused0, nullptr);
  ASSERT_NE(refused1, nullptr);
  EXPECT_EQ(refused0->reject_reason,
            "insufficient balance: quote_quantity 300 exceeds free cash 200");
  EXPECT_EQ(refused1->reject_reason,
            "insufficient balance: quote_quantity 300 exceeds free cash 200.201");
  ASSERT_EQ(eth.fills.size(), 1u);
  EXPECT_EQ(eth.fills[0].quantity, D("0.0799"));
  EXPECT_EQ(eth.fills[0].fee, D("0.19975"));
  EXPECT_EQ(eth.fills[0].executed_at, minute_bar(2, "1", "1").open_time);

  EXPECT_EQ(r.balances.at("USDT").total(), D("0.25125"));
  EXPECT_EQ(r.balances.at("USDT").locked, D("0"));
  EXPECT_EQ(r.balances.at("BTC").total(), D("0.00799"));
  EXPECT_EQ(r.balances.at("ETH").total(), D("0.0799"));
  EXPECT_EQ(btc.cost_basis, D("799"));
  EXPECT_EQ(eth.unrealized_pnl, D("7.99"));  // 0.0799 × 2600 − 199.75
  EXPECT_EQ(r.combined.final_cash, D("0.25125"));
  EXPECT_EQ(r.combined.final_equity, D("1022.97125"));
  ASSERT_EQ(r.combined.equity_curve.size(), 4u);
  EXPECT_EQ(r.combined.equity_curve[1].equity, D("1000"));
  EXPECT_EQ(r.combined.equity_curve[2].equity, D("1007.191"));
  EXPECT_EQ(r.combined.equity_curve[3].equity, D("1022.97125"));
  EXPECT_EQ(r.combined.bars, 6u);
}

// A LIMIT BUY resting on one instrument locks its cost in the shared USDT: the other
// instrument's order is refused until it is cancelled.
TEST(RunSpec, AnOpenLimitOrderOfOneInstrumentLocksTheSharedCash) {
  RunSpec spec;
  spec.initial_cash = D("1000");
  for (const char* s : {"BTCUSDT", "ETHUSDT"}) {
    InstrumentSpec in;
    in.instrument = *find_builtin_instrument(s);
    spec.instruments.push_back(in);
  }
  std::vector<std::string> free_seen;
  spec.factory = [&free_seen](const Instrument& instrument) {
    auto s = std::make_unique<Scripted>();
    const bool btc = instrument.symbol == "BTCUSDT";
    s->bar = [btc, &free_seen](StrategyContext& ctx, int i) {
      if (btc && i == 0) {
        // 0.009 × 90000 = 810 locked; the bars never go down to 90000, so it rests.
        OrderRequest r;
        r.type = OrderType::Limit;
        r.quantity = D("0.009");
        r.price = D("90000");
        ctx.submit_order(r);
      }
      if (!btc) {
        free_seen.push_back(ctx.free_cash().to_string());
        ctx.submit_order(market_budget("191"));
      }
    };
    return s;
  };
  std::vector<InstrumentData> data(2);
  data[0].bars = {minute_bar(0, "100000", "100000"), minute_bar(1, "100000", "100000")};
  data[1].bars = {minute_bar(0, "2500", "2500"), minute_bar(1, "2500", "2500")};
  const RunResult r = run_spec(spec, data);
  // Bar 0 close: the LIMIT is not yet at the venue but already reserves 810: 1000 − 810 = 190.
  EXPECT_EQ(free_seen, (std::vector<std::string>{"190", "190"}));
  EXPECT_EQ(r.instruments[1].fills.size(), 0u);
  EXPECT_EQ(r.balances.at("USDT").locked, D("810"));
  EXPECT_EQ(r.balances.at("USDT").free, D("190"));
}

// Tick mode: the orders meet the trades, not the bars (which the strategy sees, built from
// the trades as 1-minute bars). Trades (capture layout):
//   00:00:10 100 ×2, 00:00:30 102 ×2 | 00:01:05 101 ×2, 00:01:20 99 ×2 | 00:02:10 98 ×2
// At bar 0's close (00:00:59.999, close 102) the strategy sends a MARKET BUY of 1 and a
// LIMIT BUY of 1 at 99.5. Both arrive with the next trade, 00:01:05 at 101: the MARKET fills
// there as taker (fee 0.101, 10 bps); the LIMIT rests. The trade at 99 (00:01:20) reaches it:
// maker at its own price 99.5 (fee 0.0995). In bar mode the MARKET would have filled at
// 00:01:00, the bar's open.
// Cash 10000 − 101.101 − 99.5995 = 9799.2995; position 2; last price 98:
// equity 9799.2995 + 196 = 9995.2995. After bar 1 (close 99): 9799.2995 + 198 = 9997.2995.
TEST(RunSpec, TickModeFillsOnTheTradesOfASmallFile) {
  test::TempDir dir;
  auto ms = [](int s) { return std::to_string(1748736000000LL + s * 1000LL); };
  std::string text = "trade_id,price,qty,trade_time_ms,event_time_ms,is_buyer_maker,local_ts_ns\n";
  const std::vector<std::pair<int, const char*>> trades = {
      {10, "100"}, {30, "102"}, {65, "101"}, {80, "99"}, {130, "98"}};
  int id = 1;
  for (const auto& [s, p] : trades) {
    text += std::to_string(id++) + "," + p + ",2," + ms(s) + "," + ms(s) + ",true," + ms(s) +
            "000000\n";
  }
  RunSpec spec;
  InstrumentSpec in;
  in.instrument = *find_builtin_instrument("BTCUSDT");
  in.fill = FillMode::Tick;
  in.trades_file = dir.write("trades.csv", text);
  spec.instruments.push_back(in);
  spec.factory = [](const Instrument&) {
    auto s = std::make_unique<Scripted>();
    s->bar = [](StrategyContext& ctx, int i) {
      if (i != 0) return;
      OrderRequest m;
      m.quantity = D("1");
      ctx.submit_order(m);
      OrderRequest l;
      l.type = OrderType::Limit;
      l.quantity = D("1");
      l.price = D("99.5");
      ctx.submit_order(l);
    };
    return s;
  };
  const std::vector<InstrumentData> data = load_run_data(spec);
  ASSERT_EQ(data[0].bars.size(), 3u);
  EXPECT_EQ(data[0].bars[0].close, D("102"));
  const RunResult r = run_spec(spec, data);
  const InstrumentResult& btc = r.instruments[0];
  ASSERT_EQ(btc.fills.size(), 2u);
  EXPECT_EQ(btc.fills[0].price, D("101"));
  EXPECT_EQ(btc.fills[0].executed_at, Timestamp::from_seconds(1748736065));
  EXPECT_EQ(btc.fills[0].liquidity, Liquidity::Taker);
  EXPECT_EQ(btc.fills[0].fee, D("0.101"));
  EXPECT_EQ(btc.fills[1].price, D("99.5"));
  EXPECT_EQ(btc.fills[1].executed_at, Timestamp::from_seconds(1748736080));
  EXPECT_EQ(btc.fills[1].liquidity, Liquidity::Maker);
  EXPECT_EQ(btc.fills[1].fee, D("0.0995"));
  EXPECT_EQ(btc.trades, 5u);
  EXPECT_EQ(r.combined.final_cash, D("9799.2995"));
  EXPECT_EQ(btc.position, D("2"));
  EXPECT_EQ(btc.last_price, D("98"));
  EXPECT_EQ(r.combined.final_equity, D("9995.2995"));
  ASSERT_EQ(r.combined.equity_curve.size(), 4u);
  EXPECT_EQ(r.combined.equity_curve[2].equity, D("9997.2995"));
}

// Book mode on the real capture of 2024-08-08 (tests/data): snapshot at 23:54:14, then 60 s of
// depth updates and trades. On the first trade of 23:55:10.322 (3735684468, one of four
// buyer-initiated trades at 61855.37 in that millisecond; best bid 61855.36) the strategy rests a
// LIMIT BUY of 0.0001 BTC at 61854.00, where the book then shows 0.0897 BTC: that is the queue
// ahead of it. Seller-initiated trades at 61854.00 take the queue in turn (read off the trades
// file, no depth update shrinks the level below it meanwhile):
//   10.843 0.00009 → 0.08961; 11.165 0.00011 → 0.0895; 11.656 0.02 → 0.0695;
//   12.126 0.00053 → 0.06897; 12.955 0.009 → 0.05997 — the order is still unfilled;
//   13.101 trade 3735684570 of 0.06: 0.06 − 0.05997 = 0.00003 fills the order (maker);
//   13.179 trade 3735684573 of 0.00141: the remaining 0.00007.
// Maker fee 10 bps: 1.85562 × 0.001 = 0.00185562 and 4.32978 × 0.001 = 0.00432978.
TEST(RunSpec, BookModeRestingOrderFillsOnlyAfterTheQueueAheadTraded) {
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
  spec.factory = [](const Instrument&) {
    auto s = std::make_unique<Scripted>();
    s->trade = [sent = false](StrategyContext& ctx, const TradeTick& t) mutable {
      if (sent || t.at != Timestamp::from_ns(1723161310322LL * kNanosPerMilli)) return;
      sent = true;
      OrderRequest l;
      l.type = OrderType::Limit;
      l.quantity = D("0.0001");
      l.price = D("61854.00");
      ctx.submit_order(l);
    };
    return s;
  };
  const RunResult r = run_spec(spec, load_run_data(spec));
  const InstrumentResult& btc = r.instruments[0];
  ASSERT_EQ(btc.orders.size(), 1u);
  EXPECT_EQ(btc.orders[0].status, OrderStatus::Filled);
  ASSERT_EQ(btc.fills.size(), 2u);
  const Timestamp t13_101 = Timestamp::from_ns(1723161313101LL * kNanosPerMilli);
  const Timestamp t13_179 = Timestamp::from_ns(1723161313179LL * kNanosPerMilli);
  EXPECT_EQ(btc.fills[0].executed_at, t13_101);
  EXPECT_EQ(btc.fills[0].quantity, D("0.00003"));
  EXPECT_EQ(btc.fills[0].price, D("61854"));
  EXPECT_EQ(btc.fills[0].liquidity, Liquidity::Maker);
  EXPECT_EQ(btc.fills[0].fee, D("0.00185562"));
  EXPECT_EQ(btc.fills[1].executed_at, t13_179);
  EXPECT_EQ(btc.fills[1].quantity, D("0.00007"));
  EXPECT_EQ(btc.fills[1].fee, D("0.00432978"));
  EXPECT_EQ(btc.position, D("0.0001"));
  EXPECT_EQ(btc.trades, 1381u);
  // 10000 − 6.1854 − 0.0061854
  EXPECT_EQ(r.combined.final_cash, D("9993.8084146"));
}

TEST(RunSpec, RefusesWhatItCannotRun) {
  RunSpec spec;
  InstrumentSpec a;
  a.instrument = *find_builtin_instrument("BTCUSDT");
  a.bars_file = "x.csv";
  InstrumentSpec b = a;
  b.instrument = *find_builtin_instrument("ADABTC");
  spec.instruments = {a, b};
  std::vector<InstrumentData> data(2);
  data[0].bars = data[1].bars = {minute_bar(0, "1", "1")};
  EXPECT_THROW(run_spec(spec, data), InvalidArgument);  // USDT and BTC quotes
  spec.instruments = {a, a};
  EXPECT_THROW(run_spec(spec, data), InvalidArgument);  // twice
  InstrumentSpec tick = a;
  tick.fill = FillMode::Tick;
  tick.bars_file.clear();
  spec.instruments = {tick};
  EXPECT_THROW(load_run_data(spec), InvalidArgument);  // no trades
  EXPECT_EQ(parse_fill_mode("book"), FillMode::Book);
  EXPECT_THROW(parse_fill_mode("l2"), InvalidArgument);
}

}  // namespace
}  // namespace talon
