// A parameter search's runs on both backends: backtests rows only, linked by one
// backtest_session_id, all in one transaction, and read back for resuming the session.

#include <gtest/gtest.h>

#include <talon/analytics/metrics.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/strategy/registry.hpp>

#include "backends.hpp"
#include "test_data.hpp"

namespace talon::test {
namespace {

using SessionRuns = BackendTest;

struct SearchRun {
  BacktestResult result;
  BacktestMetrics metrics;
};

SearchRun run(std::span<const Bar> bars, const Instrument& inst, int fast) {
  StrategyParams params;
  params.set("fast", std::to_string(fast));
  params.set("slow", "30");
  auto strategy = make_strategy("sma_cross", params);
  BacktestConfig config;
  config.instrument = inst;
  SearchRun r;
  r.result = run_backtest(config, bars, *strategy);
  r.metrics = compute_metrics(r.result);
  r.result.round_trips.clear();
  return r;
}

TEST_P(SessionRuns, StoresFiguresOnlyUnderOneSessionAndReadsThemBack) {
  const KlineSeries series = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  const Instrument inst = *find_builtin_instrument("BTCUSDT");
  const Uuid session = new_uuid_v7();
  std::vector<SearchRun> runs;
  for (int fast : {5, 10}) runs.push_back(run(series.bars, inst, fast));
  std::vector<BacktestRecord> records(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    BacktestRecord& r = records[i];
    r.id = new_uuid_v7();
    r.strategy = "sma_cross";
    r.parameters_json = i == 0 ? R"({"fast":"5","slow":"30"})" : R"({"fast":"10","slow":"30"})";
    r.symbol = "BTCUSDT";
    r.timeframe = "1m";
    r.fee_bps = Decimal::from_int(10);
    r.initial_cash = Decimal::from_int(10'000);
    r.created_at = parse_iso8601("2026-01-02T03:04:05Z");
    r.backtest_session_id = session;
    r.metrics_json = i == 0 ? R"({"mark":1})" : "";
    r.result = &runs[i].result;
    r.metrics = &runs[i].metrics;
    r.instrument = &inst;
  }
  store_->save_backtest_summaries(records);
  const auto back = store_->read_session_runs(session);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_NE(back[0].second.find("\"mark\""), std::string::npos);      // metrics_json as given
  EXPECT_NE(back[1].second.find("sharpe_ratio"), std::string::npos);  // the report's keys
  EXPECT_TRUE(store_->read_session_runs(new_uuid_v7()).empty());
  const SqlValue id[] = {records[1].id};
  const SqlRow row =
      sql().query("SELECT total_trades, results FROM backtests WHERE id = $1", id).rows.at(0);
  EXPECT_EQ(row_int(row, 0), runs[1].metrics.total_trades);
  EXPECT_EQ(row_text(row, 1), "[]");
  EXPECT_EQ(
      row_int(sql().query("SELECT count(*) FROM orders WHERE backtest_id = $1", id).rows.at(0), 0),
      0);
  EXPECT_EQ(
      row_text(sql().query("SELECT status FROM bot_runs WHERE backtest_id = $1", id).rows.at(0), 0),
      "stopped");

  // A refused record stores none of the batch.
  std::vector<BacktestRecord> bad = records;
  for (BacktestRecord& r : bad) r.id = new_uuid_v7();
  bad[1].result = nullptr;
  EXPECT_THROW(store_->save_backtest_summaries(bad), Error);
  EXPECT_EQ(store_->read_session_runs(session).size(), 2u);
}

TALON_ON_BOTH_BACKENDS(SessionRuns);

}  // namespace
}  // namespace talon::test
