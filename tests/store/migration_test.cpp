// Migrations: every table of the unified model exists, the version is recorded, and a
// migration that fails midway leaves the previous schema exactly as it was.

#include <gtest/gtest.h>

#include <vector>

#include "backends.hpp"

namespace talon::test {
namespace {

using Migrations = BackendTest;

const char* const kTables[] = {"users",
                               "exchanges",
                               "symbols",
                               "api_connections",
                               "database_configs",
                               "strategies",
                               "bots",
                               "bot_configurations",
                               "bot_runs",
                               "bot_state",
                               "orders",
                               "order_events",
                               "trades",
                               "trade_logs",
                               "positions",
                               "market_prices",
                               "orderbook_snapshots",
                               "technical_indicators",
                               "model_predictions",
                               "trade_decisions",
                               "listing_signals",
                               "backtests",
                               "equity_curve",
                               "bot_performance",
                               "agent_performance",
                               "strategy_performance",
                               "risk_limits",
                               "alerts",
                               "event_queue",
                               "audit_log",
                               "active_users",
                               "active_bots",
                               "active_strategies",
                               "active_orders",
                               "active_positions",
                               "active_backtests",
                               "active_api_connections",
                               "active_database_configs",
                               "active_risk_limits"};

TEST_P(Migrations, CreateEveryTableAndViewOfTheUnifiedModel) {
  for (const char* t : kTables) {
    SCOPED_TRACE(t);
    EXPECT_NO_THROW(count(t));
  }
}

TEST_P(Migrations, SeedTheSixExchangesOfTheDesign) {
  EXPECT_EQ(count("exchanges"), 6);
  EXPECT_EQ(count("exchanges", "code IN ('BINANCE','BYBIT','OKX','MEXC','HYPERLIQUID','ALPACA')"),
            6);
}

TEST_P(Migrations, RecordTheSchemaVersionAndApplyNothingTwice) {
  EXPECT_EQ(schema_version(sql()), builtin_migrations(dialect()).back().version);
  EXPECT_EQ(migrate(sql()), 0);
  const auto applied = applied_migrations(sql());
  ASSERT_EQ(applied.size(), builtin_migrations(dialect()).size());
  EXPECT_EQ(applied[0].version, 1);
}

TEST_P(Migrations, InterruptedMidwayLeaveTheOldSchemaIntact) {
  std::vector<Migration> list(builtin_migrations(dialect()).begin(),
                              builtin_migrations(dialect()).end());
  const int before = schema_version(sql());
  // Two statements succeed, the third fails: none of the three may remain.
  list.push_back({before + 1, "broken on purpose",
                  "CREATE TABLE half_done (x INTEGER);"
                  "ALTER TABLE users ADD COLUMN nickname TEXT;"
                  "INSERT INTO no_such_table VALUES (1);"});
  try {
    migrate(sql(), list);
    FAIL() << "the broken migration was applied";
  } catch (const SqlError& e) {
    EXPECT_NE(std::string(e.what()).find("not applied, schema left at version"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(schema_version(sql()), before);
  EXPECT_THROW(count("half_done"), SqlError);
  EXPECT_THROW(sql().query("SELECT nickname FROM users"), SqlError);
  EXPECT_NO_THROW(count("users"));
}

TEST_P(Migrations, RefuseADatabaseNewerThanThisTalon) {
  const SqlValue p[] = {std::int64_t{999}, std::string("from the future"),
                        std::string("2030-01-01T00:00:00.000000Z")};
  sql().query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1,$2,$3)", p);
  EXPECT_THROW(migrate(sql()), Error);
}

TALON_ON_BOTH_BACKENDS(Migrations);

TEST(SqliteStore, MigratesANewFileOnFirstUse) {
  TestDatabase db(Dialect::Sqlite);
  auto store = open_store(db.target());
  EXPECT_EQ(schema_version(store->connection()),
            builtin_migrations(Dialect::Sqlite).back().version);
  const SqlResult mode = store->connection().query("PRAGMA journal_mode");
  EXPECT_EQ(row_text(mode.rows.at(0), 0), "wal");
}

TEST(SqliteStore, UpgradeAVersionOneFileKeepingItsCandlesAndTheirRules) {
  TestDatabase db(Dialect::Sqlite);
  auto conn = open_sqlite_connection(db.target());
  migrate(*conn, builtin_migrations(Dialect::Sqlite).first(1));
  conn->execute_script(
      "INSERT INTO symbols (exchange_id, symbol, base_currency, quote_currency) "
      "VALUES (1, 'BTCUSDT', 'BTC', 'USDT');"
      "INSERT INTO market_prices (exchange_id, symbol, timestamp, close_time, interval, open, "
      "high, low, close, volume) VALUES "
      "(1, 'BTCUSDT', '2025-06-01T00:00:00.000000Z', '2025-06-01T00:00:59.999000Z', '1m', "
      "'104591.88', '104603.01', '104591.87', '104603.01', '3.18129')");
  EXPECT_EQ(migrate(*conn), static_cast<int>(builtin_migrations(Dialect::Sqlite).size()) - 1);
  const SqlResult r = conn->query("SELECT open, high, low, close, volume FROM market_prices");
  ASSERT_EQ(r.rows.size(), 1U);
  EXPECT_EQ(row_text(r.rows[0], 0), "104591.88");
  EXPECT_EQ(row_text(r.rows[0], 4), "3.18129");
  // The rebuilt table keeps every candle rule: a zero open, a close above the high.
  for (const char* bad : {"'0', '10', '9', '9.5'", "'9.5', '10', '9', '10.5'"}) {
    SCOPED_TRACE(bad);
    try {
      conn->execute_script(std::string("INSERT INTO market_prices (exchange_id, symbol, "
                                       "timestamp, close_time, interval, open, high, low, close, "
                                       "volume) VALUES (1, 'BTCUSDT', "
                                       "'2025-06-01T00:01:00.000000Z', "
                                       "'2025-06-01T00:01:59.999000Z', '1m', ") +
                           bad + ", '1')");
      FAIL() << "an impossible candle was stored";
    } catch (const SqlError& e) {
      EXPECT_EQ(e.kind(), SqlErrorKind::Constraint) << e.what();
    }
  }
}

TEST(PostgresqlStore, RefusesAnUnmigratedDatabaseNamingTheCommand) {
  TestDatabase db(Dialect::Postgresql);
  try {
    open_store(db.target());
    FAIL() << "an unmigrated PostgreSQL database was opened";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("talon db migrate"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace talon::test
