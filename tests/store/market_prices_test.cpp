// Bulk kline writes (COPY on PostgreSQL, batched prepared INSERT on SQLite) and exact reads.

#include <gtest/gtest.h>

#include <limits>

#include <talon/data/kline_reader.hpp>

#include "backends.hpp"
#include "test_data.hpp"

namespace talon::test {
namespace {

using MarketPrices = BackendTest;

void expect_same_bar(const Bar& a, const Bar& b) {
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

TEST_P(MarketPrices, RealKlinesRoundTripExactly) {
  const KlineSeries s = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  ASSERT_EQ(s.bars.size(), 2880u);
  EXPECT_EQ(store_->insert_klines("BINANCE", "BTCUSDT", "1m", s.bars, "data.binance.vision"),
            2880u);
  const auto back = store_->read_klines("BINANCE", "BTCUSDT", "1m", s.bars.front().open_time,
                                        Timestamp::from_ns(s.bars.back().open_time.ns + 1));
  ASSERT_EQ(back.size(), s.bars.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    SCOPED_TRACE(i);
    expect_same_bar(back[i], s.bars[i]);
  }
}

TEST_P(MarketPrices, ExtremeDecimalsOfTwentyEightRoundTrip) {
  // DECIMAL(20,8): twelve integer digits and eight fractional ones, the smallest step and
  // the largest value, both must come back to the last digit.
  Bar b;
  b.open_time = parse_iso8601("2025-06-01T00:00:00Z");
  b.close_time = parse_iso8601("2025-06-01T00:00:59.999Z");
  b.open = Decimal::parse("0.00000001");
  b.high = Decimal::parse("999999999999.99999999");
  b.low = Decimal::parse("0.00000001");
  b.close = Decimal::parse("123456789012.34567891");
  b.volume = Decimal::parse("0");
  b.quote_volume = Decimal::parse("98765.4321");
  b.trades_count = 9'000'000'000;  // beyond 32 bits
  store_->insert_klines("BINANCE", "BTCUSDT", "1m", std::span<const Bar>(&b, 1));
  const auto back = store_->read_klines("BINANCE", "BTCUSDT", "1m", b.open_time,
                                        Timestamp::from_ns(b.open_time.ns + 1));
  ASSERT_EQ(back.size(), 1u);
  expect_same_bar(back[0], b);
}

TEST_P(MarketPrices, RejectADuplicateBarAndWriteNothingOfTheBatch) {
  const KlineSeries s = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  const std::span<const Bar> first(s.bars.data(), 100);
  store_->insert_klines("BINANCE", "BTCUSDT", "1m", first);
  // Rows 50..149: the first 50 are already stored.
  const std::span<const Bar> overlap(s.bars.data() + 50, 100);
  try {
    store_->insert_klines("BINANCE", "BTCUSDT", "1m", overlap);
    FAIL() << "a duplicate bar was accepted";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.kind(), SqlErrorKind::Constraint) << e.what();
  }
  EXPECT_EQ(count("market_prices"), 100);
}

// The refused bar is numbered over the whole call, not within its batch of 10,000 rows.
TEST_P(MarketPrices, ADuplicateBarIsNamedByItsPlaceInTheWholeImport) {
  std::vector<Bar> bars(25'000);
  const Timestamp start = parse_iso8601("2025-06-01T00:00:00Z");
  for (std::size_t i = 0; i < bars.size(); ++i) {
    Bar& b = bars[i];
    b.open_time = Timestamp::from_ns(start.ns + static_cast<std::int64_t>(i) * kNanosPerMinute);
    b.close_time = Timestamp::from_ns(b.open_time.ns + kNanosPerMinute - kNanosPerMilli);
    b.open = b.high = b.low = b.close = Decimal::from_int(100);
  }
  store_->insert_klines("BINANCE", "BTCUSDT", "1m", std::span<const Bar>(&bars[23'456], 1));
  try {
    store_->insert_klines("BINANCE", "BTCUSDT", "1m", bars);
    FAIL() << "a duplicate bar was accepted";
  } catch (const SqlError& e) {
    EXPECT_NE(std::string(e.what()).find("(bar 23457 of 25000)"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count("market_prices"), 1);
}

TEST_P(MarketPrices, RejectABarWhoseHighIsBelowItsLow) {
  const KlineSeries s = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  std::vector<Bar> bars(s.bars.begin(), s.bars.begin() + 10);
  std::swap(bars[7].high, bars[7].low);
  try {
    store_->insert_klines("BINANCE", "BTCUSDT", "1m", bars);
    FAIL() << "a bar with high below low was stored";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.kind(), SqlErrorKind::Constraint) << e.what();
    if (GetParam() == Dialect::Sqlite) {  // COPY reports the line of its own stream instead
      EXPECT_NE(std::string(e.what()).find("(bar 8 of 10)"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(count("market_prices"), 0);
}

TEST_P(MarketPrices, ImportsLeaveEveryForeignKeyEnforcedAfterwards) {
  const KlineSeries s = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  store_->insert_klines("BINANCE", "BTCUSDT", "1m", std::span<const Bar>(s.bars.data(), 10));
  if (is_pg()) {
    EXPECT_EQ(row_text(sql().query("SHOW session_replication_role").rows.at(0), 0), "origin");
  }
  // A candle of a symbol nobody created is still refused by the database itself.
  try {
    insert("market_prices", {{"exchange_id", std::int64_t{1}},
                             {"symbol", std::string("NOSUCHUSDT")},
                             {"timestamp", s.bars[20].open_time},
                             {"close_time", s.bars[20].close_time},
                             {"interval", std::string("1m")},
                             {"open", Decimal::from_int(1)},
                             {"high", Decimal::from_int(1)},
                             {"low", Decimal::from_int(1)},
                             {"close", Decimal::from_int(1)},
                             {"volume", Decimal::from_int(1)}});
    FAIL() << "a candle of an unknown symbol was stored";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.kind(), SqlErrorKind::Constraint) << e.what();
  }
  EXPECT_EQ(count("market_prices"), 10);
}

TEST_P(MarketPrices, RefuseAnUnknownExchange) {
  const KlineSeries s = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  EXPECT_THROW(store_->insert_klines("NYSE", "BTCUSDT", "1m", s.bars), InvalidArgument);
}

TEST_P(MarketPrices, RegisterTheSymbolWithItsCurrencies) {
  const KlineSeries s = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  store_->insert_klines("BINANCE", "BTCUSDT", "1m", std::span<const Bar>(s.bars.data(), 1));
  const SqlRow r =
      sql()
          .query(
              "SELECT base_currency, quote_currency, status FROM symbols WHERE symbol = 'BTCUSDT'")
          .rows.at(0);
  EXPECT_EQ(row_text(r, 0), "BTC");
  EXPECT_EQ(row_text(r, 1), "USDT");
  EXPECT_EQ(row_text(r, 2), "TRADING");
}

TALON_ON_BOTH_BACKENDS(MarketPrices);

TEST(DbTime, ParsesBothDialectsAndKeepsMicroseconds) {
  const Timestamp t = parse_iso8601("2025-06-01T12:34:56.789012Z");
  EXPECT_EQ(to_db_time(t), "2025-06-01T12:34:56.789012Z");
  EXPECT_EQ(from_db_time("2025-06-01T12:34:56.789012Z"), t);
  EXPECT_EQ(from_db_time("2025-06-01 12:34:56.789012+00"), t);
  EXPECT_EQ(from_db_time("2025-06-01 12:34:56+00"), parse_iso8601("2025-06-01T12:34:56Z"));
  EXPECT_THROW(from_db_time("2025-06-01 12:34:56+02"), ParseError);
}

TEST(RedactUrl, HidesThePasswordOnly) {
  EXPECT_EQ(redact_url("postgresql://talon:s3cret@db:5432/talon"),
            "postgresql://talon:***@db:5432/talon");
  EXPECT_EQ(redact_url("postgresql://talon@db/talon"), "postgresql://talon@db/talon");
  EXPECT_EQ(redact_url("talon.db"), "talon.db");
}

// Every form a user may type: no form lets the secret through.
TEST(RedactUrl, HidesPasswordsInEveryUrlAndConninfoForm) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"postgresql://u:PW@h/db", "postgresql://u:***@h/db"},
      {"postgres://u:P@W@h:5/db", "postgres://u:***@h:5/db"},
      {"postgresql://u:P/W?x@h/db", "postgresql://u:***@h/db"},
      {"postgresql://u@h/db?password=PW", "postgresql://u@h/db?password=***"},
      {"postgresql://h/db?sslmode=disable&password=PW&user=u",
       "postgresql://h/db?sslmode=disable&password=***&user=u"},
      {"postgresql://h/db?sslpassword=PW", "postgresql://h/db?sslpassword=***"},
      {"postgresql://u:@h/db", "postgresql://u:***@h/db"},
      {"host=h dbname=db user=u password=PW", "host=h dbname=db user=u password=***"},
      {"host=h password='P W\\' x' dbname=db", "host=h password=*** dbname=db"},
      {"host=h password = PW dbname=db", "host=h password = *** dbname=db"},
      {"user=u sslpassword=PW", "user=u sslpassword=***"},
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(redact_url(in), want) << in;
    EXPECT_EQ(redact_url(in).find("PW"), std::string::npos) << in;
    EXPECT_TRUE(is_postgresql_target(in)) << in;
  }
  EXPECT_EQ(
      scrub_secrets("bad \"etcTail@h/db\": x Secret: y", "postgresql://u:Se@c/r?etcTail@h/db"),
      "bad \"***\": x Secret: y");
  EXPECT_EQ(scrub_secrets("Connection refused; pw Vb3 x y", "host=h password='Vb3 x y'"),
            "Connection refused; pw ***");
  EXPECT_FALSE(is_postgresql_target("talon.db"));
  EXPECT_FALSE(is_postgresql_target("/tmp/x=1/talon.db"));
}

}  // namespace
}  // namespace talon::test

namespace talon::test {
namespace {

TEST(DbTime, TheWholeTimestampRangeHasExactText) {
  // Worked with Python's datetime: 1970-01-01 + floor(ns / 1000) microseconds.
  EXPECT_EQ(to_db_time(Timestamp::from_ns(std::numeric_limits<std::int64_t>::min())),
            "1677-09-21T00:12:43.145224Z");
  EXPECT_EQ(to_db_time(Timestamp::from_ns(std::numeric_limits<std::int64_t>::max())),
            "2262-04-11T23:47:16.854775Z");
  EXPECT_EQ(to_db_time(Timestamp::from_ns(-1)), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(from_db_time(to_db_time(Timestamp::from_ns(-1))).ns, -1000);
}

}  // namespace
}  // namespace talon::test
