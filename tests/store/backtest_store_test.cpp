// `talon backtest`'s write path on both backends: a real sma_cross run over two days of
// real BTCUSDT klines, stored and read back against the in-memory result.

#include <gtest/gtest.h>

#include <optional>

#include <talon/analytics/metrics.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/strategy/registry.hpp>

#include "backends.hpp"
#include "test_data.hpp"

namespace talon::test {
namespace {

struct Run {
  KlineSeries series;
  BacktestResult result;
  BacktestMetrics metrics;
  Instrument instrument;
  BacktestRecord record;
};

// A journal that hands every call on twice: a re-sending source (a reconnecting feed, a
// retried write). The store must keep each row once.
class TwiceJournal final : public Journal {
 public:
  explicit TwiceJournal(Journal& inner) : j_(inner) {}
  void on_order_event(const OrderEvent& e) override {
    twice([&] { j_.on_order_event(e); });
  }
  void on_fill(const Fill& f) override {
    twice([&] { j_.on_fill(f); });
  }
  void on_order(const Order& o) override {
    twice([&] { j_.on_order(o); });
  }
  void on_round_trip(const RoundTrip& t) override { j_.on_round_trip(t); }
  void on_position(const Position& p) override { j_.on_position(p); }
  void on_equity(const EquityPoint& p) override { j_.on_equity(p); }
  void on_funding(const FundingPayment& f) override { j_.on_funding(f); }
  void checkpoint(std::span<const Position> open) override { j_.checkpoint(open); }

 private:
  template <class F>
  static void twice(F&& f) {
    f();
    f();
  }
  Journal& j_;
};

// sma_cross over the two days, its rows streamed into `store` while it runs (the way
// `talon backtest` stores), optionally through a journal that sends everything twice.
std::unique_ptr<Run> run_sma_cross_journaled(Store& store, bool resend = false);

std::unique_ptr<Run> run_sma_cross() {
  auto run = std::make_unique<Run>();
  run->series = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz"));
  StrategyParams params;
  params.set_from_text("fast=5");
  params.set_from_text("slow=20");
  auto strategy = make_strategy("sma_cross", params);
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  config.initial_cash = Decimal::from_int(10'000);
  config.venue.taker_fee_bps = Decimal::from_int(10);
  run->result = run_backtest(config, run->series.bars, *strategy);
  run->metrics = compute_metrics(run->result);
  run->instrument = config.instrument;
  BacktestRecord& r = run->record;
  r.id = new_uuid_v7();
  r.strategy = "sma_cross";
  r.parameters_json = R"({"fast":"5","slow":"20"})";
  r.symbol = "BTCUSDT";
  r.timeframe = "1m";
  r.data_source = "binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz";
  r.fee_bps = Decimal::from_int(10);
  r.created_at = parse_iso8601("2026-01-02T03:04:05.123456Z");
  r.result = &run->result;
  r.metrics = &run->metrics;
  r.instrument = &run->instrument;
  return run;
}

std::unique_ptr<Run> run_sma_cross_journaled(Store& store, bool resend) {
  auto run = run_sma_cross();  // the description; its result is replaced below
  BacktestRecord& r = run->record;
  r.id = new_uuid_v7();
  r.result = nullptr;
  r.metrics = nullptr;
  r.initial_cash = Decimal::from_int(10'000);
  std::unique_ptr<BacktestWriter> writer = store.begin_backtest(r);
  std::optional<TwiceJournal> twice;
  if (resend) twice.emplace(*writer);
  StrategyParams params;
  params.set_from_text("fast=5");
  params.set_from_text("slow=20");
  auto strategy = make_strategy("sma_cross", params);
  BacktestConfig config;
  config.instrument = run->instrument;
  config.venue.taker_fee_bps = Decimal::from_int(10);
  run->result = run_backtest(config, run->series.bars, *strategy, {},
                             twice ? static_cast<Journal*>(&*twice) : writer.get());
  run->metrics = compute_metrics(run->result);
  r.result = &run->result;
  r.metrics = &run->metrics;
  writer->finish(r);
  return run;
}

using BacktestStore = BackendTest;

// Rows of one backtest as text, in a fixed order, for comparing two runs' rows.
std::vector<std::string> rows_of(SqlConnection& c, const Uuid& backtest, const std::string& sql) {
  const SqlValue id[] = {backtest};
  std::vector<std::string> out;
  for (const SqlRow& row : c.query(sql, id).rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i] ? *row[i] : std::string("NULL");
      line += '|';
    }
    out.push_back(line);
  }
  return out;
}

TEST_P(BacktestStore, AJournaledRunStoresTheRowsOfTheFinishedResult) {
  const auto whole = run_sma_cross();
  store_->save_backtest(whole->record);
  const auto streamed = run_sma_cross_journaled(*store_);
  EXPECT_TRUE(streamed->result.orders.empty()) << "a journaled run keeps no orders";
  EXPECT_EQ(streamed->result.tally.orders, whole->result.orders.size());
  EXPECT_EQ(streamed->result.tally.fills, whole->result.fills.size());

  // Same orders, fills, positions, events and equity; ids differ (new UUIDs per run), so
  // compare what the rows say and how they link.
  const std::string orders =
      "SELECT client_order_id, side, order_type, status, quantity, quote_quantity, "
      "filled_quantity, avg_fill_price, fees, created_at, completed_at, filled_at, "
      "position_id IS NULL FROM orders WHERE backtest_id = $1 ORDER BY created_at, "
      "client_order_id";
  const std::string trades =
      "SELECT t.side, t.price, t.quantity, t.fee, t.pnl, t.executed_at, o.client_order_id, "
      "p.opened_at, p.status FROM trades t JOIN orders o ON o.id = t.order_id "
      "LEFT JOIN positions p ON p.id = t.position_id WHERE t.backtest_id = $1 "
      "ORDER BY t.executed_at, o.client_order_id";
  const std::string positions =
      "SELECT side, entry_price, exit_price, quantity, pnl, realized_pnl, fees, status, "
      "opened_at, closed_at, mark_price, unrealized_pnl FROM positions WHERE backtest_id = $1 "
      "ORDER BY opened_at";
  const std::string events =
      "SELECT o.client_order_id, e.seq, e.from_status, e.to_status, e.kind, e.at "
      "FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.backtest_id = $1 "
      "ORDER BY o.client_order_id, e.seq";
  const std::string figures =
      "SELECT start_date, end_date, final_equity, total_trades, win_rate, max_drawdown, "
      "results FROM backtests WHERE id = $1";
  for (const std::string* q : {&orders, &trades, &positions, &events, &figures}) {
    const auto a = rows_of(sql(), whole->record.id, *q);
    const auto b = rows_of(sql(), streamed->record.id, *q);
    EXPECT_FALSE(a.empty()) << *q;
    EXPECT_EQ(a, b) << *q;
  }
  // The equity curve: every bar (no sampling in either run).
  const std::string equity =
      "SELECT time, equity FROM equity_curve WHERE backtest_id = $1 ORDER BY time";
  EXPECT_EQ(rows_of(sql(), whole->record.id, equity), rows_of(sql(), streamed->record.id, equity));
  const SqlValue id[] = {streamed->record.id};
  EXPECT_EQ(
      row_text(sql().query("SELECT status FROM bot_runs WHERE backtest_id = $1", id).rows.at(0), 0),
      "stopped");
}

TEST_P(BacktestStore, AReSentEventFillOrOrderIsStoredOnce) {
  const auto once = run_sma_cross_journaled(*store_);
  const auto twice = run_sma_cross_journaled(*store_, /*resend=*/true);
  for (const char* table : {"orders", "trades"}) {
    EXPECT_EQ(count(table, "backtest_id = '" + once->record.id.to_string() + "'"),
              count(table, "backtest_id = '" + twice->record.id.to_string() + "'"))
        << table;
  }
  const auto events = [&](const Uuid& id) {
    return count("order_events e JOIN orders o ON o.id = e.order_id",
                 "o.backtest_id = '" + id.to_string() + "'");
  };
  EXPECT_GT(events(once->record.id), 0);
  EXPECT_EQ(events(once->record.id), events(twice->record.id));
}

TEST_P(BacktestStore, AWriterDroppedBeforeFinishStoresNothing) {
  {
    auto run = run_sma_cross();
    run->record.initial_cash = Decimal::from_int(10'000);
    std::unique_ptr<BacktestWriter> writer = store_->begin_backtest(run->record);
    StrategyParams params;
    params.set_from_text("fast=5");
    params.set_from_text("slow=20");
    auto strategy = make_strategy("sma_cross", params);
    BacktestConfig config;
    config.instrument = run->instrument;
    run_backtest(config, run->series.bars, *strategy, {}, writer.get());
    // e.g. the metrics failed: the writer goes without finish().
  }
  for (const char* table :
       {"backtests", "bot_runs", "orders", "order_events", "trades", "positions", "equity_curve"}) {
    EXPECT_EQ(count(table), 0) << table;
  }
}

// Decisions go through the writer as the run takes them: every decision is a row, written
// before the orders it sent (orders.decision_id references it), across more than one chunk
// of 4,096 decisions (the two days twice over, the second copy two days later: 5,760 bars).
TEST_P(BacktestStore, AJournaledRunStoresEveryDecisionAndLinksEveryOrderToIt) {
  auto run = run_sma_cross();
  std::vector<Bar> bars = run->series.bars;
  const std::int64_t two_days = 2 * 86'400 * kNanosPerSecond;
  for (Bar b : run->series.bars) {
    b.open_time = Timestamp::from_ns(b.open_time.ns + two_days);
    b.close_time = Timestamp::from_ns(b.close_time.ns + two_days);
    bars.push_back(b);
  }
  run->record.initial_cash = Decimal::from_int(10'000);
  std::unique_ptr<BacktestWriter> writer = store_->begin_backtest(run->record);
  StrategyParams params;
  params.set_from_text("fast=5");
  params.set_from_text("slow=20");
  auto strategy = make_strategy("sma_cross", params);
  BacktestConfig config;
  config.instrument = run->instrument;
  config.decisions = writer.get();
  config.decision_recording = DecisionRecording::All;
  run->result = run_backtest(config, bars, *strategy, {}, writer.get());
  run->metrics = compute_metrics(run->result);
  run->record.result = &run->result;
  run->record.metrics = &run->metrics;
  const SavedBacktest saved = writer->finish(run->record);

  EXPECT_EQ(saved.decisions, bars.size() - 19);  // one a bar once the slow window is full
  const std::string of_run = "backtest_id = '" + run->record.id.to_string() + "'";
  EXPECT_EQ(count("trade_decisions", of_run), static_cast<std::int64_t>(saved.decisions));
  ASSERT_GT(saved.orders, 0u);
  EXPECT_EQ(count("orders", of_run + " AND decision_id IS NULL"), 0);
  // BUY orders come from BUY decisions, SELL from SELL, each at its decision's time.
  EXPECT_EQ(count("orders o JOIN trade_decisions d ON d.id = o.decision_id",
                  "o." + of_run + " AND d.action = o.side AND d.timestamp = o.created_at"),
            static_cast<std::int64_t>(saved.orders));

  // The run lies inside June 2025: one strategy_performance window, the whole run, so its
  // figures are the run's own (trades, win rate, the daily Sharpe ratio to 4 places).
  EXPECT_EQ(saved.windows, 1u);
  const SqlValue id[] = {run->record.id};
  const SqlRow w = sql()
                       .query(
                           "SELECT total_trades, win_rate, sharpe_ratio, max_drawdown, "
                           "window_start, window_end FROM strategy_performance WHERE "
                           "backtest_id = $1",
                           id)
                       .rows.at(0);
  EXPECT_EQ(row_int(w, 0), run->metrics.total_trades);
  EXPECT_EQ(row_decimal(w, 1), run->metrics.win_rate);
  ASSERT_TRUE(run->metrics.sharpe_ratio.has_value());
  EXPECT_NEAR(row_decimal(w, 2).to_double(), *run->metrics.sharpe_ratio, 0.00005);
  EXPECT_LE(row_decimal(w, 3), run->metrics.max_drawdown);  // day ends see less than bars
  EXPECT_EQ(row_time(w, 4), run->result.start);
  EXPECT_EQ(row_time(w, 5), run->result.end);
}

// A chunk refused by the database on the writer's thread (a confidence above 1 breaks
// trade_decisions' CHECK) surfaces from finish() as the database's error, and the run's
// transaction keeps nothing.
TEST_P(BacktestStore, ARowRefusedOnTheWritersThreadFailsTheRunAndStoresNothing) {
  auto run = run_sma_cross();
  run->record.initial_cash = Decimal::from_int(10'000);
  {
    std::unique_ptr<BacktestWriter> writer = store_->begin_backtest(run->record);
    TradeDecision bad;
    bad.id = new_uuid_v7();
    bad.at = run->series.bars.front().close_time;
    bad.action = DecisionAction::Hold;
    bad.confidence = Decimal::parse("1.5");
    writer->on_decision(bad);
    StrategyParams params;
    params.set_from_text("fast=5");
    params.set_from_text("slow=20");
    auto strategy = make_strategy("sma_cross", params);
    BacktestConfig config;
    config.instrument = run->instrument;
    run->result = run_backtest(config, run->series.bars, *strategy, {}, writer.get());
    run->metrics = compute_metrics(run->result);
    run->record.result = &run->result;
    run->record.metrics = &run->metrics;
    EXPECT_THROW(writer->finish(run->record), SqlError);
  }
  for (const char* table : {"backtests", "bot_runs", "orders", "trade_decisions", "trades"}) {
    EXPECT_EQ(count(table), 0) << table;
  }
}

TEST_P(BacktestStore, WritesEveryOrderTransitionFillAndEquityPoint) {
  const auto run = run_sma_cross();
  ASSERT_GT(run->result.fills.size(), 4u) << "the run must trade for this test to mean much";
  const SavedBacktest s = store_->save_backtest(run->record);

  EXPECT_EQ(count("backtests"), 1);
  EXPECT_EQ(count("orders"), static_cast<std::int64_t>(run->result.orders.size()));
  EXPECT_EQ(count("order_events"), static_cast<std::int64_t>(run->result.order_events.size()));
  EXPECT_EQ(count("trades"), static_cast<std::int64_t>(run->result.fills.size()));
  EXPECT_EQ(count("equity_curve"), static_cast<std::int64_t>(run->result.equity_curve.size()));
  EXPECT_EQ(count("positions", "status = 'CLOSED'"),
            static_cast<std::int64_t>(run->result.round_trips.size()));
  EXPECT_EQ(s.trades, run->result.fills.size());

  // References: the run points at its strategy, bot, configuration and bot run.
  const SqlValue id[] = {run->record.id};
  const SqlRow bt = sql()
                        .query(
                            "SELECT b.strategy_id, b.bot_id, s.name, r.status, r.mode "
                            "FROM backtests b JOIN strategies s ON s.id = b.strategy_id "
                            "JOIN bot_runs r ON r.backtest_id = b.id WHERE b.id = $1",
                            id)
                        .rows.at(0);
  EXPECT_EQ(Uuid::parse(row_text(bt, 0)), s.strategy_id);
  EXPECT_EQ(Uuid::parse(row_text(bt, 1)), s.bot_id);
  EXPECT_EQ(row_text(bt, 2), "sma_cross");
  EXPECT_EQ(row_text(bt, 3), "stopped");
  EXPECT_EQ(row_text(bt, 4), "backtest");
}

TEST_P(BacktestStore, ReadsBackEveryDecimalToTheLastDigit) {
  const auto run = run_sma_cross();
  store_->save_backtest(run->record);
  const SqlValue id[] = {run->record.id};

  const SqlRow m = sql()
                       .query(
                           "SELECT final_equity, max_drawdown, avg_win, avg_loss, win_rate "
                           "FROM backtests WHERE id = $1",
                           id)
                       .rows.at(0);
  EXPECT_EQ(row_decimal(m, 0), run->metrics.final_equity);
  EXPECT_EQ(row_decimal(m, 1), run->metrics.max_drawdown);
  EXPECT_EQ(row_decimal(m, 2), run->metrics.avg_win);
  EXPECT_EQ(row_decimal(m, 3), run->metrics.avg_loss);
  EXPECT_EQ(row_decimal(m, 4), run->metrics.win_rate);

  const SqlResult fills = sql().query(
      "SELECT id, price, quantity, fee, executed_at FROM trades ORDER BY executed_at, id");
  ASSERT_EQ(fills.rows.size(), run->result.fills.size());
  Decimal fees;
  for (std::size_t i = 0; i < fills.rows.size(); ++i) {
    const Fill& f = run->result.fills[i];
    EXPECT_EQ(Uuid::parse(row_text(fills.rows[i], 0)), f.id);
    EXPECT_EQ(row_decimal(fills.rows[i], 1), f.price);
    EXPECT_EQ(row_decimal(fills.rows[i], 2), f.quantity);
    EXPECT_EQ(row_decimal(fills.rows[i], 3), f.fee);
    EXPECT_EQ(row_time(fills.rows[i], 4), f.executed_at);
    fees += row_decimal(fills.rows[i], 3);
  }
  EXPECT_EQ(fees, run->result.total_fees);

  const SqlResult eq =
      sql().query("SELECT time, equity FROM equity_curve WHERE backtest_id = $1 ORDER BY time", id);
  ASSERT_EQ(eq.rows.size(), run->result.equity_curve.size());
  for (std::size_t i = 0; i < eq.rows.size(); ++i) {
    ASSERT_EQ(row_time(eq.rows[i], 0), run->result.equity_curve[i].at) << i;
    ASSERT_EQ(row_decimal(eq.rows[i], 1), run->result.equity_curve[i].equity) << i;
  }
}

TEST_P(BacktestStore, StoresOrderStateTransitionsInOrder) {
  const auto run = run_sma_cross();
  store_->save_backtest(run->record);
  const Order& first = run->result.orders.front();
  const SqlValue id[] = {first.id};
  const SqlResult ev = sql().query(
      "SELECT seq, from_status, to_status FROM order_events WHERE order_id = $1 ORDER BY seq", id);
  std::vector<std::string> path;
  for (const OrderEvent& e : run->result.order_events) {
    if (e.order_id == first.id) path.emplace_back(to_string(e.to));
  }
  ASSERT_EQ(ev.rows.size(), path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    EXPECT_EQ(row_int(ev.rows[i], 0), static_cast<std::int64_t>(i));
    EXPECT_EQ(row_text(ev.rows[i], 2), path[i]);
  }
  EXPECT_EQ(path.back(), "FILLED");
}

TEST_P(BacktestStore, ReusesStrategyBotAndConfigurationAcrossRunsOfTheSameParameters) {
  auto a = run_sma_cross();
  auto b = run_sma_cross();
  const SavedBacktest sa = store_->save_backtest(a->record);
  const SavedBacktest sb = store_->save_backtest(b->record);
  EXPECT_EQ(sa.strategy_id, sb.strategy_id);
  EXPECT_EQ(sa.bot_id, sb.bot_id);
  EXPECT_EQ(sa.configuration_id, sb.configuration_id);
  EXPECT_NE(sa.run_id, sb.run_id);
  EXPECT_EQ(count("bot_configurations"), 1);
  EXPECT_EQ(count("bot_runs"), 2);
}

TEST_P(BacktestStore, WritesNothingWhenAnyPartFails) {
  const auto run = run_sma_cross();
  store_->save_backtest(run->record);
  const std::int64_t orders = count("orders");
  // The same run again: its id is taken, so the whole second write must vanish.
  run->record.result = &run->result;
  EXPECT_THROW(store_->save_backtest(run->record), Error);
  EXPECT_EQ(count("backtests"), 1);
  EXPECT_EQ(count("orders"), orders);
  EXPECT_EQ(count("bot_runs"), 1);
}

TALON_ON_BOTH_BACKENDS(BacktestStore);

}  // namespace
}  // namespace talon::test
