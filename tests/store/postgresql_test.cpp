// What only PostgreSQL has: time partitions and row-level security (seed 002).

#include <gtest/gtest.h>

#include <talon/store/partitions.hpp>

#include "backends.hpp"

namespace talon::test {
namespace {

class PostgresqlOnly : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    insert("symbols", {{"exchange_id", std::int64_t{1}},
                       {"symbol", std::string("BTCUSDT")},
                       {"base_currency", std::string("BTC")},
                       {"quote_currency", std::string("USDT")}});
    for (const Uuid& u : {alice_, bob_}) {
      insert("users", {{"id", u}, {"email", "u" + u.to_string() + "@example.com"}});
    }
  }

  void add_order(const Uuid& user, Timestamp at) {
    insert("orders", {{"id", new_uuid_v7()},
                      {"user_id", user},
                      {"exchange_id", std::int64_t{1}},
                      {"symbol", std::string("BTCUSDT")},
                      {"client_order_id", "c" + new_uuid_v7().to_string()},
                      {"side", std::string("BUY")},
                      {"order_type", std::string("MARKET")},
                      {"quantity", Decimal::from_int(1)},
                      {"created_at", at},
                      {"updated_at", at}});
  }

  // Partition holding each row of `table`, by row.
  std::vector<std::string> partitions_of_rows(const std::string& table, const std::string& order) {
    std::vector<std::string> out;
    for (const SqlRow& r :
         sql().query("SELECT tableoid::regclass::text FROM " + table + " ORDER BY " + order).rows) {
      out.push_back(row_text(r, 0));
    }
    return out;
  }

  Uuid alice_ = new_uuid_v7(), bob_ = new_uuid_v7();
};

TEST_P(PostgresqlOnly, OrdersLandInTheirMonthlyPartition) {
  create_partitions(sql(), "orders", parse_iso8601("2025-01-01T00:00:00Z"),
                    parse_iso8601("2025-02-28T00:00:00Z"));
  add_order(alice_, parse_iso8601("2025-01-31T23:59:59.999999Z"));
  add_order(alice_, parse_iso8601("2025-02-01T00:00:00Z"));
  EXPECT_EQ(partitions_of_rows("orders", "created_at"),
            (std::vector<std::string>{"orders_20250101", "orders_20250201"}));
}

TEST_P(PostgresqlOnly, EachTableIsCutInTheUnitOfTheSeed) {
  const Timestamp t = parse_iso8601("2025-06-11T12:00:00Z");  // a Wednesday
  for (const std::string& table : partitioned_tables()) create_partitions(sql(), table, t, t);
  const auto parts = list_partitions(sql());
  auto bounds_of = [&](const std::string& name) {
    for (const auto& p : parts) {
      if (p.partition == name) return p.bounds;
    }
    return std::string("missing");
  };
  EXPECT_EQ(bounds_of("orders_20250601"),
            "FOR VALUES FROM ('2025-06-01 00:00:00+00') TO ('2025-07-01 00:00:00+00')");
  EXPECT_EQ(bounds_of("trades_20250601"),
            "FOR VALUES FROM ('2025-06-01 00:00:00+00') TO ('2025-07-01 00:00:00+00')");
  EXPECT_EQ(bounds_of("positions_20250401"),
            "FOR VALUES FROM ('2025-04-01 00:00:00+00') TO ('2025-07-01 00:00:00+00')");
  EXPECT_EQ(bounds_of("market_prices_20250609"),  // ISO week starts on Monday
            "FOR VALUES FROM ('2025-06-09 00:00:00+00') TO ('2025-06-16 00:00:00+00')");
  EXPECT_EQ(bounds_of("orderbook_snapshots_20250611"),
            "FOR VALUES FROM ('2025-06-11 00:00:00+00') TO ('2025-06-12 00:00:00+00')");
}

TEST_P(PostgresqlOnly, KlinesOfThreeWeeksFillThreeWeeklyPartitions) {
  std::vector<Bar> bars;
  for (const char* day : {"2025-06-08T23:59:00Z", "2025-06-09T00:00:00Z", "2025-06-16T00:00:00Z"}) {
    Bar b;
    b.open_time = parse_iso8601(day);
    b.close_time = Timestamp::from_ns(b.open_time.ns + kNanosPerMinute - kNanosPerMilli);
    b.open = b.high = b.low = b.close = Decimal::from_int(100);
    bars.push_back(b);
  }
  store_->insert_klines("BINANCE", "BTCUSDT", "1m", bars);
  EXPECT_EQ(partitions_of_rows("market_prices", "timestamp"),
            (std::vector<std::string>{"market_prices_20250602", "market_prices_20250609",
                                      "market_prices_20250616"}));
}

TEST_P(PostgresqlOnly, ARowOutsideEveryPartitionIsRefused) {
  EXPECT_THROW(add_order(alice_, parse_iso8601("1999-01-01T00:00:00Z")), SqlError);
}

TEST_P(PostgresqlOnly, PartitionsAreCreatedAheadOfTime) {
  const Timestamp now = parse_iso8601("2030-03-15T00:00:00Z");
  EXPECT_GT(create_partitions_ahead(sql(), now, 3), 0);
  EXPECT_EQ(create_partitions_ahead(sql(), now, 3), 0) << "idempotent";
  const auto parts = list_partitions(sql());
  auto has = [&](const char* name) {
    return std::any_of(parts.begin(), parts.end(),
                       [&](const PartitionInfo& p) { return p.partition == name; });
  };
  EXPECT_TRUE(has("orders_20300301"));
  EXPECT_TRUE(has("orders_20300601"));
  EXPECT_TRUE(has("positions_20300401"));
  EXPECT_TRUE(has("orderbook_snapshots_20300615"));
}

TEST_P(PostgresqlOnly, RowLevelSecurityShowsAUserSessionOnlyItsOwnRows) {
  create_partitions(sql(), "orders", parse_iso8601("2025-06-01T00:00:00Z"),
                    parse_iso8601("2025-06-01T00:00:00Z"));
  add_order(alice_, parse_iso8601("2025-06-01T10:00:00Z"));
  add_order(alice_, parse_iso8601("2025-06-01T11:00:00Z"));
  add_order(bob_, parse_iso8601("2025-06-01T12:00:00Z"));
  ASSERT_EQ(count("orders"), 3) << "the owning role sees everything";

  sql().execute_script("SET ROLE talon_app");
  const SqlValue alice[] = {alice_.to_string()};
  sql().query("SELECT set_config('app.user_id', $1, false)", alice);
  EXPECT_EQ(count("orders"), 2);
  EXPECT_EQ(count("orders", "user_id = '" + bob_.to_string() + "'"), 0);
  EXPECT_EQ(count("users"), 1);
  // Writing a row for another user is refused too.
  EXPECT_THROW(add_order(bob_, parse_iso8601("2025-06-01T13:00:00Z")), SqlError);

  const SqlValue bob[] = {bob_.to_string()};
  sql().query("SELECT set_config('app.user_id', $1, false)", bob);
  EXPECT_EQ(count("orders"), 1);

  sql().execute_script("RESET app.user_id");
  EXPECT_EQ(count("orders"), 0) << "a session without a user sees nothing";
  sql().execute_script("RESET ROLE");
}

TALON_ON_POSTGRESQL(PostgresqlOnly);

}  // namespace
}  // namespace talon::test
