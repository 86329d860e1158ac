// Kline reader on real Binance files (both layouts, ms and µs, plain and gzip) and on
// copies of real rows with one defect each, whose errors must name file, line and field.

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <talon/core/error.hpp>
#include <talon/data/kline_reader.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

namespace fs = std::filesystem;
Decimal D(const char* s) {
  return Decimal::parse(s);
}

const char* kBtcFile = "binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz";
const char* kAdaFile = "binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

class KlineFiles : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    return dir_.write(name, text);
  }
  // The first `n` real BTCUSDT rows (header included), as lines.
  static std::vector<std::string> btc_lines(std::size_t n) {
    auto lines = lines_of(read_maybe_gzip(test::test_data(kBtcFile)));
    lines.resize(n + 1);
    return lines;
  }
  // Expects read_klines on `lines` to throw a DataError whose message contains `what`.
  void expect_error(const std::vector<std::string>& lines, const std::string& what) {
    const std::string path = write("bad.csv", join(lines));
    try {
      read_klines(path);
      ADD_FAILURE() << "no error for " << what;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(path + ":" + what), std::string::npos)
          << "message: " << e.what() << "\nexpected: " << path << ":" << what;
    }
  }
  test::TempDir dir_;
};

TEST_F(KlineFiles, ReadsTheRealSixColumnGzipFile) {
  const KlineSeries s = read_klines(test::test_data(kBtcFile));
  EXPECT_EQ(s.layout, KlineLayout::Ohlcv6);
  ASSERT_EQ(s.bars.size(), 2880u);
  EXPECT_EQ(s.interval_ns, kNanosPerMinute);
  EXPECT_TRUE(s.gaps.empty());
  // First row: 1748736000000,104591.88,104647.11,104591.88,104647.11,10.71688
  const Bar& b = s.bars.front();
  EXPECT_EQ(b.open_time, parse_iso8601("2025-06-01T00:00:00Z"));
  EXPECT_EQ(b.close_time, parse_iso8601("2025-06-01T00:00:59.999Z"));
  EXPECT_EQ(b.open, D("104591.88"));
  EXPECT_EQ(b.high, D("104647.11"));
  EXPECT_EQ(b.low, D("104591.88"));
  EXPECT_EQ(b.close, D("104647.11"));
  EXPECT_EQ(b.volume, D("10.71688"));
  // Last row: 1748908740000,105824.46,105857.99,105824.45,105857.99,4.67507
  EXPECT_EQ(s.bars.back().open_time, parse_iso8601("2025-06-02T23:59:00Z"));
  EXPECT_EQ(s.bars.back().low, D("105824.45"));
  EXPECT_EQ(s.bars.back().volume, D("4.67507"));
}

TEST_F(KlineFiles, PlainCsvAndGzipGiveTheSameBars) {
  const std::string text = read_maybe_gzip(test::test_data(kBtcFile));
  const KlineSeries a = read_klines(write("plain.csv", text));
  const KlineSeries b = read_klines(test::test_data(kBtcFile));
  ASSERT_EQ(a.bars.size(), b.bars.size());
  EXPECT_EQ(a.bars[1234].close, b.bars[1234].close);
  EXPECT_EQ(a.bars[2879].open_time, b.bars[2879].open_time);
}

TEST_F(KlineFiles, ReadsTheBinancePublicDataLayoutWithoutHeader) {
  const KlineSeries s = read_klines(test::test_data(kAdaFile));
  EXPECT_EQ(s.layout, KlineLayout::Binance12);
  ASSERT_EQ(s.bars.size(), 10u);
  EXPECT_EQ(s.interval_ns, kNanosPerMinute);
  // 1637971200000,0.00002853,0.00002854,0.00002851,0.00002854,36304.20000000,1637971259999,
  // 1.03547608,79,19523.00000000,0.55694227,0
  const Bar& b = s.bars.front();
  EXPECT_EQ(b.open_time, parse_iso8601("2021-11-27T00:00:00Z"));
  EXPECT_EQ(b.close_time, Timestamp::from_ms(1637971259999));
  EXPECT_EQ(b.open, D("0.00002853"));
  EXPECT_EQ(b.low, D("0.00002851"));
  EXPECT_EQ(b.volume, D("36304.2"));
  EXPECT_EQ(b.quote_volume, D("1.03547608"));
  EXPECT_EQ(b.trades_count, 79);
  EXPECT_EQ(b.taker_buy_base_volume, D("19523"));
  EXPECT_EQ(b.taker_buy_quote_volume, D("0.55694227"));
}

TEST_F(KlineFiles, ReadsTheBinanceLayoutWithHeaderAndMicrosecondTimes) {
  // Binance spot files from 2025 on carry microsecond times; same rows ×1000.
  std::vector<std::string> lines = lines_of(read_maybe_gzip(test::test_data(kAdaFile)));
  for (auto& l : lines) {
    const auto c1 = l.find(',');
    const auto c6 = [&] {
      std::size_t p = 0;
      for (int i = 0; i < 6; ++i) p = l.find(',', p + 1);
      return p;
    }();
    const auto c7 = l.find(',', c6 + 1);
    const std::string close_us =
        std::to_string(std::stoll(l.substr(c6 + 1, c7 - c6 - 1)) * 1000 + 999);
    l = std::to_string(std::stoll(l.substr(0, c1)) * 1000) + l.substr(c1, c6 - c1 + 1) + close_us +
        l.substr(c7);
  }
  lines.insert(lines.begin(),
               "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
               "taker_buy_volume,taker_buy_quote_volume,ignore");
  const KlineSeries us = read_klines(write("us.csv", join(lines)));
  const KlineSeries ms = read_klines(test::test_data(kAdaFile));
  ASSERT_EQ(us.bars.size(), 10u);
  EXPECT_EQ(us.interval_ns, kNanosPerMinute);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(us.bars[i].open_time, ms.bars[i].open_time) << i;
    EXPECT_EQ(us.bars[i].close, ms.bars[i].close) << i;
  }
}

TEST_F(KlineFiles, GapsAreReportedNotFilled) {
  auto lines = btc_lines(30);
  lines.erase(lines.begin() + 11, lines.begin() + 16);  // drop bars 10..14 (00:10..00:14)
  const KlineSeries s = read_klines(write("gap.csv", join(lines)));
  EXPECT_EQ(s.bars.size(), 25u);
  ASSERT_EQ(s.gaps.size(), 1u);
  EXPECT_EQ(s.gaps[0].last_before, parse_iso8601("2025-06-01T00:09:00Z"));
  EXPECT_EQ(s.gaps[0].first_after, parse_iso8601("2025-06-01T00:15:00Z"));
  EXPECT_EQ(s.gaps[0].missing, 5);
}

TEST_F(KlineFiles, ShortRowIsAnError) {
  auto lines = btc_lines(5);
  lines[3] = "1748736120000,104610.11,104612";
  expect_error(lines, "4: short row: expected 6 fields, found 3");
}

TEST_F(KlineFiles, NonNumberIsAnErrorNamingTheField) {
  auto lines = btc_lines(5);
  lines[2] = "1748736060000,104647.11,abc,104600.1,104610.11,7.1";
  expect_error(lines, "3: high: not a decimal number");
  lines = btc_lines(5);
  lines[2] = "17487360x0000,104647.11,104650,104600.1,104610.11,7.1";
  expect_error(lines, "3: open_time: not an integer");
}

TEST_F(KlineFiles, HighBelowLowIsAnError) {
  auto lines = btc_lines(5);
  lines[4] = "1748736180000,104610,104600,104620,104610,1";
  expect_error(lines, "5: high: high 104600 is below low 104620");
}

TEST_F(KlineFiles, CloseOutsideHighLowIsAnError) {
  auto lines = btc_lines(5);
  lines[4] = "1748736180000,104610,104620,104600,104630,1";
  expect_error(lines, "5: close: close 104630 outside [low 104600, high 104620]");
}

TEST_F(KlineFiles, NegativePriceOrVolumeIsAnError) {
  auto lines = btc_lines(5);
  lines[2] = "1748736060000,-1,104650,-2,104610.11,7.1";
  expect_error(lines, "3: open: price must be positive, got -1");
  lines = btc_lines(5);
  lines[2] = "1748736060000,104647.11,104650,104600.1,104610.11,-7.1";
  expect_error(lines, "3: volume: negative volume -7.1");
}

TEST_F(KlineFiles, TimeGoingBackwardsIsAnError) {
  auto lines = btc_lines(5);
  std::swap(lines[3], lines[4]);
  expect_error(lines,
               "5: open_time: time goes backwards: 2025-06-01T00:02:00Z after "
               "2025-06-01T00:03:00Z");
}

TEST_F(KlineFiles, DuplicateBarIsAnError) {
  auto lines = btc_lines(5);
  lines.insert(lines.begin() + 3, lines[2]);
  expect_error(lines, "4: open_time: duplicate bar at 2025-06-01T00:01:00Z");
}

TEST_F(KlineFiles, SixColumnsWithoutHeaderOrWithWrongHeaderIsAnError) {
  auto lines = btc_lines(5);
  lines.erase(lines.begin());
  expect_error(lines, "1: 6-column kline file has no header row");
  lines = btc_lines(5);
  lines[0] = "time,open,high,low,close,volume";
  expect_error(lines, "1: open_time: unexpected header column 'time'");
}

TEST_F(KlineFiles, MissingOrCorruptFileIsAnErrorNamingIt) {
  EXPECT_THROW(read_klines(dir_.file("absent.csv")), Error);
  std::ifstream in(test::test_data(kBtcFile), std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  raw.resize(raw.size() / 2);  // truncated gzip stream
  const std::string path = write("truncated.csv.gz", raw);
  try {
    read_klines(path);
    ADD_FAILURE() << "truncated gzip accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(KlineInterval, NamesFollowBinance) {
  EXPECT_EQ(interval_name(kNanosPerMinute), "1m");
  EXPECT_EQ(interval_name(15 * kNanosPerMinute), "15m");
  EXPECT_EQ(interval_name(4 * kNanosPerHour), "4h");
  EXPECT_EQ(interval_name(kNanosPerDay), "1d");
  EXPECT_EQ(interval_name(7 * kNanosPerDay), "1w");
}

}  // namespace
}  // namespace talon
