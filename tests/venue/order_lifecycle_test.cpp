// Scenario tests of OCO children, cancel, modify, rule checks, the intrabar path, tick
// mode and base-asset fees. Same exchange as order_types_test.cpp (maker 2 / taker 5 bps).

#include <gtest/gtest.h>

#include "harness.hpp"

namespace talon::test {
namespace {

OrderRequest entry_with_exits(const char* sl, const char* tp) {
  OrderRequest r;
  r.client_order_id = ClientOrderId("entry");
  r.quantity = D("0.1");
  r.stop_loss = D(sl);
  r.take_profit = D(tp);
  return r;
}

TEST(OCO, FilledEntryCreatesReduceOnlyStopLossAndTakeProfitChildren) {
  Exchange x;
  x.submit(entry_with_exits("99000", "101000"));
  x.bar("100000", "100500", "99500", "100200");
  const Order& sl = x.order("entry-sl");
  const Order& tp = x.order("entry-tp");
  EXPECT_EQ(sl.type, OrderType::StopMarket);
  EXPECT_EQ(tp.type, OrderType::TakeProfit);
  EXPECT_EQ(sl.side, OrderSide::Sell);
  EXPECT_EQ(sl.quantity, D("0.1"));
  EXPECT_TRUE(sl.reduce_only && tp.reduce_only);
  EXPECT_EQ(sl.parent_id, x.order("entry").id);
  EXPECT_EQ(sl.oco_peer, tp.id);
  EXPECT_EQ(sl.status, OrderStatus::New);
  EXPECT_EQ(tp.status, OrderStatus::New);
}

TEST(OCO, TakeProfitFillCancelsTheStopLoss) {
  Exchange x;
  x.submit(entry_with_exits("99000", "101000"));
  x.bar("100000", "100500", "99500", "100200");   // entry at 100,000; cash 89,995
  x.bar("100200", "101200", "100100", "101100");  // low first, then up through 101,000
  EXPECT_EQ(x.order("entry-tp").status, OrderStatus::Filled);
  EXPECT_EQ(x.order("entry-sl").status, OrderStatus::Cancelled);
  EXPECT_NE(x.order("entry-sl").reject_reason.find("OCO"), std::string::npos);
  EXPECT_EQ(x.portfolio.cash(), D("100089.95"));  // 89,995 + 10,100 − 5.05
  EXPECT_TRUE(x.portfolio.position_quantity().is_zero());
  EXPECT_EQ(x.om.open_order_count(), 0u);
}

TEST(OCO, StopLossActsFirstWhenTheLowIsTheNearerExtreme) {
  Exchange x;
  x.submit(entry_with_exits("99000", "101000"));
  x.bar("100000", "100500", "99500", "100200");
  x.bar("100000", "102000", "98500", "100000");  // low 1,500 away, high 2,000: low first
  EXPECT_EQ(x.order("entry-sl").status, OrderStatus::Filled);
  EXPECT_EQ(x.order("entry-tp").status, OrderStatus::Cancelled);
  EXPECT_EQ(x.portfolio.cash(), D("99890.05"));  // 89,995 + 9,900 − 4.95
}

TEST(OCO, TakeProfitActsFirstWhenTheHighIsTheNearerExtreme) {
  Exchange x;
  x.submit(entry_with_exits("99000", "101000"));
  x.bar("100000", "100500", "99500", "100200");
  x.bar("100000", "101200", "98000", "100000");  // high 1,200 away, low 2,000: high first
  EXPECT_EQ(x.order("entry-tp").status, OrderStatus::Filled);
  EXPECT_EQ(x.order("entry-sl").status, OrderStatus::Cancelled);
}

TEST(OCO, ExitsOnTheWrongSideOfEachOtherAreRejected) {
  Exchange x;
  const auto id = x.submit(entry_with_exits("101000", "99000"));
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("OCO"), std::string::npos);
}

TEST(ReduceOnly, WithoutAPositionToReduceIsRejected) {
  Exchange x;
  OrderRequest r = limit(OrderSide::Sell, "0.1", "105000");
  r.reduce_only = true;
  const auto id = x.submit(r);
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("ReduceOnly"), std::string::npos);
}

TEST(ReduceOnly, LargerThanThePositionIsRejected) {
  Exchange x;
  x.hold("0.1", "100000");
  OrderRequest r = limit(OrderSide::Sell, "0.2", "105000");
  r.reduce_only = true;
  const auto id = x.submit(r);
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("exceeds"), std::string::npos);
}

TEST(Cancel, RestingLimitIsCancelledAndNeverFills) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "99000"));
  x.bar("100000", "100500", "99500", "100200");
  EXPECT_TRUE(x.om.cancel(id, x.now).accepted);
  EXPECT_EQ(x.order(id).status, OrderStatus::Cancelled);
  EXPECT_EQ(x.order(id).cancelled_at, x.now);
  x.bar("100200", "100300", "98000", "98500");
  EXPECT_TRUE(x.om.fills().empty());
  EXPECT_EQ(x.venue.working(), 0u);
}

TEST(Cancel, QueuedOrderIsCancelledBeforeItArrives) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "101000"));
  EXPECT_TRUE(x.om.cancel(id, x.now).accepted);
  x.bar("100000", "100500", "99500", "100200");
  EXPECT_EQ(x.order(id).status, OrderStatus::Cancelled);
  EXPECT_TRUE(x.om.fills().empty());
}

TEST(Cancel, FinishedOrderIsRefusedAndTheRefusalRecorded) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "99000"));
  x.om.cancel(id, x.now);
  const RequestResult again = x.om.cancel(id, x.now);
  EXPECT_FALSE(again.accepted);
  EXPECT_NE(again.reason.find("already CANCELLED"), std::string::npos);
  EXPECT_EQ(x.om.events().back().kind, OrderEventKind::CancelRejected);
  EXPECT_EQ(x.order(id).status, OrderStatus::Cancelled);
}

TEST(Cancel, UnknownClientOrderIdIsRefused) {
  Exchange x;
  EXPECT_FALSE(x.om.cancel(ClientOrderId("nope"), x.now).accepted);
}

TEST(Modify, NewLimitPriceLosesPriorityAndFillsAtTheNewPrice) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "99000"));
  x.bar("100000", "100500", "99500", "100200");
  EXPECT_TRUE(x.om.modify(id, D("99600"), {}, x.now).accepted);
  EXPECT_EQ(x.order(id).price, D("99600"));
  EXPECT_EQ(x.om.events().back().kind, OrderEventKind::Modified);
  // high nearer: → 99,900 → 99,550 (crosses 99,600)
  x.bar("99800", "99900", "99550", "99700");
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.fills()[0].price, D("99600"));
}

TEST(Modify, OnlyLimitOrdersCanBeModified) {
  Exchange x;
  x.hold("0.1", "100000");
  const auto id = x.submit(stop(OrderType::StopMarket, OrderSide::Sell, "0.1", "99000"));
  const RequestResult r = x.om.modify(id, D("98000"), {}, x.now);
  EXPECT_FALSE(r.accepted);
  EXPECT_NE(r.reason.find("only LIMIT"), std::string::npos);
  EXPECT_EQ(x.om.events().back().kind, OrderEventKind::ModifyRejected);
}

TEST(Modify, QuantityNotAboveTheFilledQuantityIsRefused) {
  SimulatedVenueConfig c = scenario_config();
  c.max_volume_fraction = D("0.1");
  Exchange x(c);
  const auto id = x.submit(limit(OrderSide::Buy, "0.5", "99000"));
  x.bar("100000", "100100", "98900", "99500", "2");  // fills 0.2
  const RequestResult r = x.om.modify(id, {}, D("0.2"), x.now);
  EXPECT_FALSE(r.accepted);
  EXPECT_NE(r.reason.find("executed quantity"), std::string::npos);
}

TEST(Modify, OffTickPriceIsRefusedNamingPriceFilter) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "99000"));
  const RequestResult r = x.om.modify(id, D("99000.005"), {}, x.now);
  EXPECT_FALSE(r.accepted);
  EXPECT_NE(r.reason.find("PRICE_FILTER"), std::string::npos);
}

TEST(Rules, OffTickLimitPriceIsRejectedNamingPriceFilter) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "99000.001"));
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("PRICE_FILTER"), std::string::npos);
}

TEST(Rules, QuantityOffTheLotStepIsRejectedNamingLotSize) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.000015", "99000"));
  EXPECT_NE(x.order(id).reject_reason.find("LOT_SIZE"), std::string::npos);
}

TEST(Rules, NotionalBelowTheMinimumIsRejectedNamingNotional) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.00004", "100000"));  // 4 USDT < 5
  EXPECT_NE(x.order(id).reject_reason.find("NOTIONAL"), std::string::npos);
}

TEST(Rules, HaltedInstrumentRejectsEveryOrder) {
  Exchange x;
  x.instrument.status = InstrumentStatus::Halt;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "99000"));
  EXPECT_NE(x.order(id).reject_reason.find("HALT"), std::string::npos);
}

TEST(Rules, BuyLimitBeyondFreeCashIsRejected) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "2", "100000"));  // 200,000 > 100,000
  EXPECT_NE(x.order(id).reject_reason.find("insufficient balance"), std::string::npos);
}

TEST(Rules, OpenBuyLimitLocksItsCost) {
  Exchange x;
  x.submit(limit(OrderSide::Buy, "0.6", "99000"));  // locks 59,400
  EXPECT_EQ(x.om.locked_cash(), D("59400"));
  const auto id = x.submit(limit(OrderSide::Buy, "0.5", "99000"));  // 49,500 > 40,600 free
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
}

TEST(Rules, DuplicateClientOrderIdCreatesNoSecondOrder) {
  Exchange x;
  OrderRequest r = limit(OrderSide::Buy, "0.1", "99000");
  r.client_order_id = ClientOrderId("same");
  x.submit(r);
  x.submit(r);
  EXPECT_EQ(x.om.orders().size(), 1u);
}

TEST(IntrabarPath, TieBetweenExtremesVisitsTheLowFirst) {
  Exchange x;
  x.hold("0.1", "100000");
  x.submit(limit(OrderSide::Buy, "0.1", "99600"));
  x.submit(limit(OrderSide::Sell, "0.1", "100400"));
  x.bar("100000", "100500", "99500", "100000");
  ASSERT_EQ(x.om.fills().size(), 3u);
  EXPECT_EQ(x.om.fills()[1].side, OrderSide::Buy);
  EXPECT_EQ(x.om.fills()[2].side, OrderSide::Sell);
}

TEST(IntrabarPath, NearerExtremeIsVisitedFirst) {
  Exchange x;
  x.hold("0.1", "100000");
  x.submit(limit(OrderSide::Buy, "0.1", "99600"));
  x.submit(limit(OrderSide::Sell, "0.1", "100400"));
  x.bar("100000", "100450", "99500", "100000");  // high 450 away, low 500
  ASSERT_EQ(x.om.fills().size(), 3u);
  EXPECT_EQ(x.om.fills()[1].side, OrderSide::Sell);
  EXPECT_EQ(x.om.fills()[2].side, OrderSide::Buy);
}

TEST(IntrabarPath, OrdersTriggeredAtTheSamePriceActInSubmissionOrder) {
  Exchange x;
  x.hold("0.1", "100000");
  const auto a = x.submit(stop(OrderType::StopMarket, OrderSide::Sell, "0.05", "99000"));
  const auto b = x.submit(stop(OrderType::StopMarket, OrderSide::Sell, "0.05", "99000"));
  x.bar("100000", "100100", "98000", "98500");
  ASSERT_EQ(x.om.fills().size(), 3u);
  EXPECT_EQ(x.om.fills()[1].order_id, x.order(a).id);
  EXPECT_EQ(x.om.fills()[2].order_id, x.order(b).id);
}

TradeTick trade(std::int64_t ms, const char* price, const char* qty) {
  TradeTick t;
  t.at = Timestamp::from_ms(ms);
  t.price = Decimal::parse(price);
  t.quantity = Decimal::parse(qty);
  return t;
}

TEST(TickMode, RestingLimitTakesAtMostEachTradesQuantity) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "100000"));
  x.om.process(x.venue, trade(1, "100010", "1"));     // arrives, not marketable
  x.om.process(x.venue, trade(2, "100000", "0.03"));  // 0.03 at the limit
  EXPECT_EQ(x.order(id).status, OrderStatus::PartiallyFilled);
  x.om.process(x.venue, trade(3, "99990", "5"));  // the other 0.07
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  ASSERT_EQ(x.om.fills().size(), 2u);
  EXPECT_EQ(x.om.fills()[0].quantity, D("0.03"));
  EXPECT_EQ(x.om.fills()[1].quantity, D("0.07"));
  EXPECT_EQ(x.om.fills()[1].price, D("100000"));
  EXPECT_EQ(x.om.fills()[1].executed_at, Timestamp::from_ms(3));
}

TEST(TickMode, StopFillsAtTheTradeThatCrossesIt) {
  Exchange x;
  x.hold("0.1", "100000");
  x.submit(stop(OrderType::StopMarket, OrderSide::Sell, "0.1", "99000"));
  x.om.process(x.venue, trade(1, "99500", "1"));
  x.om.process(x.venue, trade(2, "98950", "0.001"));  // jumps past 99,000: fills at 98,950
  EXPECT_EQ(x.om.fills().back().price, D("98950"));
  EXPECT_EQ(x.om.fills().back().quantity, D("0.1"));  // takers are not volume-capped
}

TEST(Fees, SpotBuyFeeInTheBaseAssetReducesTheQuantityReceived) {
  SimulatedVenueConfig c = scenario_config();
  c.buy_fee_in_base = true;
  Exchange x(c);
  x.hold("0.1", "100000");
  EXPECT_EQ(x.om.fills()[0].fee, D("0.00005"));  // 0.1 BTC × 5 bps
  EXPECT_EQ(x.om.fills()[0].fee_currency, "BTC");
  EXPECT_EQ(x.portfolio.position_quantity(), D("0.09995"));
  EXPECT_EQ(x.portfolio.cash(), D("90000"));
  EXPECT_EQ(x.portfolio.total_fees(), D("5"));  // valued at the fill price
}

}  // namespace
}  // namespace talon::test
