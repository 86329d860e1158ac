// Generic OHLCV CSV with a column mapping (stocks from any provider) and exchange JSON candles.

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/data/archive.hpp>
#include <talon/data/ohlcv_import.hpp>

#include "data_test_util.hpp"

namespace talon {
namespace {

using test::expect_error;

TEST(OhlcvCsv, LeanDailyEquityBarsAroundTheAppleSplit) {
  OhlcvCsvOptions opt;
  opt.columns.time = "date";
  const KlineSeries s =
      read_ohlcv_csv(test::test_data("us_equity_AAPL_daily_2020-08_2020-09.csv"), opt);
  ASSERT_EQ(s.bars.size(), 42u);
  EXPECT_EQ(s.interval_ns, kNanosPerDay);
  // Raw, unadjusted closes around the 4:1 split (shared/data/README.md).
  const auto at = [&](const char* day) {
    for (const Bar& b : s.bars) {
      if (to_iso_date(b.open_time) == day) return b;
    }
    return Bar{};
  };
  EXPECT_EQ(at("2020-08-28").close.to_string(), "499.23");
  EXPECT_EQ(at("2020-08-31").close.to_string(), "129.04");
  EXPECT_FALSE(s.gaps.empty());  // weekends are gaps of a daily equity series
}

TEST(OhlcvCsv, YahooColumnsMappedByNameIgnoringAdjClose) {
  OhlcvCsvOptions opt;
  opt.columns = {"Date", "Open", "High", "Low", "Close", "Volume"};
  const KlineSeries s =
      read_ohlcv_csv(test::test_data("us_equity_ORCL_daily_1995-01_1995-03_yahoo.csv"), opt);
  ASSERT_EQ(s.bars.size(), 60u);
  EXPECT_EQ(to_iso_date(s.bars[0].open_time), "1995-01-03");
  EXPECT_EQ(s.bars[0].open.to_string(), "2.179012");
  EXPECT_EQ(s.bars[0].volume.to_string(), "36301200");
  EXPECT_EQ(s.bars.back().close.to_string(), "2.425926");
}

TEST(OhlcvCsv, LocalMinuteTimesShiftedByFixedOffsetToUtc) {
  OhlcvCsvOptions opt;
  opt.columns.time = "datetime_et";
  opt.utc_offset_minutes = -240;  // 2013-10-04 is in US Eastern daylight time (UTC-4)
  const KlineSeries s = read_ohlcv_csv(test::test_data("us_equity_SPY_minute_2013-10-04.csv"), opt);
  ASSERT_EQ(s.bars.size(), 711u);
  EXPECT_EQ(to_iso8601(s.bars[0].open_time), "2013-10-04T08:06:00Z");  // 04:06 ET
  EXPECT_EQ(s.interval_ns, kNanosPerMinute);
  EXPECT_FALSE(s.gaps.empty());  // minutes without trades have no bar
}

TEST(OhlcvCsv, HeaderlessFileMappedByColumnIndex) {
  OhlcvCsvOptions opt;
  opt.has_header = false;
  opt.columns = {"0", "1", "2", "3", "4", "5"};
  const KlineSeries s = read_ohlcv_csv(
      test::test_data("binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv"), opt);
  ASSERT_EQ(s.bars.size(), 10u);
  EXPECT_EQ(to_iso8601(s.bars[0].open_time), "2021-11-27T00:00:00Z");  // epoch ms by magnitude
}

TEST(OhlcvCsv, MissingColumnNamedInError) {
  expect_error<DataError>(
      [] { parse_ohlcv_csv("date,open,high,low,close\n2020-01-02,1,1,1,1\n", "p.csv"); },
      "p.csv:1: header has no column 'open_time'");
}

TEST(OhlcvCsv, InconsistentBarRejectedWithLineAndColumn) {
  OhlcvCsvOptions opt;
  opt.columns.time = "date";
  expect_error<DataError>(
      [&] {
        parse_ohlcv_csv("date,open,high,low,close,volume\n2020-01-02,5,4,3,4,1\n", "p.csv", opt);
      },
      "p.csv:2: open: open 5 outside [low 3, high 4]");
  expect_error<DataError>(
      [&] {
        parse_ohlcv_csv(
            "date,open,high,low,close,volume\n2020-01-03,4,4,3,4,1\n2020-01-02,4,4,3,4,1\n",
            "p.csv", opt);
      },
      "p.csv:3: date: time goes backwards");
  expect_error<DataError>(
      [&] {
        parse_ohlcv_csv("date,open,high,low,close,volume\n2020-01-02,4,4,3,4,-1\n", "p.csv", opt);
      },
      "p.csv:2: volume: negative volume");
}

TEST(JsonCandles, BinanceRestKlinesKeepExactDecimals) {
  const auto path = test::test_data("binance_rest_klines_response.json");
  const KlineSeries s = parse_json_candles(read_data_text(path), path);
  ASSERT_EQ(s.bars.size(), 1u);
  EXPECT_EQ(s.layout, KlineLayout::Binance12);
  const Bar& b = s.bars[0];
  EXPECT_EQ(b.open_time, Timestamp::from_ms(1499040000000));
  EXPECT_EQ(b.high.to_string(), "0.8");
  EXPECT_EQ(b.volume.to_string(), "148976.11427815");
  EXPECT_EQ(b.trades_count, 308);
  EXPECT_EQ(b.taker_buy_quote_volume.to_string(), "28.46694368");
}

TEST(JsonCandles, BybitListFoundByJsonPointer) {
  const auto path = test::test_data("bybit_v5_klines_linear_response.json");
  const KlineSeries s = parse_json_candles(read_data_text(path), path, "/result/list");
  ASSERT_EQ(s.bars.size(), 1u);
  EXPECT_EQ(s.bars[0].open_time, Timestamp::from_ms(1709891679000));
  EXPECT_EQ(s.bars[0].close.to_string(), "27455");
  EXPECT_EQ(s.bars[0].volume.to_string(), "123.45");
}

TEST(JsonCandles, NewestFirstListsAreReversedAndFloatsKeepTheirText) {
  const std::string text =
      R"({"data":[[1700000060000,0.3,0.3,0.1,0.2,5],[1700000000000,"0.1","0.3","0.1","0.3","1"]]})";
  const KlineSeries s = parse_json_candles(text, "okx.json", "/data");
  ASSERT_EQ(s.bars.size(), 2u);
  EXPECT_EQ(s.bars[0].open_time, Timestamp::from_ms(1700000000000));
  EXPECT_EQ(s.bars[1].open.to_string(), "0.3");  // the JSON number 0.3, exactly
  EXPECT_EQ(s.interval_ns, kNanosPerMinute);
}

TEST(JsonCandles, BadCandleNamedByIndexAndField) {
  expect_error<DataError>(
      [] { parse_json_candles(R"([[1700000000000,"1","x","1","1","1"]])", "k.json"); },
      "k.json: candle 0: high: not a decimal");
  expect_error<ParseError>([] { parse_json_candles("[[1,2", "k.json"); },
                           "k.json: JSON does not parse at byte");
  expect_error<DataError>([] { parse_json_candles(R"({"a":1})", "k.json", "/data"); },
                          "no array at JSON pointer '/data'");
}

}  // namespace
}  // namespace talon
