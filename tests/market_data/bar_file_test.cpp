// read_bar_file: the one reader behind `talon data` for every bar format, on the real files
// of tests/data (README.md there says where each came from).

#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/data/bar_file.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

TEST(BarFile, AutoPicksTheReaderByNameAndMapping) {
  const auto klines = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  const KlineSeries k = read_bar_file(klines);
  EXPECT_EQ(k.bars.size(), 2880u);
  EXPECT_EQ(k.bars.size(), read_klines(klines).bars.size());

  const auto json = test::test_data("binance_rest_klines_response.json");
  EXPECT_EQ(read_bar_file(json).bars.size(), 1u);
  EXPECT_EQ(read_bar_file(json).layout, KlineLayout::Binance12);

  BarFileOptions csv;
  csv.csv = OhlcvCsvOptions{};
  csv.csv->columns.time = "date";
  const KlineSeries aapl =
      read_bar_file(test::test_data("us_equity_AAPL_daily_2020-08_2020-09.csv"), csv);
  EXPECT_EQ(aapl.bars.size(), 42u);
  EXPECT_EQ(aapl.interval_ns, kNanosPerDay);
}

TEST(BarFile, AnExplicitFormatOverridesTheName) {
  // A Binance kline file forced through the JSON reader is not JSON.
  BarFileOptions o;
  o.format = BarFileFormat::Json;
  EXPECT_THROW(read_bar_file(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), o),
               Error);
}

}  // namespace
}  // namespace talon
