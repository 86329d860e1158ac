// `talon data import --db`: real bars into market_prices, resampled ones too, exactly.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <talon/app/data_command.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

TEST(DataImport, StoresBarsAndResampledBarsInMarketPrices) {
  test::TempDir dir;
  CLI::App app("talon");
  DataOptions options;
  add_data_command(app, options);
  const std::string db = dir.file("market.db");
  std::vector<std::string> args = {"data",
                                   "import",
                                   test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"),
                                   "--symbol",
                                   "BTCUSDT",
                                   "--cache",
                                   dir.file("cache"),
                                   "--resample",
                                   "1h",
                                   "--db",
                                   db};
  std::reverse(args.begin(), args.end());  // CLI11 takes the vector in reverse order
  app.parse(args);
  testing::internal::CaptureStdout();
  EXPECT_EQ(run_data_command(*app.get_subcommand("data"), options), 0);
  testing::internal::GetCapturedStdout();

  SQLite::Database store(db);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM market_prices WHERE interval = '1m'").getInt(),
            2880);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM market_prices WHERE interval = '1h'").getInt(),
            48);
  // The first hour of 2025-06-01 from its 60 real 1m rows (worked with Python's decimal):
  // open 104591.88, high 104647.11, low 104320.02, close 104446.49.
  SQLite::Statement h(store,
                      "SELECT open, high, low, close FROM market_prices WHERE interval = '1h' "
                      "ORDER BY timestamp LIMIT 1");
  ASSERT_TRUE(h.executeStep());
  EXPECT_EQ(h.getColumn(0).getString(), "104591.88");
  EXPECT_EQ(h.getColumn(1).getString(), "104647.11");
  EXPECT_EQ(h.getColumn(2).getString(), "104320.02");
  EXPECT_EQ(h.getColumn(3).getString(), "104446.49");
}

}  // namespace
}  // namespace talon
