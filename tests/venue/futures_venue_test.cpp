// Futures through the whole stack: order manager → simulated venue (bar path, liquidation
// watch) → futures account. BTCUSDT USDⓈ-M perpetual filters (tick 0.1, lot 0.001, min
// notional 100); maker 2 / taker 5 bps. Liquidation prices as in futures_account_test.cpp
// (Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts").

#include <gtest/gtest.h>

#include <talon/execution/futures_account.hpp>

#include "harness.hpp"

namespace talon::test {
namespace {

struct FuturesExchange {
  explicit FuturesExchange(MarginMode mode = MarginMode::Isolated, int leverage = 10,
                           PositionMode pm = PositionMode::OneWay)
      : instrument(*find_builtin_instrument("BTCUSDT", "BINANCE_USDM")),
        account("BTCUSDT", D("10000"),
                [&] {
                  FuturesConfig c;
                  c.margin_mode = mode;
                  c.leverage = leverage;
                  c.position_mode = pm;
                  return c;
                }()),
        venue(instrument, scenario_config()),
        manager(instrument, account, venue),
        om(manager, reports) {
    venue.set_liquidation_source(&account);
    venue.set_report_sink(&reports);
  }

  void bar(const char* o, const char* h, const char* l, const char* c) {
    Bar b;
    b.open_time = Timestamp::from_seconds(1748736000 + 60 * minute);
    b.close_time = Timestamp::from_ns(b.open_time.ns + 60 * kNanosPerSecond - kNanosPerMilli);
    b.open = D(o);
    b.high = D(h);
    b.low = D(l);
    b.close = D(c);
    b.volume = D("1000");
    now = b.close_time;
    ++minute;
    om.process(venue, b);
  }

  ClientOrderId submit(OrderRequest r) { return om.submit(r, now, venue.last_price()); }
  const Order& order(const ClientOrderId& id) const { return *om.find_client(id); }
  const Order& order(const char* id) const { return order(ClientOrderId(id)); }

  Instrument instrument;
  FuturesAccount account;
  SimulatedVenue venue;
  ReportQueue reports;
  OrderManager manager;
  Desk om;
  Timestamp now = Timestamp::from_seconds(1748736000 - 1);
  std::int64_t minute = 0;
};

OrderRequest market(OrderSide side, const char* qty) {
  OrderRequest r;
  r.client_order_id = ClientOrderId("entry");
  r.side = side;
  r.quantity = D(qty);
  return r;
}

TEST(Liquidation, PathCrossingTheLiquidationPriceLiquidatesTheIsolatedPosition) {
  FuturesExchange x;
  x.submit(market(OrderSide::Buy, "0.1"));
  x.bar("60000", "60000", "60000", "60000");  // fee 6,000 × 5 bps = 3 → wallet 9,997
  EXPECT_EQ(x.account.wallet_balance(), D("9997"));
  // high first (100 vs 6,000): 60,100 → 54,000 crosses LP 54,216.86746988
  x.bar("60000", "60100", "54000", "54500");
  const Position& p = x.account.positions()[0];
  EXPECT_EQ(p.status, PositionStatus::Liquidated);
  EXPECT_EQ(p.liquidation_price, D("54216.86746988"));
  EXPECT_EQ(x.account.wallet_balance(), D("9397"));  // 9,997 − 600 isolated margin
}

TEST(Liquidation, StopLossAboveTheLiquidationPriceActsFirst) {
  FuturesExchange x;
  OrderRequest r = market(OrderSide::Buy, "0.1");
  r.stop_loss = D("55000");
  x.submit(r);
  x.bar("60000", "60000", "60000", "60000");
  x.bar("60000", "60100", "54000", "54500");
  EXPECT_EQ(x.order("entry-sl").status, OrderStatus::Filled);
  EXPECT_EQ(x.account.positions()[0].status, PositionStatus::Closed);
  // 9,997 + (55,000 − 60,000) × 0.1 − 5,500 × 5 bps = 9,997 − 500 − 2.75
  EXPECT_EQ(x.account.wallet_balance(), D("9494.25"));
}

TEST(Liquidation, CancelsTheReduceOnlyExitsOfTheLiquidatedPosition) {
  FuturesExchange x;
  OrderRequest r = market(OrderSide::Buy, "0.1");
  r.stop_loss = D("54000");  // below the liquidation price: never reached
  x.submit(r);
  x.bar("60000", "60000", "60000", "60000");
  x.bar("60000", "60100", "53000", "53500");
  EXPECT_EQ(x.account.positions()[0].status, PositionStatus::Liquidated);
  EXPECT_EQ(x.order("entry-sl").status, OrderStatus::Cancelled);
  EXPECT_NE(x.order("entry-sl").reject_reason.find("ReduceOnly"), std::string::npos);
  EXPECT_EQ(x.account.wallet_balance(), D("9397"));
}

TEST(ReduceOnly, IsCancelledWhenAnotherOrderClosesThePosition) {
  FuturesExchange x(MarginMode::Cross, 20);
  x.submit(market(OrderSide::Buy, "0.1"));
  x.bar("60000", "60000", "60000", "60000");
  OrderRequest tp = limit(OrderSide::Sell, "0.1", "65000");
  tp.reduce_only = true;
  const auto tp_id = x.submit(tp);
  OrderRequest close = market(OrderSide::Sell, "0.1");
  close.client_order_id = ClientOrderId("close");
  x.submit(close);
  x.bar("60500", "60600", "60400", "60500");
  EXPECT_EQ(x.order("close").status, OrderStatus::Filled);
  EXPECT_EQ(x.order(tp_id).status, OrderStatus::Cancelled);
  EXPECT_TRUE(x.account.position(PositionSide::Both).is_zero());
}

TEST(ReduceOnly, QueuedBehindTheOrderThatClosesThePositionIsCancelledBeforeArriving) {
  FuturesExchange x(MarginMode::Cross, 20);
  x.submit(market(OrderSide::Buy, "0.1"));
  x.bar("60000", "60000", "60000", "60000");
  OrderRequest close = market(OrderSide::Sell, "0.1");
  close.client_order_id = ClientOrderId("close");
  x.submit(close);
  OrderRequest tp = limit(OrderSide::Sell, "0.1", "59000");  // would fill at once
  tp.reduce_only = true;
  const auto tp_id = x.submit(tp);
  x.bar("60500", "60600", "60400", "60500");  // both arrive at this open, close first
  EXPECT_EQ(x.order("close").status, OrderStatus::Filled);
  EXPECT_EQ(x.order(tp_id).status, OrderStatus::Cancelled);
  EXPECT_EQ(x.om.fills().size(), 2u);
  EXPECT_TRUE(x.account.position(PositionSide::Both).is_zero());
}

TEST(ReduceOnly, SellOnAShortPositionIsRejected) {
  FuturesExchange x(MarginMode::Cross, 20);
  x.submit(market(OrderSide::Sell, "0.1"));
  x.bar("60000", "60000", "60000", "60000");
  OrderRequest r = limit(OrderSide::Sell, "0.1", "59000");
  r.reduce_only = true;
  EXPECT_EQ(x.order(x.submit(r)).status, OrderStatus::Rejected);
}

TEST(Hedge, OrdersNameThePositionSideTheyOpenOrClose) {
  FuturesExchange x(MarginMode::Cross, 20, PositionMode::Hedge);
  OrderRequest lng = market(OrderSide::Buy, "0.1");
  lng.position_side = PositionSide::Long;
  OrderRequest sht = market(OrderSide::Sell, "0.2");
  sht.client_order_id = ClientOrderId("short");
  sht.position_side = PositionSide::Short;
  x.submit(lng);
  x.submit(sht);
  x.bar("60000", "60000", "60000", "60000");
  EXPECT_EQ(x.account.position(PositionSide::Long), D("0.1"));
  EXPECT_EQ(x.account.position(PositionSide::Short), D("0.2"));
  OrderRequest cover = limit(OrderSide::Buy, "0.2", "59000");
  cover.position_side = PositionSide::Short;
  cover.reduce_only = true;
  const auto id = x.submit(cover);
  x.bar("60000", "60100", "58900", "59500");
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_TRUE(x.account.position(PositionSide::Short).is_zero());
  EXPECT_EQ(x.account.position(PositionSide::Long), D("0.1"));
  // short realized (60,000 − 59,000) × 0.2 = 200
  EXPECT_EQ(x.account.positions()[1].realized_pnl, D("200"));
}

TEST(Hedge, OrderWithoutAPositionSideIsRejected) {
  FuturesExchange x(MarginMode::Cross, 20, PositionMode::Hedge);
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "59000"));
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("hedge mode"), std::string::npos);
}

TEST(Margin, EntryBeyondTheAvailableBalanceIsRejected) {
  FuturesExchange x(MarginMode::Cross, 20);
  const auto id = x.submit(limit(OrderSide::Buy, "4", "60000"));  // IM 12,000 > 10,000
  EXPECT_NE(x.order(id).reject_reason.find("insufficient margin"), std::string::npos);
}

}  // namespace
}  // namespace talon::test
