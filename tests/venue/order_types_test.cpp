// Scenario tests of the simulated exchange in bar mode, one rule per test. Every number is
// worked by hand in the comment next to it. Fees: maker 2 bps, taker 5 bps; the account
// starts with 100,000 USDT; BTCUSDT filters: tick 0.01, lot 0.00001, min notional 5.
// Intrabar path: open → nearer extreme → other extreme → close (ties: low first).

#include <gtest/gtest.h>

#include "harness.hpp"

namespace talon::test {
namespace {

TEST(Market, FillsAtTheNextOpenAsTaker) {
  Exchange x;
  OrderRequest r;
  r.quantity = D("0.1");
  const auto id = x.submit(r);
  EXPECT_EQ(x.order(id).status, OrderStatus::Submitted);
  x.bar("100000", "100500", "99500", "100200");
  ASSERT_EQ(x.om.fills().size(), 1u);
  EXPECT_EQ(x.om.fills()[0].price, D("100000"));
  EXPECT_EQ(x.om.fills()[0].fee, D("5"));  // 10,000 × 5 bps
  EXPECT_EQ(x.om.fills()[0].liquidity, Liquidity::Taker);
  EXPECT_EQ(x.portfolio.cash(), D("89995"));  // 100,000 − 10,000 − 5
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
}

TEST(Market, SlippageMovesTheFillAgainstTheOrderOnTheTickGrid) {
  SimulatedVenueConfig c = scenario_config();
  c.slippage_bps = D("1.5");
  Exchange x(c);
  OrderRequest r;
  r.quantity = D("0.1");
  x.submit(r);
  x.bar("100000.03", "100500", "99500", "100200");
  // 100000.03 × 1.5 bps = 15.0000045 → up to 15.00000450; + open = 100015.0300045 → tick up.
  EXPECT_EQ(x.om.fills()[0].price, D("100015.04"));
}

TEST(Limit, RestingBuyFillsAtItsPriceAsMakerWhenThePathTouchesIt) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "99000"));
  x.bar("100000", "100500", "99500", "100200");  // never reaches 99,000
  EXPECT_EQ(x.order(id).status, OrderStatus::New);
  x.bar("100200", "100300", "98800", "99100");
  ASSERT_EQ(x.om.fills().size(), 1u);
  EXPECT_EQ(x.om.fills()[0].price, D("99000"));
  EXPECT_EQ(x.om.fills()[0].liquidity, Liquidity::Maker);
  EXPECT_EQ(x.om.fills()[0].fee, D("1.98"));      // 9,900 × 2 bps
  EXPECT_EQ(x.portfolio.cash(), D("90098.02"));   // 100,000 − 9,900 − 1.98
  EXPECT_EQ(x.om.fills()[0].executed_at, x.now);  // on the path: the bar's close_time
}

TEST(Limit, MarketableOnArrivalTakesAtTheOpen) {
  Exchange x;
  x.submit(limit(OrderSide::Buy, "0.1", "101000"));
  x.bar("100000", "100500", "99500", "100200");
  EXPECT_EQ(x.om.fills()[0].price, D("100000"));  // price improvement to the open
  EXPECT_EQ(x.om.fills()[0].liquidity, Liquidity::Taker);
  EXPECT_EQ(x.om.fills()[0].fee, D("5"));
}

TEST(Limit, BarOpeningThroughARestingLimitFillsAtTheLimit) {
  Exchange x;
  x.submit(limit(OrderSide::Buy, "0.1", "99000"));
  x.bar("100000", "100500", "99500", "99600");
  x.bar("98500", "98700", "98400", "98600");
  EXPECT_EQ(x.om.fills()[0].price, D("99000"));
  EXPECT_EQ(x.om.fills()[0].liquidity, Liquidity::Maker);
  EXPECT_EQ(x.om.fills()[0].executed_at, Timestamp::from_seconds(1748736000 + 60));
}

TEST(PostOnly, GtxThatWouldTakeLiquidityIsRejected) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "100500", TimeInForce::Gtx));
  x.bar("100000", "100600", "99500", "100200");
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("GTX"), std::string::npos);
  EXPECT_TRUE(x.om.fills().empty());
}

TEST(PostOnly, GtxRestsAndFillsAsMaker) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "99000", TimeInForce::Gtx));
  x.bar("100000", "100100", "98900", "99500");
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.fills()[0].fee, D("1.98"));
}

TEST(PostOnly, GtxIsOnlyAllowedOnLimitOrders) {
  Exchange x;
  x.hold("0.1", "100000");
  OrderRequest r = stop(OrderType::StopMarket, OrderSide::Sell, "0.1", "99000");
  r.time_in_force = TimeInForce::Gtx;
  const auto id = x.submit(r);
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("GTX"), std::string::npos);
}

TEST(IOC, WithoutImmediateMatchExpiresUnfilled) {
  Exchange x;
  const auto id = x.submit(limit(OrderSide::Buy, "0.1", "99000", TimeInForce::Ioc));
  x.bar("100000", "100100", "98000", "98500");  // the path later passes 99,000: too late
  EXPECT_EQ(x.order(id).status, OrderStatus::Expired);
  EXPECT_TRUE(x.om.fills().empty());
}

TEST(IOC, FillsWhatVolumeAllowsAndExpiresTheRest) {
  SimulatedVenueConfig c = scenario_config();
  c.max_volume_fraction = D("0.1");
  Exchange x(c);
  const auto id = x.submit(limit(OrderSide::Buy, "0.5", "101000", TimeInForce::Ioc));
  x.bar("100000", "100100", "99900", "100000", "2");  // capacity 2 × 0.1 = 0.2
  EXPECT_EQ(x.order(id).status, OrderStatus::Expired);
  EXPECT_EQ(x.order(id).filled_quantity, D("0.2"));
  EXPECT_EQ(x.om.fills()[0].fee, D("10"));  // 20,000 × 5 bps
  std::vector<OrderStatus> path;
  for (const auto& e : x.om.events()) {
    if (e.order_id == x.order(id).id) path.push_back(e.to);
  }
  EXPECT_EQ(path, (std::vector<OrderStatus>{OrderStatus::Pending, OrderStatus::Submitted,
                                            OrderStatus::New, OrderStatus::PartiallyFilled,
                                            OrderStatus::Expired}));
}

TEST(FOK, ThatCannotFillWholeExpiresUntouched) {
  SimulatedVenueConfig c = scenario_config();
  c.max_volume_fraction = D("0.1");
  Exchange x(c);
  const auto id = x.submit(limit(OrderSide::Buy, "0.5", "101000", TimeInForce::Fok));
  x.bar("100000", "100100", "99900", "100000", "2");
  EXPECT_EQ(x.order(id).status, OrderStatus::Expired);
  EXPECT_TRUE(x.order(id).filled_quantity.is_zero());
  EXPECT_TRUE(x.om.fills().empty());
  EXPECT_EQ(x.portfolio.cash(), D("100000"));
}

TEST(FOK, FillsWholeWhenVolumeAllows) {
  SimulatedVenueConfig c = scenario_config();
  c.max_volume_fraction = D("0.1");
  Exchange x(c);
  const auto id = x.submit(limit(OrderSide::Buy, "0.5", "101000", TimeInForce::Fok));
  x.bar("100000", "100100", "99900", "100000", "10");  // capacity 1.0
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.fills().size(), 1u);
}

TEST(PartialFill, RestingLimitFillsAcrossBarsWithinTheVolumeCap) {
  SimulatedVenueConfig c = scenario_config();
  c.max_volume_fraction = D("0.1");
  Exchange x(c);
  const auto id = x.submit(limit(OrderSide::Buy, "0.5", "99000"));
  x.bar("100000", "100100", "98900", "99500", "2");  // cap 0.2: fills 0.2
  EXPECT_EQ(x.order(id).status, OrderStatus::PartiallyFilled);
  EXPECT_EQ(x.order(id).filled_quantity, D("0.2"));
  x.bar("99500", "99600", "98950", "99000", "1");  // cap 0.1: fills 0.1
  EXPECT_EQ(x.order(id).filled_quantity, D("0.3"));
  x.bar("99000", "99100", "98900", "99050", "5");  // opens at the limit: the last 0.2
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  ASSERT_EQ(x.om.fills().size(), 3u);
  // maker fees 3.96 + 1.98 + 3.96 = 9.9; cash 100,000 − 0.5 × 99,000 − 9.9
  EXPECT_EQ(x.order(id).fees, D("9.9"));
  EXPECT_EQ(x.portfolio.cash(), D("50490.1"));
}

TEST(StopMarket, SellStopTriggersOnThePathAndFillsAtTheStop) {
  Exchange x;
  x.hold("0.1", "100000");  // cash 89,995
  const auto id = x.submit(stop(OrderType::StopMarket, OrderSide::Sell, "0.1", "99000"));
  // high is nearer (200 vs 1,500): 100,000 → 100,200 → 98,500 (crosses 99,000) → 98,800
  x.bar("100000", "100200", "98500", "98800");
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_TRUE(x.order(id).triggered);
  EXPECT_EQ(x.om.fills().back().price, D("99000"));
  EXPECT_EQ(x.om.fills().back().fee, D("4.95"));     // 9,900 × 5 bps
  EXPECT_EQ(x.portfolio.cash(), D("99890.05"));      // 89,995 + 9,900 − 4.95
  EXPECT_EQ(x.portfolio.realized_pnl(), D("-100"));  // (99,000 − 100,000) × 0.1
}

TEST(StopMarket, GapThroughTheStopFillsAtTheOpen) {
  Exchange x;
  x.hold("0.1", "100000");
  x.submit(stop(OrderType::StopMarket, OrderSide::Sell, "0.1", "99000"));
  x.bar("99500", "99600", "99100", "99200");
  x.bar("98000", "98200", "97900", "98100");
  EXPECT_EQ(x.om.fills().back().price, D("98000"));
  EXPECT_EQ(x.portfolio.cash(), D("99790.1"));  // 89,995 + 9,800 − 4.9
}

TEST(StopMarket, StopThatWouldTriggerOnArrivalIsRejected) {
  Exchange x;
  const auto id = x.submit(stop(OrderType::StopMarket, OrderSide::Buy, "0.1", "99000"));
  x.bar("100000", "100100", "99900", "100000");  // BUY stop triggers at >= 99,000: at once
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("-2021"), std::string::npos);
}

TEST(StopLimit, MarketableAtTheTriggerTakesAtTheStop) {
  Exchange x;
  x.hold("0.1", "100000");
  x.submit(stop(OrderType::StopLimit, OrderSide::Sell, "0.1", "99000", "98900"));
  x.bar("100000", "100200", "98500", "98800");
  EXPECT_EQ(x.om.fills().back().price, D("99000"));
  EXPECT_EQ(x.om.fills().back().liquidity, Liquidity::Taker);
}

TEST(StopLimit, RestsAsALimitWhenNotMarketableAtTheTrigger) {
  Exchange x;
  x.hold("0.1", "100000");
  const auto id = x.submit(stop(OrderType::StopLimit, OrderSide::Sell, "0.1", "99000", "99100"));
  // 100,000 → 100,200 → 98,500 (triggers at 99,000; SELL limit 99,100 not reachable) →
  // 99,300 (passes 99,100: maker fill)
  x.bar("100000", "100200", "98500", "99300");
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.fills().back().price, D("99100"));
  EXPECT_EQ(x.om.fills().back().liquidity, Liquidity::Maker);
  EXPECT_EQ(x.om.fills().back().fee, D("1.982"));  // 9,910 × 2 bps
  EXPECT_EQ(x.portfolio.cash(), D("99903.018"));   // 89,995 + 9,910 − 1.982
}

TEST(StopLimit, TriggeredButUnfilledStaysNew) {
  Exchange x;
  x.hold("0.1", "100000");
  const auto id = x.submit(stop(OrderType::StopLimit, OrderSide::Sell, "0.1", "99000", "99100"));
  x.bar("100000", "100200", "98500", "99050");
  EXPECT_EQ(x.order(id).status, OrderStatus::New);
  EXPECT_TRUE(x.order(id).triggered);
  EXPECT_EQ(x.om.events().back().kind, OrderEventKind::Triggered);
}

TEST(TakeProfit, SellTriggersWhenThePriceRisesToIt) {
  Exchange x;
  x.hold("0.1", "100000");
  const auto id = x.submit(stop(OrderType::TakeProfit, OrderSide::Sell, "0.1", "100150"));
  // tie (200/200) → low first: 100,000 → 99,800 → 100,200 (crosses 100,150)
  x.bar("100000", "100200", "99800", "100100");
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.fills().back().price, D("100150"));
  EXPECT_EQ(x.portfolio.cash(), D("100004.9925"));  // 89,995 + 10,015 − 5.0075
}

TEST(TakeProfit, ThatWouldTriggerOnArrivalIsRejected) {
  Exchange x;
  x.hold("0.1", "100000");
  const auto id = x.submit(stop(OrderType::TakeProfit, OrderSide::Sell, "0.1", "99900"));
  x.bar("100000", "100200", "99800", "100100");
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
}

TEST(TakeProfitLimit, BecomesALimitAndFillsLaterOnTheSameLeg) {
  Exchange x;
  x.hold("0.1", "100000");
  x.submit(stop(OrderType::TakeProfitLimit, OrderSide::Sell, "0.1", "100150", "100180"));
  x.bar("100000", "100200", "99800", "100100");
  EXPECT_EQ(x.om.fills().back().price, D("100180"));
  EXPECT_EQ(x.om.fills().back().liquidity, Liquidity::Maker);
  EXPECT_EQ(x.om.fills().back().fee, D("2.0036"));  // 10,018 × 2 bps
}

OrderRequest trailing(OrderSide side, const char* rate, const char* activation = "0") {
  OrderRequest r;
  r.side = side;
  r.type = OrderType::TrailingStop;
  r.quantity = D("0.1");
  r.callback_rate = D(rate);
  r.activation_price = D(activation);
  return r;
}

TEST(Trailing, SellTracksTheHighestPriceAndTriggersOnTheCallback) {
  Exchange x;
  x.hold("0.1", "100000");
  const auto id = x.submit(trailing(OrderSide::Sell, "1"));
  // arrives at 100,000; low nearer: → 99,900 (trigger 99,000 not hit) → 101,000 (new high)
  // → 100,800 (trigger 101,000 × 0.99 = 99,990 not hit)
  x.bar("100000", "101000", "99900", "100800");
  EXPECT_EQ(x.order(id).status, OrderStatus::New);
  // high nearer: → 100,900 → 99,500 crosses 99,990
  x.bar("100800", "100900", "99500", "99700");
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.fills().back().price, D("99990"));
  EXPECT_EQ(x.portfolio.cash(), D("99989.0005"));  // 89,995 + 9,999 − 4.9995
}

TEST(Trailing, ActivationPriceDelaysTracking) {
  Exchange x;
  x.hold("0.1", "100000");
  const auto id = x.submit(trailing(OrderSide::Sell, "1", "102000"));
  x.bar("100000", "101000", "99900", "100800");
  x.bar("100800", "100900", "99500", "99700");  // would have triggered if active
  EXPECT_EQ(x.order(id).status, OrderStatus::New);
  // low nearer: → 99,000 → 102,500 (activates at 102,000, high 102,500) → 101,000
  // crosses 102,500 × 0.99 = 101,475
  x.bar("100000", "102500", "99000", "101000");
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.fills().back().price, D("101475"));
}

TEST(Trailing, BuyTracksTheLowestPriceAndTriggersOnTheRebound) {
  Exchange x;
  const auto id = x.submit(trailing(OrderSide::Buy, "1"));
  // high nearer: → 100,050 → 98,000 (new low) → 99,500 crosses 98,000 × 1.01 = 98,980
  x.bar("100000", "100050", "98000", "99500");
  EXPECT_EQ(x.order(id).status, OrderStatus::Filled);
  EXPECT_EQ(x.om.fills().back().price, D("98980"));
}

TEST(Trailing, TriggerIsRoundedToTheTickAgainstTheOrder) {
  Exchange x;
  x.hold("0.1", "100000");
  x.submit(trailing(OrderSide::Sell, "0.3"));
  // 100,000.01 × 0.997 = 99,700.00997 → SELL trigger rounds down to 99,700.00
  x.bar("100000.01", "100000.01", "99000", "99500");
  EXPECT_EQ(x.om.fills().back().price, D("99700"));
}

TEST(Trailing, CallbackRateOutsideBinanceRangeIsRejected) {
  Exchange x;
  x.hold("0.1", "100000");
  const auto id = x.submit(trailing(OrderSide::Sell, "0.05"));
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("TRAILING"), std::string::npos);
}

TEST(Trailing, SellWhoseActivationPriceIsAlreadyPassedIsRejectedLikeBinance) {
  // Binance USDⓈ-M New Order, TRAILING_STOP_MARKET: -2021 "Order would immediately trigger"
  // when a SELL's activationPrice is not above the latest price.
  Exchange x;
  x.hold("0.1", "100000");
  const auto id = x.submit(trailing(OrderSide::Sell, "1", "99000"));
  x.bar("100000", "100500", "99800", "100200");
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("-2021"), std::string::npos);
  EXPECT_EQ(x.om.fills().size(), 1u);  // only the holding bought by hold()
}

TEST(Trailing, BuyWhoseActivationPriceIsAlreadyPassedIsRejectedLikeBinance) {
  // A BUY's activationPrice must be below the latest price.
  Exchange x;
  const auto id = x.submit(trailing(OrderSide::Buy, "1", "100000"));
  x.bar("100000", "100500", "99800", "100200");  // arrives at 100,000: not below
  EXPECT_EQ(x.order(id).status, OrderStatus::Rejected);
  EXPECT_NE(x.order(id).reject_reason.find("-2021"), std::string::npos);
  EXPECT_TRUE(x.om.fills().empty());
}

}  // namespace
}  // namespace talon::test
