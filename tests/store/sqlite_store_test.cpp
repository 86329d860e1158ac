// The SQLite store on a real file: a whole backtest run written and read back exactly, and
// a run that fails midway leaves nothing behind.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <talon/core/error.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/store/store.hpp>
#include <talon/strategy/sma_cross.hpp>

#include "scenario.hpp"
#include "test_data.hpp"

namespace talon {
namespace {

namespace fs = std::filesystem;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("talon.db");
    BacktestConfig config;
    config.instrument = *find_builtin_instrument("BTCUSDT");
    config.initial_cash = Decimal::from_int(1000);
    config.venue.taker_fee_bps = Decimal::from_int(10);
    SmaCross strategy(2, 3);
    result_ = run_backtest(config, test::scenario_bars(), strategy);
    metrics_ = compute_metrics(result_);
    record_.id = Uuid::parse("01a20adc-0c8c-7240-87da-89bf029fd607");
    record_.strategy = "sma_cross";
    record_.parameters_json = R"({"fast":"2","slow":"3"})";
    record_.symbol = "BTCUSDT";
    record_.timeframe = "1m";
    record_.fee_bps = Decimal::from_int(10);
    record_.created_at = parse_iso8601("2026-11-24T00:00:00Z");
    record_.result = &result_;
    record_.metrics = &metrics_;
  }

  std::int64_t count(const char* table) {
    SQLite::Database db(path_);
    return db.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64();
  }

  test::TempDir dir_;
  std::string path_;
  BacktestResult result_;
  BacktestMetrics metrics_;
  BacktestRecord record_;
};

TEST_F(SqliteStoreTest, WritesTheWholeRun) {
  open_sqlite_store(path_)->save_backtest(record_);
  EXPECT_EQ(count("backtests"), 1);
  EXPECT_EQ(count("orders"), 4);
  EXPECT_EQ(count("order_events"), 16);
  EXPECT_EQ(count("trades"), 4);
  EXPECT_EQ(count("equity_curve"), 21);
}

TEST_F(SqliteStoreTest, DecimalsAndTimesReadBackExactly) {
  open_sqlite_store(path_)->save_backtest(record_);
  SQLite::Database db(path_);
  SQLite::Statement bt(db,
                       "SELECT final_equity, win_rate, profit_factor, max_drawdown, start_date, "
                       "typeof(final_equity) FROM backtests");
  ASSERT_TRUE(bt.executeStep());
  EXPECT_EQ(bt.getColumn(0).getString(), "1014.61472392");
  EXPECT_EQ(bt.getColumn(1).getString(), "50");
  EXPECT_EQ(bt.getColumn(2).getString(), "1.69568904");
  EXPECT_EQ(bt.getColumn(3).getString(), "0.06457269");
  EXPECT_EQ(bt.getColumn(4).getString(), "2025-06-01");
  EXPECT_EQ(bt.getColumn(5).getString(), "text");  // never a REAL

  SQLite::Statement tr(db,
                       "SELECT side, price, quantity, fee, pnl, executed_at FROM trades "
                       "ORDER BY executed_at");
  const char* expected[4][6] = {
      {"BUY", "105", "9.51429", "0.99900045", "", "2025-06-01T00:08:00.000000Z"},
      {"SELL", "103", "9.51429", "0.97997187", "-21.00755232", "2025-06-01T00:12:00.000000Z"},
      {"BUY", "104", "9.40398", "0.97801392", "", "2025-06-01T00:15:00.000000Z"},
      {"SELL", "108", "9.40398", "1.01562984", "35.62227624", "2025-06-01T00:19:00.000000Z"}};
  for (const auto& row : expected) {
    ASSERT_TRUE(tr.executeStep());
    for (int c = 0; c < 6; ++c) EXPECT_EQ(tr.getColumn(c).getString(), row[c]) << c;
  }

  SQLite::Statement eq(db, "SELECT equity FROM equity_curve ORDER BY time DESC LIMIT 1");
  ASSERT_TRUE(eq.executeStep());
  EXPECT_EQ(eq.getColumn(0).getString(), "1014.61472392");
}

TEST_F(SqliteStoreTest, OrderStatesAndTransitionsAreStored) {
  open_sqlite_store(path_)->save_backtest(record_);
  SQLite::Database db(path_);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM orders WHERE status = 'FILLED'").getInt(), 4);
  SQLite::Statement ev(db,
                       "SELECT group_concat(to_status, '>') FROM (SELECT to_status FROM "
                       "order_events WHERE order_id = (SELECT id FROM orders WHERE "
                       "client_order_id = 'talon-1') ORDER BY seq)");
  ASSERT_TRUE(ev.executeStep());
  EXPECT_EQ(ev.getColumn(0).getString(), "PENDING>SUBMITTED>NEW>FILLED");
}

TEST_F(SqliteStoreTest, EventsThatAreNotTransitionsKeepTheirKind) {
  // A refused cancel leaves the status as it was: stored with its kind, not as FILLED>FILLED.
  const Order& first = result_.orders.front();
  result_.order_events.push_back({first.id, OrderStatus::Filled, OrderStatus::Filled,
                                  first.updated_at, "order talon-1 is already FILLED",
                                  OrderEventKind::CancelRejected});
  open_sqlite_store(path_)->save_backtest(record_);
  SQLite::Database db(path_);
  SQLite::Statement ev(db,
                       "SELECT group_concat(kind, '>') FROM (SELECT kind FROM order_events "
                       "WHERE order_id = (SELECT id FROM orders WHERE client_order_id = "
                       "'talon-1') ORDER BY seq)");
  ASSERT_TRUE(ev.executeStep());
  EXPECT_EQ(ev.getColumn(0).getString(),
            "TRANSITION>TRANSITION>TRANSITION>TRANSITION>CANCEL_REJECTED");
}

TEST_F(SqliteStoreTest, AFailedRunLeavesNothingHalfWritten) {
  auto store = open_sqlite_store(path_);
  store->save_backtest(record_);
  // A second run whose last order repeats an earlier id fails after its backtests row and
  // first orders were inserted: the transaction must take all of them back.
  BacktestResult broken = result_;
  broken.orders.back().id = result_.orders.front().id;
  BacktestRecord second = record_;
  second.id = Uuid::parse("01a20adc-0c8c-7240-87da-89bf029fd608");
  second.result = &broken;
  EXPECT_THROW(store->save_backtest(second), Error);
  EXPECT_EQ(count("backtests"), 1);
  EXPECT_EQ(count("orders"), 4);
  EXPECT_EQ(count("trades"), 4);
  EXPECT_EQ(count("equity_curve"), 21);
}

TEST_F(SqliteStoreTest, ReopensAnExistingFileAndRejectsANonDatabase) {
  open_sqlite_store(path_)->save_backtest(record_);
  EXPECT_NO_THROW(open_sqlite_store(path_));
  EXPECT_EQ(count("backtests"), 1);
  const std::string junk =
      dir_.write("junk.db", "this is not a database, just text long enough to have a header...");
  try {
    open_sqlite_store(junk);
    ADD_FAILURE() << "text file accepted as a database";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(junk), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace talon
