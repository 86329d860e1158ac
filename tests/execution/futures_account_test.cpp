// USDⓈ-M perpetual accounting with numbers worked by hand from Binance's published
// formulas:
// [LP]  Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts"
// [LM]  Binance FAQ "Leverage and Margin of USDⓈ-M Futures" (brackets, MM = notional × MMR − cum)
// [FR]  Binance FAQ "Introduction to Binance Futures Funding Rates" (fee = notional × rate)
// Fills here carry no fee unless a test says so, to keep the arithmetic visible.

#include <gtest/gtest.h>

#include <fstream>

#include <talon/core/error.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/execution/funding.hpp>
#include <talon/execution/futures_account.hpp>

#include "futures_helpers.hpp"
#include "test_data.hpp"

namespace talon::test {
namespace {

TEST(MarginTiers, BinanceBtcusdtBracketsSatisfyTheMaintenanceAmountRecurrence) {
  EXPECT_NO_THROW(validate_tiers(binance_btcusdt_usdm_brackets()));
  EXPECT_NO_THROW(validate_tiers(binance_ethusdt_usdm_brackets()));
  auto bad = binance_btcusdt_usdm_brackets();
  bad[3].cum = D("16300");  // [LM]: 950 + 3,000,000 × (1 % − 0.65 %) = 11,450
  EXPECT_THROW(validate_tiers(bad), InvalidArgument);
}

TEST(MarginTiers, BuiltInBtcusdtTableIsBinancesCurrentNotThe2021One) {
  // Binance's brackets of 2024-10-24 (data/binance_usdm/README.md): 3,000,000 to 12,000,000
  // at 1 %, cum 11,450, where the 2021 table charged 2.5 % from 1,000,000 (cum 16,300).
  // 5,000,000 × 1 % − 11,450 = 38,550 (the 2021 table: 125,000 − 16,300 = 108,700).
  const auto t = binance_btcusdt_usdm_brackets();
  ASSERT_EQ(t.size(), 12u);
  EXPECT_EQ(maintenance_margin(t, D("5000000")), D("38550"));
  EXPECT_EQ(tier_for(t, D("5000000")).max_leverage, 50);
  EXPECT_EQ(t.back().cap, D("1800000000"));
  EXPECT_EQ(find_builtin_usdm_brackets("ETHUSDT"), binance_ethusdt_usdm_brackets());
  EXPECT_FALSE(find_builtin_usdm_brackets("XRPUSDT"));
}

TEST(MarginTiers, MaintenanceMarginIsNotionalTimesRateMinusCum) {
  // [LP]'s worked example uses the BTCUSDT table of its time (2021): bracket 4 is
  // [1,000,000, 10,000,000) at 2.5 %, cum 16,300.
  const std::vector<MarginTier> faq = {{D("0"), D("50000"), 125, D("0.004"), D("0")},
                                       {D("50000"), D("250000"), 100, D("0.005"), D("50")},
                                       {D("250000"), D("1000000"), 50, D("0.01"), D("1300")},
                                       {D("1000000"), D("10000000"), 20, D("0.025"), D("16300")}};
  // 3,500,032.458 × 2.50 % − 16,300 = 71,200.81145
  EXPECT_EQ(maintenance_margin(faq, D("3500032.458")), D("71200.81145"));
  // tier 1: 40,000 × 0.40 % − 0 = 160
  EXPECT_EQ(maintenance_margin(binance_btcusdt_usdm_brackets(), D("40000")), D("160"));
}

TEST(Isolated, LongLiquidationPriceFollowsTheBinanceFormula) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Isolated, 10));
  fill(a, OrderSide::Buy, "0.1", "60000");
  EXPECT_EQ(a.isolated_margin(PositionSide::Both), D("600"));  // 6,000 / 10
  // [LP] isolated: WB = 600, TMM1 = UPNL1 = 0, tier 1 (MMR 0.4 %, cum 0):
  // (600 − 0.1 × 60,000) / (0.1 × 0.004 − 0.1) = −5,400 / −0.0996 = 54,216.867469879…
  EXPECT_EQ(a.liquidation_price(PositionSide::Both), D("54216.86746988"));
  EXPECT_EQ(a.open_position(PositionSide::Both)->margin_used, D("600"));
}

TEST(Isolated, ShortLiquidationPriceFollowsTheBinanceFormula) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Isolated, 10));
  fill(a, OrderSide::Sell, "0.1", "60000");
  EXPECT_EQ(a.position(PositionSide::Both), D("-0.1"));
  // (600 + 0.1 × 60,000) / (0.1 × 0.004 + 0.1) = 6,600 / 0.1004 = 65,737.051792828…
  EXPECT_EQ(a.liquidation_price(PositionSide::Both), D("65737.05179283"));
}

TEST(Cross, LiquidationPriceUsesTheWholeWalletAndTheBracketOfTheNotional) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Cross, 20));
  fill(a, OrderSide::Buy, "1", "60000");
  // notional 60,000 → tier 2 (MMR 0.5 %, cum 50):
  // (10,000 + 50 − 60,000) / (0.005 − 1) = 50,201.005025125…; 50,201 is still tier 2.
  EXPECT_EQ(a.liquidation_price(PositionSide::Both), D("50201.00502513"));
}

TEST(Hedge, CrossLongAndShortShareOneLiquidationPriceWithBracketAtTheLiquidationPrice) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Cross, 20, PositionMode::Hedge));
  fill(a, OrderSide::Buy, "1", "60000", PositionSide::Long);
  fill(a, OrderSide::Sell, "0.5", "62000", PositionSide::Short);
  EXPECT_EQ(a.position(PositionSide::Long), D("1"));
  EXPECT_EQ(a.position(PositionSide::Short), D("0.5"));
  // First pass, brackets at the mark notional (long 60,000 → tier 2; short 31,000 → tier 1):
  // (10,000 + 50 − 60,000 + 31,000) / (0.005 + 0.002 − 1 + 0.5) = 38,438.13…, where the
  // long's notional is tier 1, so [LP]'s note recomputes with tier 1 for both:
  // (10,000 − 60,000 + 31,000) / (0.004 + 0.002 − 1 + 0.5) = 19,000 / 0.494
  EXPECT_EQ(a.liquidation_price(PositionSide::Long), D("38461.53846154"));
  EXPECT_EQ(a.liquidation_price(PositionSide::Short), D("38461.53846154"));
  std::vector<LiquidationLevel> levels;
  a.liquidation_levels(levels);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_TRUE(levels[0].is_long);  // net long: liquidated when the price falls
}

TEST(Hedge, LongAndShortAreSeparatePositionsWithTheirOwnPnl) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Cross, 20, PositionMode::Hedge));
  fill(a, OrderSide::Buy, "0.1", "60000", PositionSide::Long);
  fill(a, OrderSide::Sell, "0.1", "60000", PositionSide::Short);
  a.mark(D("61000"), Timestamp::from_seconds(1672531260));
  EXPECT_EQ(a.open_position(PositionSide::Long)->unrealized_pnl, D("100"));
  EXPECT_EQ(a.open_position(PositionSide::Short)->unrealized_pnl, D("-100"));
  EXPECT_THROW(fill(a, OrderSide::Buy, "0.1", "60000", PositionSide::Both), InvalidArgument);
}

TEST(Positions, AddsAverageTheEntryAndPartialClosesRealizeProRata) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Cross, 20));
  fill(a, OrderSide::Buy, "0.1", "60000");
  fill(a, OrderSide::Buy, "0.1", "62000");
  EXPECT_EQ(a.open_position(PositionSide::Both)->entry_price, D("61000"));
  fill(a, OrderSide::Sell, "0.05", "63000");  // (63,000 − 61,000) × 0.05 = 100
  EXPECT_EQ(a.open_position(PositionSide::Both)->realized_pnl, D("100"));
  EXPECT_EQ(a.position(PositionSide::Both), D("0.15"));
  EXPECT_EQ(a.wallet_balance(), D("10100"));
}

TEST(Positions, OneWayFillBeyondThePositionClosesItAndOpensTheOtherSide) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Cross, 20));
  fill(a, OrderSide::Buy, "0.1", "60000");
  fill(a, OrderSide::Sell, "0.3", "61000");  // closes 0.1 (+100), opens short 0.2
  ASSERT_EQ(a.positions().size(), 2u);
  EXPECT_EQ(a.positions()[0].status, PositionStatus::Closed);
  EXPECT_EQ(a.positions()[0].realized_pnl, D("100"));
  EXPECT_EQ(a.position(PositionSide::Both), D("-0.2"));
  EXPECT_EQ(a.open_position(PositionSide::Both)->entry_price, D("61000"));
  EXPECT_EQ(a.wallet_balance(), D("10100"));
}

TEST(Positions, PnlPercentIsPnlOverInitialMargin) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Isolated, 10));
  fill(a, OrderSide::Buy, "0.1", "60000", PositionSide::Both, "3");
  a.mark(D("61500"), Timestamp::from_seconds(1672531260));
  const Position& p = *a.open_position(PositionSide::Both);
  EXPECT_EQ(p.unrealized_pnl, D("150"));
  EXPECT_EQ(p.pnl, D("147"));           // 150 − 3 fee
  EXPECT_EQ(p.pnl_percent, D("24.5"));  // 147 / 600 × 100
  EXPECT_EQ(a.wallet_balance(), D("9997"));
}

TEST(Liquidation, IsolatedLiquidationCostsExactlyTheIsolatedMargin) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Isolated, 10));
  fill(a, OrderSide::Buy, "0.1", "60000");
  a.liquidate(PositionSide::Both, D("54216.86746988"), Timestamp::from_seconds(1672534800));
  const Position& p = a.positions()[0];
  EXPECT_EQ(p.status, PositionStatus::Liquidated);
  EXPECT_EQ(p.liquidation_price, D("54216.86746988"));
  // realized (54,216.86746988 − 60,000) × 0.1 = −578.31325301; the rest of the margin,
  // 600 − 578.31325301 = 21.68674699, goes to the insurance fund.
  EXPECT_EQ(p.realized_pnl, D("-578.31325301"));
  EXPECT_EQ(p.fees, D("21.68674699"));
  EXPECT_EQ(p.pnl, D("-600"));
  EXPECT_EQ(a.wallet_balance(), D("9400"));
  EXPECT_EQ(a.open_position(PositionSide::Both), nullptr);
}

TEST(Liquidation, AtTheLiquidationPriceMarginBalanceEqualsMaintenanceMargin) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Isolated, 10));
  fill(a, OrderSide::Buy, "0.1", "60000");
  const Decimal lp = a.liquidation_price(PositionSide::Both);
  const Decimal balance = D("600") + mul(lp - D("60000"), D("0.1"), Rounding::HalfEven);
  const Decimal mm = a.maintenance_margin_at(PositionSide::Both, lp);
  EXPECT_LE((balance - mm).abs(), D("0.00000002"));  // equal up to 8-place rounding
}

TEST(Leverage, OutsideOneTo125IsRefused) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Cross, 20));
  EXPECT_THROW(a.set_leverage(126), InvalidArgument);
  EXPECT_THROW(a.set_leverage(0), InvalidArgument);
  EXPECT_NO_THROW(a.set_leverage(125));
}

TEST(Leverage, AboveTheBracketMaximumIsRefused) {
  FuturesAccount a("BTCUSDT", D("100000"), config(MarginMode::Cross, 20));
  fill(a, OrderSide::Buy, "12", "60000");  // 720,000 → bracket 3 [600,000, 3,000,000), 75x
  EXPECT_THROW(a.set_leverage(100), InvalidArgument);
  EXPECT_NO_THROW(a.set_leverage(75));
}

TEST(Leverage, OrderThatWouldExceedTheBracketMaximumIsRefused) {
  FuturesAccount a("BTCUSDT", D("100000"), config(MarginMode::Cross, 100));
  Order o;
  o.side = OrderSide::Buy;
  o.quantity = D("12");  // 720,000: bracket 3, 75x
  EXPECT_NE(a.check_order(o, D("60000")).find("exceeds the 75x maximum"), std::string::npos);
}

TEST(Margin, OrderBeyondTheAvailableBalanceIsRefused) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Cross, 20));
  Order o;
  o.side = OrderSide::Buy;
  o.quantity = D("4");  // IM 240,000 / 20 = 12,000 > 10,000
  EXPECT_NE(a.check_order(o, D("60000")).find("insufficient margin"), std::string::npos);
  o.quantity = D("3");  // 9,000
  EXPECT_EQ(a.check_order(o, D("60000")), "");
}

TEST(MarginMode, CannotChangeWithAnOpenPosition) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Cross, 20));
  fill(a, OrderSide::Buy, "0.1", "60000");
  EXPECT_THROW(a.set_margin_mode(MarginMode::Isolated), InvalidArgument);
  EXPECT_THROW(a.set_position_mode(PositionMode::Hedge), InvalidArgument);
}

TEST(Funding, LongPaysAndShortReceivesNotionalTimesRateFromTheRealSeries) {
  const auto rates =
      read_funding_rates(test_data("binance_usdm_BTCUSDT_funding_rate_2023-01-01_02.csv"));
  ASSERT_EQ(rates.size(), 6u);
  EXPECT_EQ(rates[2].rate, D("0.00000691"));
  FuturesAccount lng("BTCUSDT", D("10000"), config(MarginMode::Cross, 20));
  FuturesAccount sht("BTCUSDT", D("10000"), config(MarginMode::Cross, 20));
  fill(lng, OrderSide::Buy, "1", "16500");
  fill(sht, OrderSide::Sell, "1", "16500");
  const Timestamp day_end = Timestamp::from_ms(1672617600000);  // 2023-01-02T00:00Z
  // [FR] at mark 16,500 (notional 16,500): −1.65 −1.65 −0.114015 +0.24552 = −3.168495
  EXPECT_EQ(settle_funding(lng, rates, 0, day_end, D("16500")), 4u);
  EXPECT_EQ(settle_funding(sht, rates, 0, day_end, D("16500")), 4u);
  EXPECT_EQ(lng.wallet_balance(), D("9996.831505"));
  EXPECT_EQ(sht.wallet_balance(), D("10003.168495"));
  EXPECT_EQ(lng.open_position(PositionSide::Both)->funding, D("-3.168495"));
}

TEST(Funding, IsolatedFundingMovesTheIsolatedMarginAndTheLiquidationPrice) {
  FuturesAccount a("BTCUSDT", D("10000"), config(MarginMode::Isolated, 10));
  fill(a, OrderSide::Buy, "0.1", "60000");
  EXPECT_EQ(a.apply_funding(D("0.0001"), D("60000"), Timestamp::from_seconds(1672560000)),
            D("-0.6"));
  EXPECT_EQ(a.isolated_margin(PositionSide::Both), D("599.4"));
  // (599.4 − 6,000) / −0.0996 = 54,222.891566265…
  EXPECT_EQ(a.liquidation_price(PositionSide::Both), D("54222.89156627"));
}

TEST(Funding, MalformedRateIsReportedWithFileLineAndField) {
  const std::string path = ::testing::TempDir() + "bad_funding.csv";
  {
    std::ofstream out(path);
    out << "funding_time,funding_rate\n1672531200000,0.0001\n1672560000008,abc\n";
  }
  try {
    read_funding_rates(path);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("bad_funding.csv:3: funding_rate: "), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace talon::test
