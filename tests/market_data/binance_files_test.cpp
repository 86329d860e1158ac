// Binance public-data files read straight from their zips, spot and USDⓈ-M futures, against
// the real rows they were built from (tests/data/README.md).

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/data/kline_reader.hpp>

#include "data_test_util.hpp"

namespace talon {
namespace {

using test::expect_error;
using test::vision;

TEST(BinanceZip, SpotKlinesFromZipEqualTheRawCsvTheyHold) {
  const auto zip = vision("data/spot/daily/klines/ADABTC/1m/ADABTC-1m-2021-11-27.zip");
  const KlineSeries s =
      parse_klines(load_verified_text(zip, ChecksumPolicy::Require), zip.string());
  const KlineSeries raw =
      read_klines(test::test_data("binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv"));
  ASSERT_EQ(s.bars.size(), 10u);
  EXPECT_EQ(s.interval_ns, kNanosPerMinute);
  EXPECT_EQ(to_iso8601(s.bars.front().open_time), "2021-11-27T00:00:00Z");
  EXPECT_EQ(s.bars.front().open.to_string(), "0.00002853");
  EXPECT_EQ(s.bars.front().trades_count, 79);
  EXPECT_EQ(s.bars.front().taker_buy_quote_volume.to_string(), "0.55694227");
  EXPECT_EQ(to_iso8601(s.bars.back().open_time), "2021-11-27T00:09:00Z");
  for (std::size_t i = 0; i < raw.bars.size(); ++i) EXPECT_EQ(s.bars[i].close, raw.bars[i].close);
}

TEST(BinanceZip, SpotKlinesInMicrosecondsSince2025ReadAsTheSameInstants) {
  const KlineSeries ms =
      read_klines(test::test_data("binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv"));
  const KlineSeries us =
      read_klines(test::test_data("binance_spot_ADABTC_1m_2021-11-27_microseconds.csv"));
  ASSERT_EQ(us.bars.size(), ms.bars.size());
  EXPECT_EQ(us.interval_ns, kNanosPerMinute);
  for (std::size_t i = 0; i < ms.bars.size(); ++i) {
    EXPECT_EQ(us.bars[i].open_time, ms.bars[i].open_time);
    // The µs file's close_time is the minute's last microsecond, 999 µs after the ms one's.
    EXPECT_EQ(us.bars[i].close_time.ns - ms.bars[i].close_time.ns, 999 * kNanosPerMicro);
  }
}

TEST(BinanceZip, FuturesKlinesWithHeaderRowRead) {
  const auto zip = vision(
      "data/futures/um/daily/indexPriceKlines/1000000BOBUSDT/1h/1000000BOBUSDT-1h-2025-07-31.zip");
  const KlineSeries s = parse_klines(load_verified_text(zip), zip.string());
  ASSERT_EQ(s.bars.size(), 2u);
  EXPECT_EQ(s.interval_ns, kNanosPerHour);
  EXPECT_EQ(s.bars[1].close.to_string(), "0.05804089");
  EXPECT_EQ(s.bars[1].trades_count, 3600);
}

TEST(BinanceZip, SpotAggTradesSplitByUtcDayKeepEveryRealRow) {
  std::size_t total = 0;
  std::int64_t next_id = 13519807;  // contiguous aggregate ids 13519807..13532283
  for (const char* day : {"2019-10-11", "2019-10-12", "2019-10-13"}) {
    const auto zip =
        vision(std::string("data/spot/daily/aggTrades/XRPETH/XRPETH-aggTrades-") + day + ".zip");
    const auto trades =
        parse_binance_agg_trades(load_verified_text(zip, ChecksumPolicy::Require), zip.string());
    EXPECT_EQ(to_iso_date(trades.front().at), day);
    EXPECT_EQ(to_iso_date(trades.back().at), day);
    EXPECT_EQ(trades.front().id, next_id);
    next_id = trades.back().id + 1;
    total += trades.size();
  }
  EXPECT_EQ(total, 12477u);
  EXPECT_EQ(next_id, 13532284);
}

TEST(BinanceZip, SpotAggTradeFieldsMatchTheFirstRealRow) {
  const auto zip = vision("data/spot/daily/aggTrades/XRPETH/XRPETH-aggTrades-2019-10-11.zip");
  const auto t = parse_binance_agg_trades(load_verified_text(zip), "x").front();
  // 13519807,0.00141342,23.00000000,15373518,15373518,1570752011620,True,True
  EXPECT_EQ(t.price.to_string(), "0.00141342");
  EXPECT_EQ(t.quantity.to_string(), "23");
  EXPECT_EQ(t.first_trade_id, 15373518);
  EXPECT_EQ(t.last_trade_id, 15373518);
  EXPECT_EQ(to_iso8601(t.at), "2019-10-11T00:00:11.620Z");
  EXPECT_TRUE(t.buyer_is_maker);
}

TEST(BinanceZip, SpotTradesRead) {
  const auto zip = vision("data/spot/daily/trades/BTCUSDT/BTCUSDT-trades-2024-08-09.zip");
  const auto trades =
      parse_binance_trades(load_verified_text(zip, ChecksumPolicy::Require), zip.string());
  ASSERT_EQ(trades.size(), 4755u);
  EXPECT_EQ(trades.front().id, 3735692997);
  EXPECT_EQ(trades.front().price.to_string(), "61686");
  EXPECT_EQ(trades.front().quantity.to_string(), "0.00705");
  EXPECT_FALSE(trades.front().buyer_is_maker);
  EXPECT_EQ(to_iso8601(trades.back().at), "2024-08-09T00:01:59.995Z");
}

TEST(BinanceRows, SpotTradeTimesInMicrosecondsSince2025KeepTheirMicroseconds) {
  // 2025-01-01T00:00:00.000123Z written as Binance spot files do from 2025 on.
  const auto t = parse_binance_trades("7,100.5,0.25,25.125,1735689600000123,False,True\n", "t.csv");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(to_iso8601(t[0].at), "2025-01-01T00:00:00.000123Z");
  EXPECT_EQ(t[0].price.to_string(), "100.5");
}

TEST(BinanceZip, FuturesTradesWithHeaderRead) {
  const auto zip =
      vision("data/futures/um/daily/trades/1000000MOGUSDT/1000000MOGUSDT-trades-2025-07-31.zip");
  const auto trades = parse_binance_trades(load_verified_text(zip), zip.string());
  ASSERT_EQ(trades.size(), 4u);
  EXPECT_EQ(trades[2].quantity.to_string(), "74.8");
  EXPECT_TRUE(trades[2].buyer_is_maker);
  EXPECT_EQ(trades[3].at, Timestamp::from_ms(1753920003180));
}

TEST(BinanceZip, FuturesBookTickerRead) {
  const auto zip = vision(
      "data/futures/um/daily/bookTicker/1000BONKUSDT/1000BONKUSDT-bookTicker-2024-03-30.zip");
  const auto b = parse_binance_book_ticker(load_verified_text(zip), zip.string());
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].update_id, 4307082988118);
  EXPECT_EQ(b[0].bid_price.to_string(), "0.026348");
  EXPECT_EQ(b[0].ask_qty.to_string(), "2385");
  EXPECT_EQ(b[0].at, Timestamp::from_ms(1711756800080));
  EXPECT_EQ(b[0].event_time, Timestamp::from_ms(1711756800087));
}

TEST(BinanceZip, CapturedSpotBookTickerLayoutRead) {
  const auto path = test::test_data("binance_spot_BTCUSDT_bookticker_2024-08-08T2354_first500.csv");
  const auto b = parse_binance_book_ticker(read_data_text(path), path);
  ASSERT_EQ(b.size(), 500u);
  EXPECT_EQ(b[0].update_id, 50093239212);
  EXPECT_EQ(b[0].ask_price.to_string(), "61837.64");
  EXPECT_EQ(b[0].at.ns, 1723161254087891268);
}

TEST(BinanceZip, FuturesBookDepthBandsRead) {
  const auto zip =
      vision("data/futures/um/daily/bookDepth/1000BONKUSDT/1000BONKUSDT-bookDepth-2025-07-31.zip");
  const auto d = parse_binance_book_depth(load_verified_text(zip), zip.string());
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(to_iso8601(d[0].at), "2025-07-31T00:00:07Z");
  EXPECT_EQ(d[0].percentage.to_string(), "-5");
  EXPECT_EQ(d[1].notional.to_string(), "3268150.53962");
}

TEST(FundingRates, PublicDataMonthlyFileHasThreeSettlementsADay) {
  const auto zip =
      vision("data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.zip");
  const auto f =
      parse_funding_rates(load_verified_text(zip, ChecksumPolicy::Require), zip.string());
  ASSERT_EQ(f.size(), 93u);  // 31 days x 3 settlements of 8 h
  EXPECT_EQ(f.front().interval_hours, 8);
  EXPECT_EQ(to_iso_date(f.front().at), "2024-01-01");
  EXPECT_EQ(to_iso_date(f.back().at), "2024-01-31");
}

TEST(FundingRates, RestExportTwoColumnFileRead) {
  const auto path = test::test_data("binance_usdm_XRPUSDT_funding_rate_2021-11-18_2021-12-18.csv");
  const auto f = parse_funding_rates(read_data_text(path), path);
  ASSERT_EQ(f.size(), 91u);
  EXPECT_EQ(to_iso8601(f.front().at), "2021-11-18T00:00:00.017Z");
  EXPECT_EQ(f.front().rate.to_string(), "0.0001");
  EXPECT_EQ(to_iso8601(f.back().at), "2021-12-18T00:00:00.014Z");
  EXPECT_EQ(f.front().interval_hours, 0);
}

TEST(FundingRates, RowWithoutHeaderIsRejected) {
  expect_error<DataError>([] { parse_funding_rates("1637193600017,0.0001\n", "f.csv"); },
                          "f.csv:1: funding-rate file has no header row");
}

// Each malformed-row kind is rejected with file, line and field.
TEST(BinanceRows, ShortTradeRowRejectedWithLine) {
  expect_error<DataError>(
      [] { parse_binance_trades("1,100,1,100,1700000000000,true,true\n2,100,1\n", "t.csv"); },
      "t.csv:2: short row: expected 7 fields, found 3");
}
TEST(BinanceRows, NonNumericPriceRejectedWithField) {
  expect_error<DataError>(
      [] { parse_binance_trades("1,abc,1,100,1700000000000,true,true\n", "t.csv"); },
      "t.csv:1: price: not a decimal number");
}
TEST(BinanceRows, ZeroQuantityRejected) {
  expect_error<DataError>(
      [] { parse_binance_trades("1,100,0,0,1700000000000,true,true\n", "t.csv"); },
      "t.csv:1: qty: must be positive");
}
TEST(BinanceRows, RepeatedTradeIdRejectedAsDuplicate) {
  expect_error<DataError>(
      [] {
        parse_binance_trades(
            "5,100,1,100,1700000000000,true,true\n5,100,1,100,1700000000000,true,true\n", "t.csv");
      },
      "t.csv:2: id: id 5 does not follow 5");
}
TEST(BinanceRows, TradeTimeGoingBackwardsRejected) {
  expect_error<DataError>(
      [] {
        parse_binance_agg_trades(
            "1,1,1,1,1,1700000000005,true,true\n2,1,1,2,2,1700000000000,true,true\n", "a.csv");
      },
      "a.csv:2: transact_time: time goes backwards");
}
TEST(BinanceRows, BadBooleanRejected) {
  expect_error<DataError>(
      [] { parse_binance_agg_trades("1,1,1,1,1,1700000000005,yes,true\n", "a.csv"); },
      "a.csv:1: is_buyer_maker: expected true or false, got 'yes'");
}
TEST(BinanceRows, AggTradeWithLastIdBeforeFirstRejected) {
  expect_error<DataError>(
      [] { parse_binance_agg_trades("1,1,1,9,3,1700000000005,true,true\n", "a.csv"); },
      "a.csv:1: last_trade_id: last_trade_id 3 before first_trade_id 9");
}
TEST(BinanceRows, BookDepthBadTimestampRejected) {
  expect_error<DataError>(
      [] {
        parse_binance_book_depth(
            "timestamp,percentage,depth,notional\n2025-13-01 00:00:00,-1,1,1\n", "d.csv");
      },
      "d.csv:2: timestamp:");
}

TEST(BinanceFileNames, DailyKlineNameParsed) {
  const auto n = parse_binance_file_name("BTCUSDT-1m-2025-06-01.zip");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->symbol, "BTCUSDT");
  EXPECT_EQ(n->kind, BinanceDataKind::Klines);
  EXPECT_EQ(n->interval, "1m");
  EXPECT_EQ(n->period, "2025-06-01");
  EXPECT_FALSE(n->monthly);
}
TEST(BinanceFileNames, MonthlyAggTradesNameParsed) {
  const auto n = parse_binance_file_name("XRPETH-aggTrades-2019-10.zip");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, BinanceDataKind::AggTrades);
  EXPECT_EQ(n->period, "2019-10");
  EXPECT_TRUE(n->monthly);
}
TEST(BinanceFileNames, OtherNamesAreNotBinanceFiles) {
  EXPECT_FALSE(parse_binance_file_name("prices.csv"));
  EXPECT_FALSE(parse_binance_file_name("BTCUSDT-1m-June.zip"));
}

}  // namespace
}  // namespace talon
