// Store replay: klines stored in market_prices come back through the kernel's DataSource page
// by page, in order, cut to the window, with the gaps counted as a file source counts them.

#include <gtest/gtest.h>

#include <talon/app/store_kline_source.hpp>
#include <talon/data/kline_reader.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

class StoreKlineSourceTest : public testing::Test {
 protected:
  void SetUp() override {
    bars_ = read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")).bars;
    ASSERT_EQ(bars_.size(), 2880u);
    // A three-bar hole after bar 99 (bars 100, 101, 102 missing) and a one-bar hole after
    // bar 1999.
    bars_.erase(bars_.begin() + 2000);
    bars_.erase(bars_.begin() + 100, bars_.begin() + 103);
    store_ = open_store(dir_.file("talon.db"));
    store_->insert_klines("BINANCE", "BTCUSDT", "1m", bars_);
  }

  std::vector<Bar> drain(StoreKlineSource& source) {
    std::vector<Bar> out;
    MarketEvent e;
    while (source.next(e)) out.push_back(std::get<Bar>(e));
    return out;
  }

  test::TempDir dir_;
  std::vector<Bar> bars_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreKlineSourceTest, PagesThroughEveryStoredBarInOrder) {
  const InstrumentId id = InstrumentId::parse("BTCUSDT.BINANCE");
  // 7 bars a page: 2,876 bars need 411 pages, the last one short.
  StoreKlineSource source(*store_, "BINANCE", "BTCUSDT", "1m", kNanosPerMinute, id,
                          Timestamp::from_ns(INT64_MIN), Timestamp::from_ns(INT64_MAX), 7);
  const std::vector<Bar> got = drain(source);
  ASSERT_EQ(got.size(), bars_.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].open_time, bars_[i].open_time) << i;
    ASSERT_EQ(got[i].close, bars_[i].close) << i;
    ASSERT_EQ(got[i].instrument, id) << i;
    ASSERT_EQ(got[i].interval_ns, kNanosPerMinute) << i;
  }
  EXPECT_EQ(source.bars(), bars_.size());
  EXPECT_EQ(source.gaps(), 2u);
  EXPECT_EQ(source.missing(), 4);
  EXPECT_EQ(source.first_gap_after(), bars_[99].open_time);
  MarketEvent e;
  EXPECT_FALSE(source.next(e)) << "the end stays the end";
}

TEST_F(StoreKlineSourceTest, CutsToTheWindowAcrossPageBoundaries) {
  const Timestamp from = bars_[10].open_time;
  const Timestamp to = bars_[60].open_time;  // exclusive
  StoreKlineSource source(*store_, "BINANCE", "BTCUSDT", "1m", kNanosPerMinute,
                          InstrumentId::parse("BTCUSDT.BINANCE"), from, to, 16);
  const std::vector<Bar> got = drain(source);
  ASSERT_EQ(got.size(), 50u);
  EXPECT_EQ(got.front().open_time, from);
  EXPECT_EQ(got.back().open_time, bars_[59].open_time);
  EXPECT_EQ(source.gaps(), 0u);
}

TEST_F(StoreKlineSourceTest, AnEmptyWindowGivesNothing) {
  StoreKlineSource source(*store_, "BINANCE", "ETHUSDT", "1m", kNanosPerMinute,
                          InstrumentId::parse("ETHUSDT.BINANCE"), Timestamp::from_ns(INT64_MIN),
                          Timestamp::from_ns(INT64_MAX));
  EXPECT_TRUE(drain(source).empty());
  EXPECT_EQ(source.bars(), 0u);
}

}  // namespace
}  // namespace talon
