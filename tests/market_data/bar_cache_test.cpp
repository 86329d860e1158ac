// The memory-mapped columnar bar cache: exact round trip, header facts, refusal of damage.

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/data/bar_cache.hpp>
#include <talon/data/kline_reader.hpp>

#include "data_test_util.hpp"

namespace talon {
namespace {

void expect_same(const Bar& a, const Bar& b) {
  EXPECT_EQ(a.open_time, b.open_time);
  EXPECT_EQ(a.close_time, b.close_time);
  EXPECT_EQ(a.open, b.open);
  EXPECT_EQ(a.high, b.high);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.close, b.close);
  EXPECT_EQ(a.volume, b.volume);
  EXPECT_EQ(a.quote_volume, b.quote_volume);
  EXPECT_EQ(a.taker_buy_base_volume, b.taker_buy_base_volume);
  EXPECT_EQ(a.taker_buy_quote_volume, b.taker_buy_quote_volume);
  EXPECT_EQ(a.trades_count, b.trades_count);
}

TEST(BarCache, RealBarsRoundTripExactly) {
  test::ScratchDir dir;
  const KlineSeries s =
      read_klines(test::test_data("binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv"));
  const auto path = dir / "ADABTC-1m.tbars";
  write_bar_cache(path, s.bars, "ADABTC", s.interval_ns, "binance spot klines");
  const BarCache cache(path);
  EXPECT_EQ(cache.info().symbol, "ADABTC");
  EXPECT_EQ(cache.info().source, "binance spot klines");
  EXPECT_EQ(cache.info().interval_ns, kNanosPerMinute);
  ASSERT_EQ(cache.size(), 10u);
  const auto bars = cache.to_bars();
  for (std::size_t i = 0; i < bars.size(); ++i) {
    expect_same(bars[i], s.bars[i]);
    expect_same(cache.bar(i), s.bars[i]);
  }
  EXPECT_EQ(cache.open_times()[9], s.bars[9].open_time.ns);
}

TEST(BarCache, HeaderCountsGapsAndSpan) {
  test::ScratchDir dir;
  KlineSeries s = read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  s.bars.erase(s.bars.begin() + 100, s.bars.begin() + 103);
  s.bars.erase(s.bars.begin() + 1000);
  write_bar_cache(dir / "BTCUSDT-1m.tbars", s.bars, "BTCUSDT", kNanosPerMinute, "test");
  const auto list = list_bar_caches(dir.path);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].rows, 2876u);
  EXPECT_EQ(list[0].gaps, 2u);
  EXPECT_EQ(list[0].missing_bars, 4u);
  EXPECT_EQ(to_iso8601(list[0].first_open), "2025-06-01T00:00:00Z");
  EXPECT_EQ(to_iso8601(list[0].last_open), "2025-06-02T23:59:00Z");
}

TEST(BarCache, ValuesBeyondInt64UnitsUseWideColumnsAndStayExact) {
  test::ScratchDir dir;
  Bar b;
  b.open_time = Timestamp::from_ms(0);
  b.open = b.high = b.low = b.close = Decimal::from_int(1);
  b.quote_volume = Decimal::parse("123456789012345.12345678");  // > 9.2e18 raw units
  write_bar_cache(dir / "X-1w.tbars", std::vector<Bar>{b}, "X", 0, "t");
  EXPECT_EQ(BarCache(dir / "X-1w.tbars").bar(0).quote_volume.to_string(),
            "123456789012345.12345678");
}

TEST(BarCache, TruncatedOrForeignFilesAreRefusedByName) {
  test::ScratchDir dir;
  const KlineSeries s =
      read_klines(test::test_data("binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv"));
  write_bar_cache(dir / "a.tbars", s.bars, "ADABTC", s.interval_ns, "t");
  std::string bytes = test::slurp(dir / "a.tbars");
  test::write_file(dir / "cut.tbars", bytes.substr(0, bytes.size() - 40));
  test::expect_error<DataError>([&] { BarCache c(dir / "cut.tbars"); }, "cut.tbars: truncated");
  test::write_file(dir / "text.tbars", std::string(300, 'x'));
  test::expect_error<DataError>([&] { BarCache c(dir / "text.tbars"); },
                                "text.tbars: not a talon bar cache");
  EXPECT_EQ(list_bar_caches(dir.path).size(), 1u);  // the damaged ones are skipped
}

TEST(BarCache, BacktestReaderMapsACacheAndReadsAZipAsItReadsCsv) {
  test::ScratchDir dir;
  const KlineSeries csv =
      read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  write_bar_cache(dir / "BTCUSDT-1m.tbars", csv.bars, "BTCUSDT", csv.interval_ns, "t");
  const KlineSeries cached = read_klines(dir / "BTCUSDT-1m.tbars");
  EXPECT_EQ(cached.interval_ns, kNanosPerMinute);
  ASSERT_EQ(cached.bars.size(), csv.bars.size());
  for (std::size_t i = 0; i < csv.bars.size(); i += 97) expect_same(cached.bars[i], csv.bars[i]);
  const KlineSeries zipped =
      read_klines(test::vision("data/spot/daily/klines/ADABTC/1m/ADABTC-1m-2021-11-27.zip"));
  EXPECT_EQ(zipped.bars.size(), 10u);
}

TEST(BarCache, BarsOutOfOrderAreNotWritten) {
  test::ScratchDir dir;
  KlineSeries s =
      read_klines(test::test_data("binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv"));
  std::swap(s.bars[2], s.bars[3]);
  EXPECT_THROW(write_bar_cache(dir / "bad.tbars", s.bars, "ADABTC", s.interval_ns, "t"),
               InvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(dir / "bad.tbars"));
}

}  // namespace
}  // namespace talon
