// Resampling with Binance's conventions and bars from trades, against values computed
// independently (Python's decimal module over the same real rows) and noted beside each test.

#include <gtest/gtest.h>

#include <filesystem>

#include <talon/core/error.hpp>
#include <talon/data/binance_files.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/data/resample.hpp>

#include "data_test_util.hpp"

namespace talon {
namespace {

const KlineSeries& two_days() {
  static const KlineSeries s =
      read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  return s;
}

TEST(Intervals, SeedIntervalNamesParse) {
  EXPECT_EQ(parse_interval("1m"), kNanosPerMinute);
  EXPECT_EQ(parse_interval("15m"), 15 * kNanosPerMinute);
  EXPECT_EQ(parse_interval("4h"), 4 * kNanosPerHour);
  EXPECT_EQ(parse_interval("1w"), 7 * kNanosPerDay);
  EXPECT_EQ(parse_interval("5min"), 5 * kNanosPerMinute);  // seed 003 spelling
  EXPECT_EQ(seed_intervals().size(), 8u);
  for (auto name : seed_intervals()) EXPECT_GT(parse_interval(name), 0);
}

TEST(Intervals, MonthsAndNonsenseRefused) {
  EXPECT_THROW(parse_interval("1M"), InvalidArgument);
  EXPECT_THROW(parse_interval("m"), InvalidArgument);
  EXPECT_THROW(parse_interval("0m"), InvalidArgument);
}

TEST(Intervals, WeeksStartOnMondayUtc) {
  // 2025-06-01 is a Sunday: its week opened Monday 2025-05-26.
  EXPECT_EQ(to_iso8601(bucket_start(parse_iso8601("2025-06-01T23:59:00Z"), parse_interval("1w"))),
            "2025-05-26T00:00:00Z");
  EXPECT_EQ(to_iso8601(bucket_start(parse_iso8601("2025-06-02T00:00:00Z"), parse_interval("1w"))),
            "2025-06-02T00:00:00Z");
  EXPECT_EQ(to_iso8601(bucket_start(parse_iso8601("2025-06-02T13:59:59Z"), parse_interval("4h"))),
            "2025-06-02T12:00:00Z");
}

TEST(Resample, OneHourBarsOfRealMinutes) {
  const auto& s = two_days();
  const auto h = resample_bars(s.bars, kNanosPerMinute, kNanosPerHour);
  ASSERT_EQ(h.size(), 48u);
  // Python: first 60 rows -> open 104591.88 high 104647.11 low 104320.02 close 104446.49
  // volume 293.78295.
  EXPECT_EQ(to_iso8601(h[0].open_time), "2025-06-01T00:00:00Z");
  EXPECT_EQ(to_iso8601(h[0].close_time), "2025-06-01T00:59:59.999Z");
  EXPECT_EQ(h[0].open.to_string(), "104591.88");
  EXPECT_EQ(h[0].high.to_string(), "104647.11");
  EXPECT_EQ(h[0].low.to_string(), "104320.02");
  EXPECT_EQ(h[0].close.to_string(), "104446.49");
  EXPECT_EQ(h[0].volume.to_string(), "293.78295");
  // Rows 780..839 (13:00 UTC): 103956.25 / 104424.64 / 103951.61 / 104259.2, 323.14616.
  EXPECT_EQ(h[13].open.to_string(), "103956.25");
  EXPECT_EQ(h[13].high.to_string(), "104424.64");
  EXPECT_EQ(h[13].low.to_string(), "103951.61");
  EXPECT_EQ(h[13].close.to_string(), "104259.2");
  EXPECT_EQ(h[13].volume.to_string(), "323.14616");
}

TEST(Resample, FourHourAndDailyBarsOfRealMinutes) {
  const auto& s = two_days();
  const auto h4 = resample_bars(s.bars, kNanosPerMinute, 4 * kNanosPerHour);
  ASSERT_EQ(h4.size(), 12u);
  EXPECT_EQ(to_iso8601(h4[5].open_time), "2025-06-01T20:00:00Z");
  EXPECT_EQ(h4[5].high.to_string(), "105866.91");
  EXPECT_EQ(h4[5].volume.to_string(), "1626.37544");
  const auto d = resample_bars(s.bars, kNanosPerMinute, kNanosPerDay);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].low.to_string(), "103752.49");
  EXPECT_EQ(d[0].close.to_string(), "105642.93");
  EXPECT_EQ(d[0].volume.to_string(), "9709.70006");
  EXPECT_EQ(d[1].open.to_string(), "105642.93");
  EXPECT_EQ(d[1].high.to_string(), "105935.63");
  EXPECT_EQ(d[1].volume.to_string(), "13453.98813");
}

TEST(Resample, ChainedResamplingEqualsDirect) {
  const auto& s = two_days();
  for (auto [mid, top] : {std::pair{"5m", "15m"}, {"15m", "1h"}, {"30m", "4h"}, {"1h", "1d"}}) {
    const auto direct = resample_bars(s.bars, kNanosPerMinute, parse_interval(top));
    const auto m = resample_bars(s.bars, kNanosPerMinute, parse_interval(mid));
    const auto chained = resample_bars(m, parse_interval(mid), parse_interval(top));
    ASSERT_EQ(direct.size(), chained.size()) << mid << "->" << top;
    for (std::size_t i = 0; i < direct.size(); ++i) {
      EXPECT_EQ(direct[i].open_time, chained[i].open_time);
      EXPECT_EQ(direct[i].high, chained[i].high);
      EXPECT_EQ(direct[i].low, chained[i].low);
      EXPECT_EQ(direct[i].close, chained[i].close);
      EXPECT_EQ(direct[i].volume, chained[i].volume);
    }
  }
}

TEST(Resample, WeeklyBarsSplitSundayFromMonday) {
  const auto w = resample_bars(two_days().bars, kNanosPerMinute, parse_interval("1w"));
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(to_iso8601(w[0].open_time), "2025-05-26T00:00:00Z");
  EXPECT_EQ(w[0].volume.to_string(), "9709.70006");  // only Sunday 2025-06-01 is in the file
  EXPECT_EQ(to_iso8601(w[1].open_time), "2025-06-02T00:00:00Z");
  EXPECT_EQ(to_iso8601(w[1].close_time), "2025-06-08T23:59:59.999Z");
}

TEST(Resample, GapsStayGapsAndCountsShowIncompleteBuckets) {
  std::vector<Bar> bars = two_days().bars;
  bars.erase(bars.begin() + 60, bars.begin() + 180);  // hours 01:00 and 02:00 missing
  bars.erase(bars.begin() + 70);                      // 03:10 missing
  const auto h = resample_bars(bars, kNanosPerMinute, kNanosPerHour);
  ASSERT_EQ(h.size(), 46u);
  EXPECT_EQ(to_iso8601(h[1].open_time), "2025-06-01T03:00:00Z");
  const auto counts = resample_counts(bars, kNanosPerMinute, kNanosPerHour);
  EXPECT_EQ(counts[0], 60);
  EXPECT_EQ(counts[1], 59);
}

TEST(Resample, MisalignedOrUnfitIntervalsRejected) {
  EXPECT_THROW(resample_bars(two_days().bars, kNanosPerHour, 90 * kNanosPerMinute),
               InvalidArgument);
  std::vector<Bar> bars(two_days().bars.begin(), two_days().bars.begin() + 3);
  bars[1].open_time.ns += kNanosPerSecond;
  EXPECT_THROW(resample_bars(bars, kNanosPerMinute, kNanosPerHour), DataError);
}

TEST(Resample, NinetyDaysOfSharedMinutesGiveTheAugust2025HighOnItsDay) {
  const std::string shared =
      std::string(TALON_TEST_DATA_DIR) +
      "/../../../shared/data/binance_spot_BTCUSDT_1m_2025-05-20_2025-08-18.csv.gz";
  if (!std::filesystem::exists(shared)) GTEST_SKIP() << "../shared/data absent: " << shared;
  const KlineSeries s = read_klines(shared);
  const auto d = resample_bars(s.bars, kNanosPerMinute, kNanosPerDay);
  ASSERT_EQ(d.size(), 91u);  // 2025-05-20 .. 2025-08-18
  const auto top = std::max_element(d.begin(), d.end(),
                                    [](const Bar& a, const Bar& b) { return a.high < b.high; });
  EXPECT_EQ(top->high.to_string(), "124474");
  EXPECT_EQ(to_iso_date(top->open_time), "2025-08-14");
}

std::vector<TradeTick> minute_trades() {
  const auto zip = test::vision("data/spot/daily/trades/BTCUSDT/BTCUSDT-trades-2024-08-09.zip");
  return parse_binance_trades(load_verified_text(zip), zip.string());
}

TEST(TradeBars, OneMinuteTimeBarsFromRealTrades) {
  const auto bars = build_trade_bars(minute_trades(), {TradeBarKind::Time, kNanosPerMinute, 0, {}});
  ASSERT_EQ(bars.size(), 2u);
  // Python over the 1,824 trades of 00:00 UTC.
  EXPECT_EQ(to_iso8601(bars[0].open_time), "2024-08-09T00:00:00Z");
  EXPECT_EQ(bars[0].open.to_string(), "61686");
  EXPECT_EQ(bars[0].high.to_string(), "61744.37");
  EXPECT_EQ(bars[0].low.to_string(), "61630.88");
  EXPECT_EQ(bars[0].close.to_string(), "61631.79");
  EXPECT_EQ(bars[0].volume.to_string(), "34.0818");
  EXPECT_EQ(bars[0].quote_volume.to_string(), "2102488.1983337");
  EXPECT_EQ(bars[0].trades_count, 1824);
  EXPECT_EQ(bars[0].taker_buy_base_volume.to_string(), "15.59452");
  EXPECT_EQ(bars[0].taker_buy_quote_volume.to_string(), "961883.2777098");
  EXPECT_EQ(bars[1].trades_count, 2931);
  EXPECT_EQ(bars[1].volume.to_string(), "79.69369");
  EXPECT_EQ(bars[1].quote_volume.to_string(), "4908600.9774192");
}

TEST(TradeBars, TickBarsCloseEveryNTrades) {
  const auto trades = minute_trades();
  const auto bars = build_trade_bars(trades, {TradeBarKind::Tick, 0, 100, {}});
  ASSERT_EQ(bars.size(), 48u);  // 47 full bars of 100 and one of 55
  EXPECT_EQ(bars[0].trades_count, 100);
  EXPECT_EQ(bars[0].close.to_string(), "61685.99");
  EXPECT_EQ(bars[0].volume.to_string(), "1.88306");
  EXPECT_EQ(bars.back().trades_count, 55);
  EXPECT_EQ(bars[0].open_time, trades[0].at);
  EXPECT_EQ(bars[0].close_time, trades[99].at);
}

TEST(TradeBars, VolumeBarsCloseOnTheTradeThatReachesTheThreshold) {
  const auto bars =
      build_trade_bars(minute_trades(), {TradeBarKind::Volume, 0, 0, Decimal::from_int(1)});
  ASSERT_EQ(bars.size(), 97u);  // 96 full bars and a remainder of 2 trades
  EXPECT_EQ(bars[0].trades_count, 71);
  EXPECT_EQ(bars[0].volume.to_string(), "1.08956");
  EXPECT_EQ(bars[0].quote_volume.to_string(), "67208.016227");
  EXPECT_EQ(bars.back().trades_count, 2);
}

TEST(TradeBars, DollarBarsCloseOnQuoteValue) {
  const auto bars =
      build_trade_bars(minute_trades(), {TradeBarKind::Dollar, 0, 0, Decimal::from_int(1'000'000)});
  ASSERT_EQ(bars.size(), 7u);  // 6 full bars, 600 trades left over
  EXPECT_EQ(bars[0].trades_count, 1125);
  EXPECT_EQ(bars.back().trades_count, 600);
  EXPECT_GE(bars[0].quote_volume, Decimal::from_int(1'000'000));
}

TEST(TradeBars, EmptyMinutesBecomeFlatBarsAtTheLastClose) {
  TradeTick a{
      Timestamp::from_ms(60'000), Decimal::from_int(10), Decimal::from_int(1), false, 1, 1, 1};
  TradeTick b{
      Timestamp::from_ms(240'500), Decimal::from_int(12), Decimal::from_int(2), true, 2, 2, 2};
  const std::vector<TradeTick> trades{a, b};
  const auto bars = build_trade_bars(trades, {TradeBarKind::Time, kNanosPerMinute, 0, {}});
  ASSERT_EQ(bars.size(), 4u);
  EXPECT_EQ(bars[1].open.to_string(), "10");
  EXPECT_TRUE(bars[1].volume.is_zero());
  EXPECT_EQ(bars[1].trades_count, 0);
  EXPECT_EQ(bars[3].close.to_string(), "12");
}

TEST(TradeBars, AggregateTradesCountTheirMemberTrades) {
  TradeTick a{
      Timestamp::from_ms(1000), Decimal::from_int(10), Decimal::from_int(1), false, 7, 100, 104};
  const std::vector<TradeTick> trades{a};
  EXPECT_EQ(build_trade_bars(trades, {TradeBarKind::Time, kNanosPerMinute, 0, {}})[0].trades_count,
            5);
}

TEST(TradeBars, TradesGoingBackInTimeRejected) {
  TradeTick a{
      Timestamp::from_ms(2000), Decimal::from_int(10), Decimal::from_int(1), false, 1, 1, 1};
  TradeTick b{
      Timestamp::from_ms(1000), Decimal::from_int(10), Decimal::from_int(1), false, 2, 2, 2};
  const std::vector<TradeTick> trades{a, b};
  EXPECT_THROW(build_trade_bars(trades, {TradeBarKind::Tick, 0, 10, {}}), DataError);
  EXPECT_THROW(TradeBarBuilder({TradeBarKind::Volume, 0, 0, {}}), InvalidArgument);
}

}  // namespace
}  // namespace talon
