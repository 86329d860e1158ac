// audit_log and alerts rows of the risk engine on both backends: refusals become RISK_REJECT
// audit rows, a breach a RISK_BREACH row and one TRIGGERED alert of type RISK on the run's
// user, exchange and symbol.

#include <gtest/gtest.h>

#include <talon/analytics/metrics.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/store/risk_events.hpp>
#include <talon/strategy/registry.hpp>

#include "backends.hpp"
#include "test_data.hpp"

namespace talon::test {
namespace {

using RiskEventRows = BackendTest;

TEST_P(RiskEventRows, RefusalsAndABreachAreAuditedAndAlerted) {
  std::vector<Bar> bars =
      read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")).bars;
  bars.resize(120);
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  auto strategy = make_strategy("sma_cross", StrategyParams({{"fast", "5"}, {"slow", "20"}}));
  const BacktestResult result = run_backtest(config, bars, *strategy);
  const BacktestMetrics metrics = compute_metrics(result);
  BacktestRecord r;
  r.id = new_uuid_v7();
  r.strategy = "sma_cross";
  r.parameters_json = R"({"fast":"5","slow":"20"})";
  r.symbol = "BTCUSDT";
  r.timeframe = "1m";
  r.fee_bps = Decimal::from_int(10);
  r.created_at = parse_iso8601("2026-01-02T03:04:05Z");
  r.result = &result;
  r.metrics = &metrics;
  r.instrument = &config.instrument;
  store_->save_backtest(r);

  const std::vector<RiskRefusalRow> refusals = {
      {bars[30].close_time, "talon-7", "MAX_ORDER_SIZE",
       "MAX_ORDER_SIZE: order quantity 2 exceeds max_order_size 1"},
      {bars[40].close_time, "talon-8", "MAX_DRAWDOWN", "MAX_DRAWDOWN: bot halted"}};
  const RiskBreach breach{"max_drawdown", bars[35].open_time, Decimal::parse("0.0123")};
  EXPECT_EQ(save_risk_events(*store_, r.id, refusals, breach, Decimal::parse("0.01")), 4u);

  EXPECT_EQ(count("audit_log", "event_type = 'RISK_REJECT'"), 2);
  EXPECT_EQ(count("audit_log", "event_type = 'RISK_BREACH'"), 1);
  EXPECT_EQ(count("alerts", "type = 'RISK' AND status = 'TRIGGERED'"), 1);
  const SqlResult alert =
      sql().query("SELECT symbol, threshold, triggered_at FROM alerts WHERE type = 'RISK'");
  ASSERT_EQ(alert.rows.size(), 1u);
  EXPECT_EQ(row_text(alert.rows[0], 0), "BTCUSDT");
  EXPECT_EQ(Decimal::parse(row_text(alert.rows[0], 1)), Decimal::parse("0.01"));
  EXPECT_EQ(row_time(alert.rows[0], 2), bars[35].open_time);
  // Nothing to write: no rows, no error.
  EXPECT_EQ(save_risk_events(*store_, r.id, {}, std::nullopt, {}), 0u);
  EXPECT_THROW(save_risk_events(*store_, new_uuid_v7(), refusals, std::nullopt, {}), DataError);
}

TALON_ON_BOTH_BACKENDS(RiskEventRows);

}  // namespace
}  // namespace talon::test
