// Ten `talon` processes writing one fresh SQLite file at once: every backtest and every
// import lands (immediate transactions and the busy timeout queue them; none is lost to
// "database is locked"), and the file they create is readable by its owner only.

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "run_talon.hpp"
#include "test_data.hpp"

namespace talon {
namespace {

TEST(ConcurrentWriters, TenProcessesWritingOneSqliteFileAllLand) {
  test::TempDir dir;
  const std::string db = dir.file("shared.db");  // absent: they race to create and migrate it
  const std::string data = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  std::vector<test::TalonProcess> procs;
  for (int i = 0; i < 10; ++i) {
    const auto base = dir.path() / fmt::format("p{}", i);
    if (i % 2 == 0) {
      procs.push_back(test::start_talon(
          {"backtest", "--data", data, "--symbol", "BTCUSDT", "--strategy", "sma_cross", "--param",
           fmt::format("fast={}", 5 + i), "--param", "slow=30", "--db", db},
          base));
    } else {
      procs.push_back(
          test::start_talon({"data", "import", data, "--symbol", fmt::format("SYM{}", i), "--cache",
                             dir.file(fmt::format("cache{}", i)), "--db", db},
                            base));
    }
  }
  for (std::size_t i = 0; i < procs.size(); ++i) {
    EXPECT_EQ(test::wait_talon(procs[i]), 0)
        << "process " << i << ":\n"
        << test::read_all(procs[i].out) << test::read_all(procs[i].err);
  }
  SQLite::Database store(db);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM backtests").getInt(), 5);
  EXPECT_EQ(store.execAndGet("SELECT count(DISTINCT symbol) FROM market_prices").getInt(), 5);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM market_prices").getInt(), 5 * 2880);
  const auto mode = std::filesystem::status(db).permissions() & std::filesystem::perms::all;
  EXPECT_EQ(mode, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string side = db + suffix;
    if (!std::filesystem::exists(side)) continue;
    EXPECT_EQ(std::filesystem::status(side).permissions() & std::filesystem::perms::all, mode)
        << side;
  }
}

}  // namespace
}  // namespace talon
