// `talon backtest --risk` and the [risk] table: the command line wins over the file, a typo
// or a value out of range names the key, and a breach shows in --json and in the store.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <talon/app/backtest_command.hpp>
#include <talon/core/error.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

class RiskCommand : public ::testing::Test {
 protected:
  void SetUp() override { cmd_ = add_backtest_command(app_, options_); }
  void parse(std::vector<std::string> args) {
    args.insert(args.begin(), "backtest");
    std::reverse(args.begin(), args.end());  // CLI11 takes the vector in reverse order
    app_.parse(args);
    apply_backtest_config(*cmd_, options_);
  }
  CLI::App app_{"talon"};
  CLI::App* cmd_ = nullptr;
  BacktestOptions options_;
  test::TempDir dir_;
};

TEST_F(RiskCommand, RiskTableThenCommandLine) {
  const std::string cfg = dir_.write("risk.toml", R"(
data = "x.csv"
[risk]
max_drawdown = "0.2"
close_on_breach = true
maxTradesPerHour = 10
)");
  parse({"--config", cfg, "--risk", "max_drawdown=0.1"});
  // The table's keys (toml++ keeps them by name), then the command line: its value wins.
  EXPECT_EQ(options_.risk, (std::vector<std::string>{"close_on_breach=true", "maxTradesPerHour=10",
                                                     "max_drawdown=0.2", "max_drawdown=0.1"}));
}

TEST_F(RiskCommand, UnknownKeyOrBadValueNamesTheKey) {
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--no-store",
         "--risk", "max_drawdown=1.5"});
  try {
    run_backtest_command(options_);
    ADD_FAILURE() << "max_drawdown=1.5 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("max_drawdown"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(0, 1)"), std::string::npos) << e.what();
  }
  options_.risk = {"maxTradesPerHr=3"};
  EXPECT_THROW(run_backtest_command(options_), InvalidArgument);
}

TEST_F(RiskCommand, BreachInJsonAndInTheStore) {
  const std::string db = (dir_.path() / "run.db").string();
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--param",
         "fast=5", "--param", "slow=20", "--db", db, "--json", "--risk", "max_drawdown=0.005"});
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  EXPECT_EQ(run_backtest_command(options_), 0);
  const auto j = nlohmann::json::parse(testing::internal::GetCapturedStdout());
  testing::internal::GetCapturedStderr();
  ASSERT_TRUE(j.contains("risk_breach"));
  EXPECT_EQ(j["risk_breach"]["limit"], "max_drawdown");
  EXPECT_GE(j["risk_breach"]["value"].get<double>(), 0.005);
  const std::int64_t at = j["risk_breach"]["bar_open_time"].get<std::int64_t>();
  EXPECT_EQ(at % 60'000, 0);  // a 1m bar's open, in ms
  const int refused = j["refusals"].value("MAX_DRAWDOWN", 0);
  EXPECT_GT(refused, 0);

  SQLite::Database store(db);
  EXPECT_EQ(
      store.execAndGet("SELECT count(*) FROM audit_log WHERE event_type = 'RISK_REJECT'").getInt(),
      refused);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM alerts WHERE type = 'RISK'").getInt(), 1);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM trade_decisions WHERE approved = 0").getInt(),
            refused);
}

// Limits stored as risk_limits rows apply to the next run of the bot: a global row and the
// bot's own, the stricter of each limit winning; disabled and soft-deleted rows do not.
TEST_F(RiskCommand, RiskLimitsRowsOfTheBotAndGlobalApply) {
  const std::string db = (dir_.path() / "rows.db").string();
  const auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {
        "--data",  test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"),
        "--param", "fast=5",
        "--param", "slow=20",
        "--db",    db,
        "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    options_ = BacktestOptions{};
    parse(args);
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    EXPECT_EQ(run_backtest_command(options_), 0);
    const std::string err = testing::internal::GetCapturedStderr();
    return std::pair{nlohmann::json::parse(testing::internal::GetCapturedStdout()), err};
  };
  const auto [free_run, free_err] = run({});  // creates the user and the bot
  ASSERT_GT(free_run["total_trades"].get<int>(), 2);
  EXPECT_EQ(free_run["refusals"].value("MAX_OPEN_POSITIONS", 0), 0);
  {
    SQLite::Database store(db, SQLite::OPEN_READWRITE);
    const std::string user = store.execAndGet("SELECT id FROM users").getString();
    const std::string bot = store.execAndGet("SELECT id FROM bots").getString();
    // Ignored: disabled, soft-deleted. Applied: the bot's max_open_positions = 5 and the
    // global one's 0 (stricter: 0), so no position may open at all.
    store.exec(
        "INSERT INTO risk_limits (id, user_id, bot_id, max_open_positions, enabled) "
        "VALUES ('00000000-0000-7000-8000-000000000001', '" +
        user + "', NULL, 0, 0)");
    store.exec(
        "INSERT INTO risk_limits (id, user_id, bot_id, max_open_positions, deleted_at) "
        "VALUES ('00000000-0000-7000-8000-000000000002', '" +
        user +
        "', NULL, 0, "
        "'2026-01-01T00:00:00.000000000Z')");
    const auto [still_free, still_err] = run({});
    EXPECT_EQ(still_free["total_trades"], free_run["total_trades"]);
    store.exec(
        "INSERT INTO risk_limits (id, user_id, bot_id, max_open_positions) VALUES "
        "('00000000-0000-7000-8000-000000000003', '" +
        user + "', '" + bot + "', 5)");
    store.exec(
        "INSERT INTO risk_limits (id, user_id, bot_id, max_open_positions) VALUES "
        "('00000000-0000-7000-8000-000000000004', '" +
        user + "', NULL, 0)");
  }
  const auto [limited, err] = run({});
  EXPECT_NE(err.find("risk: 2 risk_limits rows apply"), std::string::npos) << err;
  EXPECT_EQ(limited["total_trades"], 0);
  EXPECT_GT(limited["refusals"].value("MAX_OPEN_POSITIONS", 0), 0);
  // A stored value the risk engine refuses names its row.
  {
    SQLite::Database store(db, SQLite::OPEN_READWRITE);
    store.exec(
        "UPDATE risk_limits SET max_leverage = 100 WHERE id = "
        "'00000000-0000-7000-8000-000000000003'");
  }
  options_ = BacktestOptions{};
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--db", db});
  try {
    run_backtest_command(options_);
    ADD_FAILURE() << "max_leverage = 100 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("risk_limits row 00000000-0000-7000-8000-000000000003"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("max_leverage"), std::string::npos) << e.what();
  }
}

TEST_F(RiskCommand, WithoutRiskNoBreachKey) {
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--no-store",
         "--json"});
  testing::internal::CaptureStdout();
  EXPECT_EQ(run_backtest_command(options_), 0);
  const auto j = nlohmann::json::parse(testing::internal::GetCapturedStdout());
  EXPECT_FALSE(j.contains("risk_breach"));
}

}  // namespace
}  // namespace talon
