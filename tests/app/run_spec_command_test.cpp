// `talon backtest` with several instruments (--data SYMBOL=FILE, [[instruments]]), tick mode
// (--trades) and L2 book mode (--depth-snapshot/--depth-updates), and the two examples.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <talon/app/backtest_command.hpp>
#include <talon/core/decimal.hpp>
#include <talon/core/error.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

struct Parsed {
  CLI::App app{"talon"};
  BacktestOptions options;
  CLI::App* cmd = nullptr;
  explicit Parsed(std::vector<std::string> args) {
    cmd = add_backtest_command(app, options);
    args.insert(args.begin(), "backtest");
    std::reverse(args.begin(), args.end());  // CLI11 takes the vector in reverse order
    app.parse(args);
    apply_backtest_config(*cmd, options);
  }
};

nlohmann::json run_json(std::vector<std::string> args) {
  args.emplace_back("--json");
  args.emplace_back("--no-store");
  Parsed p(args);
  testing::internal::CaptureStdout();
  try {
    run_backtest_command(p.options);
  } catch (...) {
    testing::internal::GetCapturedStdout();
    throw;
  }
  return nlohmann::json::parse(testing::internal::GetCapturedStdout());
}

Decimal dec(const nlohmann::json& j) {
  return Decimal::parse(j.dump());
}

TEST(RunSpecCommand, DataSymbolEqualsFileIsRepeatableAndAPlainFileKeepsTheSingleRun) {
  Parsed plain({"--data", "x.csv"});
  EXPECT_EQ(plain.options.data, "x.csv");
  EXPECT_FALSE(uses_run_spec(plain.options));
  Parsed two({"--data", "BTCUSDT=a.csv", "--data", "ETHUSDT=b.csv.gz"});
  EXPECT_TRUE(two.options.data.empty());
  EXPECT_EQ(two.options.instrument_data,
            (std::vector<std::string>{"BTCUSDT=a.csv", "ETHUSDT=b.csv.gz"}));
  EXPECT_TRUE(uses_run_spec(two.options));
  Parsed tick({"--trades", "t.csv", "--bar-interval", "1s"});
  EXPECT_TRUE(uses_run_spec(tick.options));
  EXPECT_EQ(tick.options.bar_interval, "1s");
  EXPECT_THROW(Parsed({"--data", "x.csv", "--data", "y.csv"}), InvalidArgument);
}

TEST(RunSpecCommand, InstrumentTablesComeFromTheConfigRelativeToIt) {
  test::TempDir dir;
  const std::string cfg = dir.write("multi.toml", R"(
[[instruments]]
symbol = "BTCUSDT"
data = "btc.csv"
[[instruments]]
symbol = "ETHUSDT"
trades = "eth_trades.csv"
fill = "tick"
)");
  Parsed p({"--config", cfg});
  ASSERT_EQ(p.options.instruments.size(), 2u);
  EXPECT_EQ(p.options.instruments[0].data, (dir.path() / "btc.csv").string());
  EXPECT_EQ(p.options.instruments[1].trades, (dir.path() / "eth_trades.csv").string());
  EXPECT_EQ(p.options.instruments[1].fill, "tick");
  const std::string bad =
      dir.write("bad.toml", "[[instruments]]\nsymbol = \"BTCUSDT\"\nbars = 1\n");
  try {
    Parsed q({"--config", bad});
    FAIL() << "an unknown key must be refused";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("unknown key 'bars'"), std::string::npos) << e.what();
  }
}

// Two instruments over two real days each: the combined figures add up to the per-instrument
// ones and the shared balance. sma_cross puts all the free USDT into whichever crosses first,
// so the two never hold more cash than the run started with.
TEST(RunSpecCommand, TwoInstrumentsFromTheCommandLineShareTheCash) {
  const std::string btc = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  const std::string eth = test::repo_data("binance_spot_ETHUSDT_1m_2025-06.csv.gz");
  const nlohmann::json j =
      run_json({"--data", "BTCUSDT=" + btc, "--data", "ETHUSDT=" + eth, "--cash", "1000"});
  ASSERT_EQ(j["instruments"].size(), 2u);
  EXPECT_EQ(j["instruments"][0]["symbol"], "BTCUSDT");
  EXPECT_EQ(j["instruments"][0]["bars"], 2880);
  EXPECT_EQ(j["instruments"][1]["bars"], 43200);
  EXPECT_GT(j["instruments"][0]["fills"].get<int>(), 0);
  EXPECT_GT(j["instruments"][1]["fills"].get<int>(), 0);
  // final equity = USDT + each position at its last price (the bars end at different days).
  Decimal equity = dec(j["balances"]["USDT"]["free"]) + dec(j["balances"]["USDT"]["locked"]);
  for (const auto& i : j["instruments"]) {
    equity += mul(dec(i["position"]), dec(i["last_price"]), Rounding::HalfEven);
  }
  EXPECT_EQ(dec(j["combined"]["final_equity"]), equity);
  EXPECT_EQ(j["combined"]["total_trades"].get<int>(),
            j["instruments"][0]["round_trips"].get<int>() +
                j["instruments"][1]["round_trips"].get<int>());
}

// Tick mode from a five-trade file; sma_cross(1, 2) on 1-minute bars built from it:
// closes 102, 99, 98 (see tests/engine/run_spec_test.cpp for the file). No cross upward,
// so no order: the point here is the routing — trades read, bars built, mode reported.
TEST(RunSpecCommand, TradesFlagRunsTickMode) {
  test::TempDir dir;
  const std::string file =
      dir.write("trades.csv",
                "trade_id,price,qty,trade_time_ms,event_time_ms,is_buyer_maker,local_ts_ns\n"
                "1,100,2,1748736010000,1748736010000,true,1748736010000000000\n"
                "2,102,2,1748736030000,1748736030000,true,1748736030000000000\n"
                "3,101,2,1748736065000,1748736065000,true,1748736065000000000\n"
                "4,99,2,1748736080000,1748736080000,true,1748736080000000000\n"
                "5,98,2,1748736130000,1748736130000,true,1748736130000000000\n");
  const nlohmann::json j = run_json({"--trades", file, "--param", "fast=1", "--param", "slow=2"});
  ASSERT_EQ(j["instruments"].size(), 1u);
  EXPECT_EQ(j["instruments"][0]["fill"], "tick");
  EXPECT_EQ(j["instruments"][0]["trades"], 5);
  EXPECT_EQ(j["instruments"][0]["bars"], 3);
  EXPECT_EQ(j["instruments"][0]["last_price"], 98);
  EXPECT_EQ(j["combined"]["final_equity"], 10000);
  EXPECT_THROW(run_json({"--trades", file, "--market", "usdm"}), InvalidArgument);
}

TEST(RunSpecCommand, TheExamplesRun) {
  const std::string examples = std::string(TALON_REPO_DATA_DIR) + "/../examples/";
  const nlohmann::json multi = run_json({"--config", examples + "sma_cross_btc_eth_spot.toml"});
  ASSERT_EQ(multi["instruments"].size(), 2u);
  EXPECT_EQ(multi["instruments"][0]["bars"], 43200);
  EXPECT_EQ(multi["instruments"][1]["bars"], 43200);
  EXPECT_GT(multi["combined"]["total_trades"].get<int>(), 0);

  const nlohmann::json book = run_json({"--config", examples + "sma_cross_btcusdt_book.toml"});
  ASSERT_EQ(book["instruments"].size(), 1u);
  EXPECT_EQ(book["instruments"][0]["fill"], "book");
  EXPECT_EQ(book["instruments"][0]["trades"], 1381);
  EXPECT_GT(book["instruments"][0]["fills"].get<int>(), 0);
}

}  // namespace
}  // namespace talon
