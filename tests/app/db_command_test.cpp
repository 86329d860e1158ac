// `talon db` on a real SQLite file: migrate, status, partitions, retention and keygen, as a
// user types them. (The same functions run against PostgreSQL in tests/store.)

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <talon/app/db_command.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/store/fernet.hpp>
#include <talon/store/migrations.hpp>
#include <talon/store/sql.hpp>
#include <talon/store/store.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

struct CommandRun {
  int code = -1;
  std::string out;
};

CommandRun talon_db(std::vector<std::string> args) {
  CLI::App app("talon");
  DbOptions options;
  add_db_command(app, options);
  args.insert(args.begin(), "db");
  std::reverse(args.begin(), args.end());  // CLI11 takes the vector in reverse order
  app.parse(args);
  testing::internal::CaptureStdout();
  CommandRun r;
  try {
    r.code = run_db_command(*app.get_subcommand("db"), options);
  } catch (...) {
    testing::internal::GetCapturedStdout();
    throw;
  }
  r.out = testing::internal::GetCapturedStdout();
  return r;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A migrated SQLite file holding the 2,880 real 1m bars of 2025-06-01 and 02.
std::string store_with_two_days_of_bars(test::TempDir& dir) {
  const std::string db = dir.file("talon.db");
  const KlineSeries s =
      read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  open_store(db)->insert_klines("BINANCE", "BTCUSDT", "1m", s.bars);
  return db;
}

int newest_version() {
  return builtin_migrations(Dialect::Sqlite).back().version;
}

TEST(DbCommand, MigrateCreatesTheSchemaOnceAndSaysWhichVersion) {
  test::TempDir dir;
  const std::string db = dir.file("talon.db");
  const CommandRun first = talon_db({"migrate", "--db", db});
  EXPECT_EQ(first.code, 0);
  EXPECT_TRUE(contains(first.out, fmt::format("schema version 0 -> {}", newest_version())))
      << first.out;
  const CommandRun again = talon_db({"migrate", "--db", db});
  EXPECT_TRUE(contains(again.out, fmt::format("schema version {} -> {} (0 migrations applied)",
                                              newest_version(), newest_version())))
      << again.out;
}

TEST(DbCommand, StatusOfAnUnmigratedFileSaysToMigrateAndWritesNothing) {
  test::TempDir dir;
  const std::string db = dir.write("empty.db", "");
  const CommandRun r = talon_db({"status", "--db", db});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(contains(r.out, "schema version: 0")) << r.out;
  EXPECT_TRUE(contains(r.out, "run 'talon db migrate'")) << r.out;
  EXPECT_EQ(schema_version(*open_sqlite_connection(db)), 0);
}

TEST(DbCommand, StatusCountsTheRowsOfAMigratedFile) {
  test::TempDir dir;
  const std::string db = store_with_two_days_of_bars(dir);
  const CommandRun r = talon_db({"status", "--db", db});
  EXPECT_TRUE(contains(r.out, fmt::format("schema version: {} (this talon: {})", newest_version(),
                                          newest_version())))
      << r.out;
  EXPECT_TRUE(contains(r.out, "market_prices  2880")) << r.out;
  EXPECT_FALSE(contains(r.out, "run 'talon db migrate'")) << r.out;
}

TEST(DbCommand, RetentionDryRunCountsWhatARealRunDeletes) {
  test::TempDir dir;
  const std::string db = store_with_two_days_of_bars(dir);
  // As of 2025-07-01T12:00Z: 1m bars are kept 30 days (seed 002), so the cutoff is
  // 2025-06-01T12:00Z and the first 12 hours of the two days (720 bars) go; 2160 stay.
  // The bars were imported, so they are kept unless --include-imported asks.
  const std::vector<std::string> now = {"--now", "2025-07-01T12:00:00Z"};
  auto args = [&](std::vector<std::string> a) {
    a.insert(a.end(), now.begin(), now.end());
    return a;
  };
  const CommandRun dry =
      talon_db(args({"retention", "--db", db, "--dry-run", "--include-imported"}));
  EXPECT_TRUE(contains(dry.out, "720 rows would be deleted")) << dry.out;
  auto store = open_store(db);
  const auto count = [&store] {
    return row_int(store->connection().query("SELECT count(*) FROM market_prices").rows.at(0), 0);
  };
  EXPECT_EQ(count(), 2880);
  const CommandRun real = talon_db(args({"retention", "--db", db, "--include-imported"}));
  EXPECT_TRUE(contains(real.out, "720 rows deleted")) << real.out;
  EXPECT_EQ(count(), 2160);
}

// One command must not wipe a user's backtest data: imported klines are research data.
TEST(DbCommand, RetentionKeepsImportedKlinesAndDeletesLiveOnes) {
  test::TempDir dir;
  const std::string db = dir.file("talon.db");
  const KlineSeries s =
      read_klines(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  auto store = open_store(db);
  store->insert_klines("BINANCE", "BTCUSDT", "1m", std::span(s.bars).first(1440), "day1.csv");
  store->insert_klines("BINANCE", "BTCUSDT", "1m", std::span(s.bars).subspan(1440),
                       "live:binance-ws");
  const std::vector<std::string> now = {"--now", "2025-07-02T12:00:00Z"};  // cutoff 06-02 12:00
  const CommandRun dry = talon_db({"retention", "--db", db, "--dry-run", now[0], now[1]});
  EXPECT_TRUE(contains(dry.out, "720 rows would be deleted")) << dry.out;
  EXPECT_TRUE(contains(dry.out, "1440 imported kline rows kept")) << dry.out;
  const CommandRun real = talon_db({"retention", "--db", db, now[0], now[1]});
  EXPECT_TRUE(contains(real.out, "720 rows deleted")) << real.out;
  const auto left = [&](const char* where) {
    return row_int(store->connection()
                       .query(fmt::format("SELECT count(*) FROM market_prices WHERE {}", where))
                       .rows.at(0),
                   0);
  };
  EXPECT_EQ(left("source = 'day1.csv'"), 1440);
  EXPECT_EQ(left("source = 'live:binance-ws'"), 720);
}

// Read-only commands never create a database file; a non-talon SQLite file is refused.
TEST(DbCommand, ReadOnlyCommandsNeverCreateADatabaseFile) {
  test::TempDir dir;
  const std::string db = dir.file("absent.db");
  for (const char* cmd : {"status", "partitions", "retention"}) {
    try {
      talon_db({cmd, "--db", db});
      ADD_FAILURE() << cmd << " accepted an absent file";
    } catch (const Error& e) {
      EXPECT_TRUE(contains(e.what(), "no such database")) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(db)) << cmd;
  }
  EXPECT_EQ(talon_db({"migrate", "--db", db}).code, 0);
  EXPECT_TRUE(std::filesystem::exists(db));
  EXPECT_EQ(std::filesystem::status(db).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST(DbCommand, ANonTalonSqliteFileIsRefusedNotMigrated) {
  test::TempDir dir;
  const std::string db = dir.file("other.db");
  open_sqlite_connection(db)->execute_script("CREATE TABLE notes (id INTEGER, body TEXT)");
  try {
    talon_db({"migrate", "--db", db});
    ADD_FAILURE() << "migrated another program's database";
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), "not a talon database: it has tables (e.g. 'notes')"))
        << e.what();
  }
  EXPECT_THROW(open_store(db), Error);
  EXPECT_EQ(row_int(open_sqlite_connection(db)
                        ->query("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
                        .rows.at(0),
                    0),
            1);
}

TEST(DbCommand, PartitionsOnSqliteIsANoOpThatSaysSo) {
  test::TempDir dir;
  const CommandRun r = talon_db({"partitions", "--db", dir.write("talon.db", "")});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(contains(r.out, "SQLite has no partitions")) << r.out;
}

TEST(DbCommand, KeygenPrintsAFreshFernetKey) {
  const CommandRun a = talon_db({"keygen"});
  const CommandRun b = talon_db({"keygen"});
  ASSERT_EQ(a.out.size(), 45U) << a.out;  // 32 bytes in URL-safe base64, then a newline
  EXPECT_NE(a.out, b.out);
  const Fernet f(a.out.substr(0, 44));
  EXPECT_EQ(f.decrypt(f.encrypt("secret")), "secret");
}

TEST(DbCommand, AnUnreachableServerIsAnErrorWithoutThePassword) {
  try {
    talon_db({"status", "--db", "postgresql://talon:hunter2@127.0.0.1:1/none"});
    FAIL() << "no error for a server that is not there";
  } catch (const Error& e) {
    EXPECT_FALSE(contains(e.what(), "hunter2")) << e.what();
    EXPECT_TRUE(contains(e.what(), "127.0.0.1")) << e.what();
  }
}

}  // namespace
}  // namespace talon
