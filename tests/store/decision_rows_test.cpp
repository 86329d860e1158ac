// trade_decisions on both backends: a real sma_cross run over two days of BTCUSDT 1m klines
// with every decision recorded (HOLD included); each stored row is the decision the run
// took, and each order the strategy sent points back at its decision (orders.decision_id).

#include <gtest/gtest.h>

#include <talon/analytics/metrics.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/store/decisions.hpp>
#include <talon/strategy/registry.hpp>

#include "backends.hpp"
#include "test_data.hpp"

namespace talon::test {
namespace {

struct DecidedRun {
  std::vector<Bar> bars;
  BacktestResult result;
  BacktestMetrics metrics;
  Instrument instrument;
  BacktestRecord record;
  std::vector<TradeDecision> decisions;
};

std::unique_ptr<DecidedRun> run_sma_cross() {
  auto run = std::make_unique<DecidedRun>();
  run->bars = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")).bars;
  run->bars.resize(600);
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  DecisionLog log;
  config.decisions = &log;
  config.decision_recording = DecisionRecording::All;
  auto strategy = make_strategy("sma_cross", StrategyParams({{"fast", "5"}, {"slow", "20"}}));
  run->result = run_backtest(config, run->bars, *strategy);
  run->decisions = log.take();
  run->metrics = compute_metrics(run->result);
  run->instrument = config.instrument;
  BacktestRecord& r = run->record;
  r.id = new_uuid_v7();
  r.strategy = "sma_cross";
  r.parameters_json = R"({"fast":"5","slow":"20"})";
  r.symbol = "BTCUSDT";
  r.timeframe = "1m";
  r.fee_bps = Decimal::from_int(10);
  r.created_at = parse_iso8601("2026-01-02T03:04:05.123456Z");
  r.result = &run->result;
  r.metrics = &run->metrics;
  r.instrument = &run->instrument;
  return run;
}

using DecisionRows = BackendTest;

TEST_P(DecisionRows, EveryDecisionIsARowAndEveryOrderPointsAtItsDecision) {
  const auto run = run_sma_cross();
  ASSERT_EQ(run->decisions.size(), 600u - 19);  // one per bar once the slow window is full
  store_->save_backtest(run->record);
  EXPECT_EQ(save_trade_decisions(*store_, run->record.id, run->decisions), run->decisions.size());

  const SqlValue id[] = {run->record.id};
  EXPECT_EQ(
      row_int(
          sql().query("SELECT count(*) FROM trade_decisions WHERE backtest_id = $1", id).rows.at(0),
          0),
      static_cast<std::int64_t>(run->decisions.size()));
  std::size_t actions = 0;
  for (const TradeDecision& d : run->decisions) actions += d.action != DecisionAction::Hold;
  ASSERT_GT(actions, 0u);
  EXPECT_EQ(count("trade_decisions", "action = 'HOLD'"),
            static_cast<std::int64_t>(run->decisions.size() - actions));
  // Every order was sent by a decision and points back at it, by client order id.
  EXPECT_EQ(count("orders", "decision_id IS NULL"), 0);
  const SqlResult linked = sql().query(
      "SELECT o.client_order_id, d.action, d.timestamp, o.side FROM orders o JOIN "
      "trade_decisions d ON d.id = o.decision_id WHERE o.backtest_id = $1 ORDER BY "
      "o.created_at",
      id);
  ASSERT_EQ(linked.rows.size(), run->result.orders.size());
  for (const SqlRow& row : linked.rows) {
    EXPECT_EQ(row_text(row, 1), row_text(row, 3)) << row_text(row, 0);  // BUY/BUY, SELL/SELL
  }
  // The first decision stored as taken: its time, HOLD, reasoning, approved, no size.
  const TradeDecision& first = run->decisions.front();
  const SqlValue key[] = {first.id};
  const SqlRow row = sql()
                         .query(
                             "SELECT action, timestamp, size, approved, reasoning, symbol FROM "
                             "trade_decisions WHERE id = $1",
                             key)
                         .rows.at(0);
  EXPECT_EQ(row_text(row, 0), "HOLD");
  EXPECT_EQ(row_time(row, 1), first.at);
  EXPECT_EQ(row_decimal(row, 2), Decimal{});
  EXPECT_TRUE(row_bool(row, 3));
  EXPECT_EQ(row_text(row, 4), first.reasoning);
  EXPECT_EQ(row_text(row, 5), "BTCUSDT");
}

TEST_P(DecisionRows, AConfidenceOutsideZeroToOneIsRefusedAndNothingIsWritten) {
  const auto run = run_sma_cross();
  store_->save_backtest(run->record);
  std::vector<TradeDecision> bad(run->decisions.begin(), run->decisions.begin() + 3);
  bad[2].confidence = Decimal::parse("1.5");
  EXPECT_THROW(save_trade_decisions(*store_, run->record.id, bad), SqlError);
  EXPECT_EQ(count("trade_decisions"), 0);
}

TEST_P(DecisionRows, AnUnknownBacktestIsNamed) {
  const std::vector<TradeDecision> none;
  EXPECT_THROW(save_trade_decisions(*store_, new_uuid_v7(), none), DataError);
}

TALON_ON_BOTH_BACKENDS(DecisionRows);

}  // namespace
}  // namespace talon::test
