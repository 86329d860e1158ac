// `talon backtest` as a user drives it: options, a TOML config file, JSON output, the
// stored run, and the errors a typo gets.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include <talon/app/backtest_command.hpp>
#include <talon/core/error.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/store/store.hpp>
#include <talon/strategy/sma_cross.hpp>

#include "test_data.hpp"

namespace talon {
namespace {

namespace fs = std::filesystem;

class BacktestCommand : public ::testing::Test {
 protected:
  void SetUp() override { cmd_ = add_backtest_command(app_, options_); }

  void parse(std::vector<std::string> args) {
    args.insert(args.begin(), "backtest");
    std::reverse(args.begin(), args.end());  // CLI11 takes the vector in reverse order
    app_.parse(args);
    apply_backtest_config(*cmd_, options_);
  }
  std::string write(const std::string& name, const std::string& text) {
    return dir_.write(name, text);
  }

  CLI::App app_{"talon"};
  CLI::App* cmd_ = nullptr;
  BacktestOptions options_;
  test::TempDir dir_;
};

TEST_F(BacktestCommand, DefaultsAreTheMainJob) {
  parse({"--data", "x.csv"});
  EXPECT_EQ(options_.symbol, "BTCUSDT");
  EXPECT_EQ(options_.strategy, "sma_cross");
  EXPECT_EQ(options_.cash, "10000");
  EXPECT_EQ(options_.fee_bps, "10");
  EXPECT_EQ(options_.db, "talon.db");
  EXPECT_FALSE(options_.json);
}

TEST_F(BacktestCommand, ConfigFileFillsWhatTheCommandLineLeftOut) {
  const std::string cfg = write("bt.toml", R"(
data = "month.csv.gz"
symbol = "ETHUSDT"
cash = "2500.5"
fee_bps = 7
json = true
[params]
fast = 5
slow = 20
)");
  parse({"--config", cfg, "--symbol", "BTCUSDT"});
  EXPECT_EQ(options_.data, (dir_.path() / "month.csv.gz").string());  // relative to the config file
  EXPECT_EQ(options_.symbol, "BTCUSDT");                              // the command line wins
  EXPECT_EQ(options_.cash, "2500.5");
  EXPECT_EQ(options_.fee_bps, "7");
  EXPECT_TRUE(options_.json);
  EXPECT_EQ(options_.params, (std::vector<std::string>{"fast=5", "slow=20"}));
}

TEST_F(BacktestCommand, ConfigErrorsNameTheFileAndKey) {
  const std::string unknown = write("unknown.toml", "dta = \"x.csv\"\n");
  EXPECT_THROW(
      {
        try {
          parse({"--config", unknown});
        } catch (const InvalidArgument& e) {
          EXPECT_NE(std::string(e.what()).find(unknown + ": unknown key 'dta'"), std::string::npos)
              << e.what();
          throw;
        }
      },
      InvalidArgument);
  const std::string floaty = write("float.toml", "cash = 1000.1\n");
  EXPECT_THROW(parse({"--config", floaty}), InvalidArgument);  // a float is not exact
}

TEST_F(BacktestCommand, MalformedTomlNamesTheLine) {
  const std::string bad = write("bad.toml", "symbol = \"BTCUSDT\"\ncash = = 3\n");
  try {
    parse({"--config", bad});
    ADD_FAILURE() << "malformed TOML accepted";
  } catch (const ParseError& e) {
    EXPECT_NE(std::string(e.what()).find(bad + ":2:"), std::string::npos) << e.what();
  }
}

TEST_F(BacktestCommand, JsonRunOnTheRealMonthIsStoredWithTheSameNumbers) {
  const std::string db = (dir_.path() / "run.db").string();
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--param",
         "fast=10", "--param", "slow=30", "--db", db, "--json"});
  testing::internal::CaptureStdout();
  EXPECT_EQ(run_backtest_command(options_), 0);
  const std::string out = testing::internal::GetCapturedStdout();
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["initial_capital"], 10000);
  EXPECT_GT(j["total_trades"].get<int>(), 0);
  const int total = j["total_trades"].get<int>();
  EXPECT_LE(j["winning_trades"].get<int>() + j["losing_trades"].get<int>(), total);
  // Ratios are fractions: win_rate 0.3029 means 30.29 %.
  EXPECT_NEAR(j["win_rate"].get<double>(), 1.0 * j["winning_trades"].get<int>() / total, 0.00005);
  // The run is named: its stored id, symbol, strategy, parameters, bars and net profit.
  EXPECT_EQ(j["symbol"], "BTCUSDT");
  EXPECT_EQ(j["strategy"], "sma_cross");
  EXPECT_EQ(j["parameters"]["fast"], "10");
  EXPECT_EQ(j["bars"], 2880);
  EXPECT_EQ(j["orders_refused"], 0);
  EXPECT_NEAR(j["net_profit"].get<double>(), j["final_equity"].get<double>() - 10000, 1e-6);
  ASSERT_TRUE(j["backtest_id"].is_string());
  EXPECT_EQ(j["equity_curve"].size(), 2u);  // two UTC days

  SQLite::Database store(db);
  EXPECT_EQ(store
                .execAndGet("SELECT count(*) FROM backtests WHERE id = '" +
                            j["backtest_id"].get<std::string>() + "'")
                .getInt(),
            1);
  SQLite::Statement st(store, "SELECT final_equity, total_trades, parameters FROM backtests");
  ASSERT_TRUE(st.executeStep());
  // The JSON number text is the stored decimal text, digit for digit.
  const std::string final_text = out.substr(out.find("\"final_equity\":") + 15);
  EXPECT_EQ(final_text.substr(0, final_text.find(',')), st.getColumn(0).getString());
  EXPECT_EQ(st.getColumn(1).getInt(), j["total_trades"].get<int>());
  EXPECT_EQ(st.getColumn(2).getString(), R"({"fast":"10","short":"0","slow":"30"})");
  // The stored curve is hourly by default: the start, then the first close of each of the
  // 48 hours (drawdown and daily figures still use all 2,880 bars).
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM equity_curve").getInt(), 49);
}

TEST_F(BacktestCommand, EquityIntervalZeroStoresEveryBar) {
  const std::string db = (dir_.path() / "every.db").string();
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--db", db,
         "--equity-interval", "0", "--json"});
  testing::internal::CaptureStdout();
  EXPECT_EQ(run_backtest_command(options_), 0);
  testing::internal::GetCapturedStdout();
  SQLite::Database store(db);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM equity_curve").getInt(), 2881);
}

TEST_F(BacktestCommand, AStreamedFileGivesTheSameRunAsTheWholeFile) {
  // The CLI streams --data in batches; run_backtest over the whole file in memory must agree.
  const std::string file = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  parse({"--data", file, "--no-store", "--json"});
  testing::internal::CaptureStdout();
  EXPECT_EQ(run_backtest_command(options_), 0);
  const auto streamed = nlohmann::json::parse(testing::internal::GetCapturedStdout());
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  config.initial_cash = Decimal::from_int(10'000);
  config.venue.taker_fee_bps = Decimal::from_int(10);
  SmaCross strategy(10, 30);
  const auto bars = read_klines(file).bars;
  const BacktestResult whole = run_backtest(config, bars, strategy);
  EXPECT_EQ(streamed["final_equity"].dump(), whole.final_equity.to_string());
  EXPECT_EQ(streamed["total_trades"].get<std::size_t>(), whole.round_trips.size());
}

TEST_F(BacktestCommand, PerpetualExampleRunsLongAndShortWithFundingAndStoresTheOpenPosition) {
  const std::string db = (dir_.path() / "perp.db").string();
  const std::string example =
      (fs::path(TALON_REPO_DATA_DIR) / ".." / "examples" / "sma_cross_ethusdt_perp.toml").string();
  parse({"--config", example, "--db", db, "--json"});
  EXPECT_EQ(options_.market, "usdm");
  EXPECT_EQ(options_.leverage, "3");
  testing::internal::CaptureStdout();
  EXPECT_EQ(run_backtest_command(options_), 0);
  const auto j = nlohmann::json::parse(testing::internal::GetCapturedStdout());
  EXPECT_GT(j["total_trades"].get<int>(), 100);
  EXPECT_TRUE(j.contains("total_funding"));
  EXPECT_NE(j["total_funding"].get<double>(), 0.0);  // 125 funding times, always in a position
  EXPECT_EQ(j["liquidations"], 0);
  EXPECT_GT(j["max_leverage_used"].get<double>(), 2.5);
  SQLite::Database store(db);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM positions WHERE side = 'SHORT'").getInt() > 0,
            true);
  // The position still open at the end is marked at the last close.
  SQLite::Statement open(store,
                         "SELECT symbol, mark_price, unrealized_pnl FROM positions WHERE status = "
                         "'OPEN'");
  ASSERT_TRUE(open.executeStep());
  EXPECT_EQ(open.getColumn(0).getString(), "ETHUSDT-PERP");
  EXPECT_FALSE(open.getColumn(1).isNull());
  EXPECT_FALSE(open.getColumn(2).isNull());
}

TEST_F(BacktestCommand, JsonCountsRefusedOrdersByRule) {
  // 5.06 USDT clears the 5 USDT minimum notional (plus 1 %), so sma_cross sends its buys,
  // but after the 10 bps fee and the lot rounding each is below the minimum: the venue
  // expires every one under NOTIONAL.
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--cash",
         "5.06", "--no-store", "--json"});
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  EXPECT_EQ(run_backtest_command(options_), 0);
  const auto j = nlohmann::json::parse(testing::internal::GetCapturedStdout());
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(j["backtest_id"].is_null());
  EXPECT_GT(j["orders"].get<int>(), 0);
  EXPECT_EQ(j["orders_refused"], j["orders"]);
  EXPECT_EQ(j["refusals"].begin().key(), "NOTIONAL");
  EXPECT_NE(err.find("all "), std::string::npos) << err;
  EXPECT_NE(err.find("orders were refused"), std::string::npos) << err;
}

TEST_F(BacktestCommand, ConfigPathsMustBeTextAndTheConfigAFile) {
  const std::string cfg = write("db5.toml", "data = \"x.csv\"\ndb = 5\n");
  try {
    parse({"--config", cfg});
    ADD_FAILURE() << "db = 5 accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("key 'db': expected a string"), std::string::npos)
        << e.what();
  }
  CLI::App app{"talon"};
  BacktestOptions options;
  CLI::App* cmd = add_backtest_command(app, options);
  std::vector<std::string> args = {dir_.path().string(), "--config", "backtest"};
  app.parse(args);
  try {
    apply_backtest_config(*cmd, options);
    ADD_FAILURE() << "a directory accepted as --config";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
  }
}

TEST_F(BacktestCommand, StartOutsideTheDataNamesTheDataRange) {
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--start",
         "2026-01-01", "--no-store"});
  try {
    run_backtest_command(options_);
    ADD_FAILURE() << "an empty window accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("from 2025-06-01T00:00:00Z to 2025-06-02T23:59:00Z"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(BacktestCommand, FuturesFlagsWithoutUsdmAreRefused) {
  parse({"--data", "x.csv", "--leverage", "5"});
  EXPECT_THROW(run_backtest_command(options_), InvalidArgument);
}

// Runs `args` as a fresh `talon backtest` and returns its JSON report.
nlohmann::json run_json(std::vector<std::string> args) {
  CLI::App app{"talon"};
  BacktestOptions options;
  CLI::App* cmd = add_backtest_command(app, options);
  args.insert(args.begin(), "backtest");
  args.emplace_back("--json");
  std::reverse(args.begin(), args.end());
  app.parse(args);
  apply_backtest_config(*cmd, options);
  testing::internal::CaptureStdout();
  try {
    run_backtest_command(options);
  } catch (...) {
    testing::internal::GetCapturedStdout();
    throw;
  }
  return nlohmann::json::parse(testing::internal::GetCapturedStdout());
}

TEST_F(BacktestCommand, BarsFromTheDatabaseTradeExactlyAsTheSameBarsFromTheFile) {
  const std::string file = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  const std::string db = (dir_.path() / "bars.db").string();
  const KlineSeries s = read_klines(file);
  open_store(db)->insert_klines("BINANCE", "BTCUSDT", "1m", s.bars);
  // A window inside the stored range: 2025-06-01T06:00Z .. 2025-06-02T06:00Z, 1,440 bars.
  const std::vector<std::string> window = {"--start", "2025-06-01T06:00:00Z", "--end",
                                           "2025-06-02T06:00:00Z", "--no-store"};
  std::vector<std::string> from_file = {"--data", file};
  std::vector<std::string> from_db = {"--from-db", "1m", "--db", db};
  from_file.insert(from_file.end(), window.begin(), window.end());
  from_db.insert(from_db.end(), window.begin(), window.end());
  const nlohmann::json a = run_json(from_file);
  const nlohmann::json b = run_json(from_db);
  EXPECT_EQ(a, b);
  EXPECT_GT(a["total_trades"].get<int>(), 0);
  // The window was applied: the whole file trades differently.
  EXPECT_NE(a["final_equity"], run_json({"--data", file, "--no-store"})["final_equity"]);
}

TEST_F(BacktestCommand, FromDbWithoutStoredBarsSaysHowToImportThem) {
  const std::string db = (dir_.path() / "empty.db").string();
  try {
    run_json({"--from-db", "1h", "--db", db, "--no-store"});
    FAIL() << "a backtest over no bars ran";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("no 1h bars of BTCUSDT on BINANCE"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("talon data import"), std::string::npos) << e.what();
  }
  EXPECT_THROW(run_json({"--from-db", "1m", "--data", "x.csv", "--no-store"}), InvalidArgument);
  EXPECT_THROW(run_json({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"),
                         "--start", "2025-06-02", "--end", "2025-06-01", "--no-store"}),
               InvalidArgument);
}

TEST_F(BacktestCommand, StoreIndicatorsWritesTheDeclaredRsiOfRsiReversion) {
  const std::string db = (dir_.path() / "ind.db").string();
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--strategy",
         "rsi_reversion", "--param", "period=14", "--db", db, "--json", "--store-indicators"});
  EXPECT_TRUE(options_.store_indicators);
  testing::internal::CaptureStdout();
  EXPECT_EQ(run_backtest_command(options_), 0);
  testing::internal::GetCapturedStdout();
  SQLite::Database store(db);
  // 2,880 bars, RSI(14) ready from the 15th: 2,866 values, all of this run.
  EXPECT_EQ(store
                .execAndGet("SELECT count(*) FROM technical_indicators t JOIN backtests b ON "
                            "b.id = t.backtest_id WHERE t.indicator_name = 'RSI' AND "
                            "t.output_name = 'rsi' AND t.period = 14")
                .getInt(),
            2866);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM technical_indicators").getInt(), 2866);
}

TEST_F(BacktestCommand, StoreIndicatorsComesFromTheConfigFileAndRefusesNoStore) {
  const std::string cfg = write("ind.toml", "store_indicators = true\n");
  parse({"--config", cfg});
  EXPECT_TRUE(options_.store_indicators);
  const std::string bad = write("bad.toml", "store_indicators = \"yes\"\n");
  options_ = {};
  EXPECT_THROW(parse({"--config", bad}), InvalidArgument);
  options_ = {};
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"),
         "--store-indicators", "--no-store"});
  try {
    run_backtest_command(options_);
    FAIL() << "--store-indicators with --no-store must be refused";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("--no-store"), std::string::npos) << e.what();
  }
}

TEST_F(BacktestCommand, WithoutTheFlagNoIndicatorIsStored) {
  const std::string db = (dir_.path() / "plain.db").string();
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--strategy",
         "rsi_reversion", "--db", db, "--json"});
  testing::internal::CaptureStdout();
  EXPECT_EQ(run_backtest_command(options_), 0);
  testing::internal::GetCapturedStdout();
  SQLite::Database store(db);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM technical_indicators").getInt(), 0);
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM backtests").getInt(), 1);
}

TEST_F(BacktestCommand, DecisionsAreStoredAndLinkedToTheirOrdersByLevel) {
  const std::string data = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  auto run = [&](const std::string& level) {
    const std::string db = (dir_.path() / (level + ".db")).string();
    options_ = {};
    parse({"--data", data, "--param", "fast=5", "--param", "slow=20", "--db", db, "--json",
           "--decisions", level});
    testing::internal::CaptureStdout();
    EXPECT_EQ(run_backtest_command(options_), 0);
    testing::internal::GetCapturedStdout();
    return db;
  };
  {
    SQLite::Database store(run("actions"));
    const int orders = store.execAndGet("SELECT count(*) FROM orders").getInt();
    EXPECT_GT(orders, 0);
    // sma_cross: one BUY or SELL per order, each order pointing at its decision.
    EXPECT_EQ(store.execAndGet("SELECT count(*) FROM trade_decisions").getInt(), orders);
    EXPECT_EQ(store.execAndGet("SELECT count(*) FROM orders WHERE decision_id IS NULL").getInt(),
              0);
    EXPECT_EQ(
        store.execAndGet("SELECT count(*) FROM trade_decisions WHERE action = 'HOLD'").getInt(), 0);
  }
  {
    // all: one decision per bar from the 20th (the slow window full): 2,880 − 19.
    SQLite::Database store(run("all"));
    EXPECT_EQ(store.execAndGet("SELECT count(*) FROM trade_decisions").getInt(), 2861);
  }
  {
    SQLite::Database store(run("none"));
    EXPECT_EQ(store.execAndGet("SELECT count(*) FROM trade_decisions").getInt(), 0);
    EXPECT_GT(store.execAndGet("SELECT count(*) FROM orders").getInt(), 0);
  }
  options_ = {};
  parse({"--data", data, "--decisions", "hold", "--no-store"});
  try {
    run_backtest_command(options_);
    FAIL() << "--decisions hold must be refused";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "--decisions: expected none, actions or all, got 'hold'");
  }
  const std::string cfg = write("dec.toml", "decisions = \"all\"\n");
  options_ = {};
  parse({"--config", cfg});
  EXPECT_EQ(options_.decisions, "all");
}

TEST_F(BacktestCommand, BadOptionValuesAreRefusedBeforeAnythingRuns) {
  const std::string db = (dir_.path() / "never.db").string();
  parse({"--data", test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"), "--cash", "-5",
         "--db", db});
  EXPECT_THROW(run_backtest_command(options_), InvalidArgument);
  options_.cash = "10000";
  options_.fee_bps = "ten";
  EXPECT_THROW(run_backtest_command(options_), InvalidArgument);
  options_.fee_bps = "10";
  options_.strategy = "sma_crossover";
  EXPECT_THROW(run_backtest_command(options_), InvalidArgument);
  EXPECT_FALSE(fs::exists(db));
}

}  // namespace
}  // namespace talon
