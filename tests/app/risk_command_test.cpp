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
