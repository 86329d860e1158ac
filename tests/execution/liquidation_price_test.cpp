// Liquidation prices across bracket boundaries, worked by hand from Binance's FAQ
// "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts": LP is the price where
// margin balance equals maintenance margin, MM = notional × MMR − cum with the bracket of
// the notional AT LP ("Leverage and Margin of USDⓈ-M Futures").
//
// The table is written out here (Binance's 2021 BTCUSDT tiers, first four brackets) so
// that the hand arithmetic does not move when the built-in table is updated:
//   [0, 50k) 0.4 % cum 0 · [50k, 250k) 0.5 % cum 50 · [250k, 1M) 1 % cum 1,300 ·
//   [1M, 10M) 2.5 % cum 16,300.
// With one bracket per position the balance − maintenance is linear in P and
//   P = (WB + Σcum − Σ dir·q·EP) / (Σ q·MMR − Σ dir·q).

#include <gtest/gtest.h>

#include <random>

#include <talon/core/error.hpp>
#include <talon/execution/futures_account.hpp>

#include "futures_helpers.hpp"

namespace talon::test {
namespace {

std::vector<MarginTier> tiers() {
  return {{D("0"), D("50000"), 125, D("0.004"), D("0")},
          {D("50000"), D("250000"), 100, D("0.005"), D("50")},
          {D("250000"), D("1000000"), 50, D("0.01"), D("1300")},
          {D("1000000"), D("10000000"), 20, D("0.025"), D("16300")}};
}

// The hand-worked table above, not the built-in one.
FuturesConfig table_config(MarginMode margin, int leverage,
                           PositionMode mode = PositionMode::OneWay) {
  return test::config(margin, leverage, mode, tiers());
}

// Margin balance − maintenance margin at P, each leg's bracket taken at its notional at P.
Decimal margin_surplus(const std::vector<MarginTier>& t, const std::vector<MarginLeg>& legs,
                       Decimal wallet, Decimal p) {
  Decimal balance = wallet;
  Decimal maintenance;
  for (const MarginLeg& l : legs) {
    balance += mul(p - l.entry_price, l.quantity, Rounding::HalfEven) * l.direction;
    maintenance += maintenance_margin(t, mul(l.quantity, p, Rounding::HalfUp));
  }
  return balance - maintenance;
}

TEST(LiquidationPrice, CrossLongWhoseMarkBracketGivesANegativePriceIsRetakenAtTheLowBracket) {
  // Long 10 @ 30,000 (notional 300,000: bracket 3), cross wallet 299,700.
  // Bracket 3's line: (299,700 + 1,300 − 300,000) / (0.1 − 10) = −101.01: no liquidation by
  // that bracket, but at such prices the notional is in bracket 1:
  // (299,700 − 300,000) / (10 × 0.004 − 10) = 300 / 9.96 = 30.120481927…, notional 301.2:
  // bracket 1 indeed.
  FuturesAccount a("BTCUSDT", D("299700"), table_config(MarginMode::Cross, 20));
  fill(a, OrderSide::Buy, "10", "30000");
  EXPECT_EQ(a.liquidation_price(PositionSide::Both), D("30.12048193"));
  std::vector<LiquidationLevel> levels;
  a.liquidation_levels(levels);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_TRUE(levels[0].is_long);
  EXPECT_EQ(levels[0].price, D("30.12048193"));
}

TEST(LiquidationPrice, IsolatedLongAcrossTwoBracketsLandsWhereBalanceMeetsMaintenance) {
  // Long 100 @ 20,000 at 1x: isolated margin 2,000,000; a funding payment of 3 % of the
  // 2,000,000 notional leaves 1,940,000 (an extreme rate, to reach the case with round
  // numbers).
  FuturesAccount a("BTCUSDT", D("3000000"), table_config(MarginMode::Isolated, 1));
  fill(a, OrderSide::Buy, "100", "20000");
  a.apply_funding(D("0.03"), D("20000"), Timestamp::from_seconds(1672560000));
  ASSERT_EQ(a.isolated_margin(PositionSide::Both), D("1940000"));
  // Mark bracket 4: (1,940,000 + 16,300 − 2,000,000) / (2.5 − 100) = 448.205…, notional
  // 44,820: bracket 1, whose line gives (1,940,000 − 2,000,000) / (0.4 − 100) = 602.409…,
  // notional 60,240: bracket 2. Bracket 2: (1,940,000 + 50 − 2,000,000) / (0.5 − 100)
  // = 59,950 / 99.5 = 602.512562814…, notional 60,251: bracket 2, consistent.
  // (Stopping after one re-take reports 602.40963855, where the balance is 10.2 below
  // maintenance.)
  EXPECT_EQ(a.liquidation_price(PositionSide::Both), D("602.51256281"));
}

TEST(LiquidationPrice, CrossShortAcrossTwoBracketsLandsWhereBalanceMeetsMaintenance) {
  // Short 100 @ 2,000 (notional 200,000: bracket 2), cross wallet 806,000.
  // Bracket 2: (806,000 + 50 + 200,000) / (0.5 + 100) = 10,010.45, notional 1,001,045:
  // bracket 4: (806,000 + 16,300 + 200,000) / (2.5 + 100) = 9,973.66, notional 997,366:
  // bracket 3: (806,000 + 1,300 + 200,000) / (1 + 100) = 1,007,300 / 101
  // = 9,973.267326732…, notional 997,327: bracket 3, consistent.
  FuturesAccount a("BTCUSDT", D("806000"), table_config(MarginMode::Cross, 20));
  fill(a, OrderSide::Sell, "100", "2000");
  EXPECT_EQ(a.liquidation_price(PositionSide::Both), D("9973.26732673"));
  std::vector<LiquidationLevel> levels;
  a.liquidation_levels(levels);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_FALSE(levels[0].is_long);
}

TEST(LiquidationPrice, IsolatedShortAcrossTwoBrackets) {
  // Short 100 @ 2,000 at 1x: isolated margin 200,000, plus funding received at a rate of
  // 3.03 on the 200,000 notional (606,000): WB 806,000, the cross case's numbers.
  FuturesAccount a("BTCUSDT", D("1000000"), table_config(MarginMode::Isolated, 1));
  fill(a, OrderSide::Sell, "100", "2000");
  a.apply_funding(D("3.03"), D("2000"), Timestamp::from_seconds(1672560000));
  ASSERT_EQ(a.isolated_margin(PositionSide::Both), D("806000"));
  EXPECT_EQ(a.liquidation_price(PositionSide::Both), D("9973.26732673"));
}

TEST(LiquidationPrice, HedgeCrossLegsInDifferentBracketsAtThePrice) {
  // Long 100 and short 50, both @ 20,000, cross wallet 960,510. At P = 800 the long's
  // notional 80,000 is bracket 2 (MM 400 − 50 = 350), the short's 40,000 bracket 1
  // (MM 160); margin balance 960,510 + 100 × (800 − 20,000) − 50 × (800 − 20,000) = 510
  // = 350 + 160. Solving with those brackets: (960,510 + 50 − 2,000,000 + 1,000,000) /
  // (0.5 + 0.2 − 100 + 50) = −39,440 / −49.3 = 800. (Brackets at the mark, both 4, then one
  // re-take at 148.97 with both in bracket 1, give 799.39271255.)
  FuturesAccount a("BTCUSDT", D("960510"),
                   table_config(MarginMode::Cross, 20, PositionMode::Hedge));
  fill(a, OrderSide::Buy, "100", "20000", PositionSide::Long);
  fill(a, OrderSide::Sell, "50", "20000", PositionSide::Short);
  EXPECT_EQ(a.liquidation_price(PositionSide::Long), D("800"));
  EXPECT_EQ(a.liquidation_price(PositionSide::Short), D("800"));
  std::vector<LiquidationLevel> levels;
  a.liquidation_levels(levels);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_TRUE(levels[0].is_long);  // net long 50
}

TEST(LiquidationPrice, UnleveragedLongCannotBeLiquidated) {
  // 1x isolated long: the balance is q × P, maintenance q × P × 0.4 %: never equal for P > 0.
  FuturesAccount a("BTCUSDT", D("100000"), table_config(MarginMode::Isolated, 1));
  fill(a, OrderSide::Buy, "1", "60000");
  EXPECT_EQ(a.liquidation_price(PositionSide::Both), Decimal{});
  std::vector<LiquidationLevel> levels;
  a.liquidation_levels(levels);
  EXPECT_TRUE(levels.empty());
}

TEST(LiquidationPrice, RootOnABracketBoundaryIsFoundFromEitherSide) {
  // Long 1 @ 60,000 with WB chosen so that LP is exactly 50,000, the bracket 1/2 boundary:
  // WB = 1 × (60,000 − 50,000) + 50,000 × 0.5 % − 50 = 10,200 (both brackets give 200 of
  // maintenance there).
  const std::vector<MarginLeg> legs{{D("1"), 1, D("60000")}};
  for (const char* mark : {"0", "1", "40000", "60000", "5000000"}) {
    const LiquidationPoint lp = liquidation_point(tiers(), legs, D("10200"), D(mark));
    EXPECT_EQ(lp.price, D("50000")) << mark;
    EXPECT_TRUE(lp.is_long);
  }
}

TEST(LiquidationPrice, EveryReportedPriceHasBalanceEqualToMaintenanceAtItsOwnBracket) {
  // Random single positions against the brackets of the price they report: the surplus
  // (balance − maintenance) is zero up to the rounding of LP to 8 places, positive on the
  // safe side and negative past it.
  std::mt19937_64 rng(7);
  const std::vector<MarginTier> t = tiers();
  int found = 0;
  for (int i = 0; i < 5000; ++i) {
    const int dir = (i % 2 == 0) ? 1 : -1;
    const Decimal q =
        Decimal::from_raw(static_cast<Decimal::Raw>(rng() % 50'000'000'000ULL) + 1'000'000);
    const Decimal ep =
        Decimal::from_raw(static_cast<Decimal::Raw>(rng() % 10'000'000'000'000ULL) + 100'000'000);
    const Decimal notional = mul(q, ep, Rounding::HalfEven);
    const Decimal wallet =
        mul(notional, Decimal::from_raw(static_cast<Decimal::Raw>(rng() % 120'000'000)),
            Rounding::HalfEven);
    const std::vector<MarginLeg> legs{{q, dir, ep}};
    const LiquidationPoint lp = liquidation_point(t, legs, wallet, ep);
    if (!lp.price.is_positive()) {
      // Only an (almost) unleveraged long escapes: its surplus at the smallest price is > 0.
      EXPECT_EQ(dir, 1);
      EXPECT_TRUE(margin_surplus(t, legs, wallet, Decimal::from_raw(1)).is_positive());
      continue;
    }
    ++found;
    EXPECT_EQ(lp.is_long, dir > 0);
    const Decimal tolerance = mul(q, D("0.00000002"), Rounding::Up) + D("0.00000003");
    EXPECT_LE(margin_surplus(t, legs, wallet, lp.price).abs(), tolerance)
        << "q " << q << " ep " << ep << " wallet " << wallet << " lp " << lp.price;
    const Decimal step = D("0.01");
    const Decimal safe = dir > 0 ? lp.price + step : lp.price - step;
    const Decimal past = dir > 0 ? lp.price - step : lp.price + step;
    if (safe.is_positive()) {
      EXPECT_TRUE(margin_surplus(t, legs, wallet, safe).is_positive());
    }
    if (past.is_positive()) {
      EXPECT_TRUE(margin_surplus(t, legs, wallet, past).is_negative());
    }
  }
  EXPECT_GT(found, 3000);
}

TEST(LiquidationPrice, RejectsEmptyInput) {
  EXPECT_THROW(liquidation_point({}, std::vector<MarginLeg>{{D("1"), 1, D("1")}}, D("1"), D("1")),
               InvalidArgument);
  EXPECT_THROW(liquidation_point(tiers(), std::vector<MarginLeg>{}, D("1"), D("1")),
               InvalidArgument);
  EXPECT_THROW(
      liquidation_point(tiers(), std::vector<MarginLeg>{{D("0"), 1, D("1")}}, D("1"), D("1")),
      InvalidArgument);
}

}  // namespace
}  // namespace talon::test
