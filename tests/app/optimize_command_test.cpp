// `talon optimize` as a user drives it: a grid over two real days of BTCUSDT minutes, the
// JSON object on stdout, the runs stored under one session, resuming it, Ctrl-C, and the
// grid parser underneath.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include <talon/app/optimize_command.hpp>
#include <talon/app/param_grid.hpp>
#include <talon/core/error.hpp>
#include <talon/core/timestamp.hpp>

#include "run_talon.hpp"
#include "test_data.hpp"

namespace talon {
namespace {

const std::string kTwoDays = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");

TEST(ParamGrid, RangesIncludeBothEnds) {
  EXPECT_EQ(parse_grid_axis("fast=5:20:5").values,
            (std::vector<std::string>{"5", "10", "15", "20"}));
  EXPECT_EQ(parse_grid_axis("k=0.5:1.5:0.25").values,
            (std::vector<std::string>{"0.5", "0.75", "1", "1.25", "1.5"}));
  EXPECT_EQ(parse_grid_axis("slow=20:22").values, (std::vector<std::string>{"20", "21", "22"}));
  EXPECT_EQ(parse_grid_axis("fast=3,7").values, (std::vector<std::string>{"3", "7"}));
  EXPECT_EQ(parse_grid_axis("fast=1:4:2").values, (std::vector<std::string>{"1", "3"}));
  EXPECT_THROW(parse_grid_axis("fast"), InvalidArgument);
  EXPECT_THROW(parse_grid_axis("fast=5:1:1"), InvalidArgument);
  EXPECT_THROW(parse_grid_axis("fast=1:5:0"), InvalidArgument);
  EXPECT_THROW(parse_grid_axis("fast=1:x"), InvalidArgument);
}

TEST(ParamGrid, PointsAndSeededSamples) {
  const std::vector<GridAxis> axes = {parse_grid_axis("a=1:3"), parse_grid_axis("b=10,20")};
  EXPECT_EQ(grid_size(axes), 6u);
  EXPECT_EQ(grid_point(axes, 0), (std::vector<std::string>{"1", "10"}));
  EXPECT_EQ(grid_point(axes, 1), (std::vector<std::string>{"1", "20"}));
  EXPECT_EQ(grid_point(axes, 5), (std::vector<std::string>{"3", "20"}));
  EXPECT_EQ(grid_indices(axes, 0, 1).size(), 6u);
  const auto a = grid_indices(axes, 4, 7);
  EXPECT_EQ(a.size(), 4u);
  EXPECT_EQ(a, grid_indices(axes, 4, 7));  // same seed, same sample
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(std::adjacent_find(a.begin(), a.end()), a.end());  // distinct
  const std::vector<GridAxis> twice = {parse_grid_axis("a=1"), parse_grid_axis("a=2")};
  EXPECT_THROW(grid_size(twice), InvalidArgument);
}

TEST(OptimizeRanking, ObjectiveOrderAndMinTrades) {
  std::vector<OptimizeRun> runs(4);
  runs[0].metrics = {{"sharpe_ratio", 1.0}, {"total_trades", 50}, {"max_drawdown", 0.2}};
  runs[1].metrics = {{"sharpe_ratio", 3.0}, {"total_trades", 5}, {"max_drawdown", 0.1}};
  runs[2].metrics = {{"sharpe_ratio", 2.0}, {"total_trades", 40}, {"max_drawdown", 0.3}};
  runs[3].metrics = {{"sharpe_ratio", nullptr}, {"total_trades", 60}, {"max_drawdown", 0.05}};
  EXPECT_EQ(rank_runs(runs, "sharpe_ratio", 0), (std::vector<std::size_t>{1, 2, 0, 3}));
  EXPECT_EQ(rank_runs(runs, "sharpe_ratio", 30), (std::vector<std::size_t>{2, 0, 1, 3}));
  EXPECT_EQ(rank_runs(runs, "max_drawdown", 0), (std::vector<std::size_t>{3, 1, 0, 2}));
  EXPECT_THROW(rank_runs(runs, "sharpe", 0), InvalidArgument);
}

class OptimizeProcess : public ::testing::Test {
 protected:
  test::TempDir dir_;
  std::string db() const { return dir_.file("t.db"); }
  std::vector<std::string> args(std::vector<std::string> extra) const {
    std::vector<std::string> a = {"optimize", "--data", kTwoDays,    "--strategy", "sma_cross",
                                  "--db",     db(),     "--threads", "2"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
};

TEST_F(OptimizeProcess, GridJsonStoreAndResume) {
  // fast 5,10,15,20 × slow 10,20,30: 12 combinations, 3 refused (fast >= slow: 10/10, 15/10,
  // 20/10, 20/20 → 4 refused, 8 run). stdout is the JSON object alone.
  const auto p = test::start_talon(
      args({"--grid", "fast=5:20:5", "--grid", "slow=10:30:10", "--json", "--min-trades", "1"}),
      dir_.path() / "run1");
  ASSERT_EQ(test::wait_talon(p), 0) << test::read_all(p.err);
  const auto j = nlohmann::json::parse(test::read_all(p.out));
  EXPECT_EQ(j["combinations"], 12);
  EXPECT_EQ(j["skipped"], 4);
  EXPECT_EQ(j["completed"], 8);
  ASSERT_EQ(j["runs"].size(), 8u);
  for (std::size_t i = 1; i < j["runs"].size(); ++i) {
    if (j["runs"][i]["objective"].is_null()) continue;
    EXPECT_GE(j["runs"][i - 1]["objective"].get<double>(), j["runs"][i]["objective"].get<double>());
  }
  EXPECT_EQ(j["best"]["parameters"], j["runs"][0]["parameters"]);
  EXPECT_TRUE(j["runs"][0]["metrics"].contains("cagr"));
  ASSERT_TRUE(j["deflated_sharpe_ratio"].is_object());
  EXPECT_GE(j["deflated_sharpe_ratio"]["value"].get<double>(), 0.0);
  EXPECT_LE(j["deflated_sharpe_ratio"]["value"].get<double>(), 1.0);
  EXPECT_EQ(j["deflated_sharpe_ratio"]["trials"], 8);
  ASSERT_TRUE(j["pbo"].is_object());
  EXPECT_EQ(j["pbo"]["combinations"], 12870);
  const std::string session = j["session_id"];
  {
    SQLite::Database store(db());
    SQLite::Statement q(store, "SELECT count(*) FROM backtests WHERE backtest_session_id = ?");
    q.bind(1, session);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getInt(), 8);
  }
  // Resuming the finished session runs nothing again and reports the same runs.
  const auto again = test::start_talon(
      args({"--grid", "fast=5:20:5", "--grid", "slow=10:30:10", "--json", "--session", session}),
      dir_.path() / "run2");
  ASSERT_EQ(test::wait_talon(again), 0) << test::read_all(again.err);
  const auto k = nlohmann::json::parse(test::read_all(again.out));
  EXPECT_EQ(k["completed"], 8);
  EXPECT_EQ(k["runs"][0]["parameters"], j["runs"][0]["parameters"]);
  EXPECT_NEAR(k["pbo"]["value"].get<double>(), j["pbo"]["value"].get<double>(), 1e-9);
  EXPECT_NE(test::read_all(again.err).find("8 already stored"), std::string::npos)
      << test::read_all(again.err);
  SQLite::Database store(db());
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM backtests").getInt(), 8);
}

TEST_F(OptimizeProcess, CtrlCStoresWhatIsDoneAndASecondRunFinishes) {
  const std::vector<std::string> grid = {"--grid", "fast=2:40:2", "--grid", "slow=41:80:1",
                                         "--json"};
  // The month: 760 runs take seconds on one thread.
  std::vector<std::string> a = args(grid);
  a[2] = test::repo_data("binance_spot_BTCUSDT_1m_2025-06.csv.gz");
  a[8] = "1";  // one thread
  const auto p = test::start_talon(a, dir_.path() / "run1");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ::kill(p.pid, SIGINT);
  const int rc = test::wait_talon(p);
  if (rc == 0) GTEST_SKIP() << "the search finished before the interrupt";
  ASSERT_EQ(rc, 130) << test::read_all(p.err);
  const auto j = nlohmann::json::parse(test::read_all(p.out));
  EXPECT_TRUE(j["interrupted"].get<bool>());
  const std::size_t first = j["completed"];
  EXPECT_GT(first, 0u);
  EXPECT_LT(first, 800u);
  const std::string session = j["session_id"];
  std::vector<std::string> rest = grid;
  rest.insert(rest.end(), {"--session", session});
  std::vector<std::string> b = args(rest);
  b[2] = a[2];
  const auto q = test::start_talon(b, dir_.path() / "run2");
  ASSERT_EQ(test::wait_talon(q), 0) << test::read_all(q.err);
  const auto k = nlohmann::json::parse(test::read_all(q.out));
  EXPECT_EQ(k["completed"], 800);  // 20 fast × 40 slow, none refused
  SQLite::Database store(db());
  EXPECT_EQ(store.execAndGet("SELECT count(*) FROM backtests").getInt(), 800);
}

TEST_F(OptimizeProcess, UnknownGridParameterIsAnError) {
  std::string out;
  EXPECT_EQ(test::run_talon(args({"--grid", "fsat=1:3", "--no-store"}), dir_.path() / "e", &out),
            1);
  EXPECT_NE(out.find("sma_cross has no parameter 'fsat'"), std::string::npos) << out;
}

}  // namespace
}  // namespace talon

namespace talon {
namespace {

TEST(WalkForward, ParsesWindowLengths) {
  const WalkForwardSpec s = parse_walk_forward("train=30d,test=7d");
  EXPECT_EQ(s.train_ns, 30 * kNanosPerDay);
  EXPECT_EQ(s.test_ns, 7 * kNanosPerDay);
  EXPECT_EQ(parse_walk_forward("test=90m,train=2w").train_ns, 14 * kNanosPerDay);
  EXPECT_THROW(parse_walk_forward("train=30d"), InvalidArgument);
  EXPECT_THROW(parse_walk_forward("train=30x,test=7d"), InvalidArgument);
  EXPECT_THROW(parse_walk_forward("train=-1d,test=7d"), InvalidArgument);
}

TEST(WalkForward, RollsOverTwoDaysAndStitchesTheTests) {
  // 48 h of bars, train 12 h, test 6 h: tests start at 12 h, 18 h, …, 42 h: 6 windows. The
  // objective is final equity: a daily Sharpe ratio needs two days, more than a window has.
  test::TempDir dir;
  const auto p = test::start_talon(
      {"optimize", "--data", kTwoDays, "--strategy", "sma_cross", "--grid", "fast=5:20:5", "--grid",
       "slow=30:60:30", "--walk-forward", "train=12h,test=6h", "--objective", "final_equity",
       "--json", "--no-store"},
      dir.path() / "wf");
  ASSERT_EQ(test::wait_talon(p), 0) << test::read_all(p.err);
  const auto j = nlohmann::json::parse(test::read_all(p.out));
  ASSERT_EQ(j["windows"].size(), 6u);
  EXPECT_EQ(j["windows"][0]["test_start"], "2025-06-01T12:00:00Z");
  EXPECT_EQ(j["windows"][5]["test_start"], "2025-06-02T18:00:00Z");
  // Each test window starts from the equity the previous one ended with.
  for (std::size_t i = 1; i < 6; ++i) {
    EXPECT_EQ(j["windows"][i]["out_of_sample"]["initial_capital"],
              j["windows"][i - 1]["out_of_sample"]["final_equity"]);
  }
  EXPECT_EQ(j["out_of_sample"]["final_equity"], j["windows"][5]["out_of_sample"]["final_equity"]);
  EXPECT_EQ(j["out_of_sample"]["initial_capital"], 10000);
}

}  // namespace
}  // namespace talon
