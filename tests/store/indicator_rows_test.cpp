// `talon backtest --store-indicators` on both backends: a real run over two days of BTCUSDT
// 1m klines whose strategy declares RSI(14) and MACD(12, 26, 9); the stored rows must hold
// exactly the values the run computed (which equal TA-Lib's own output, checked here too),
// one row per ready value, none during warm-up, written with the run or not at all.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <talon/analytics/metrics.hpp>
#include <talon/data/kline_reader.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/strategy/strategy.hpp>

#include "backends.hpp"
#include "indicators/reference.hpp"
#include "test_data.hpp"

namespace talon::test {
namespace {

// Declares two indicators and never trades: the rows are what is under test.
class Declares final : public Strategy {
 public:
  void on_start(StrategyContext& ctx) override {
    ctx.indicator("RSI", {{"period", 14}});
    ctx.indicator("MACD", {{"fast", 12}, {"slow", 26}, {"signal", 9}});
  }
  void on_bar(StrategyContext&, const Bar&) override {}
};

struct Run {
  std::vector<Bar> bars;
  BacktestResult result;
  BacktestMetrics metrics;
  Instrument instrument;
  BacktestRecord record;
};

std::unique_ptr<Run> run_declaring() {
  auto run = std::make_unique<Run>();
  run->bars = read_klines(test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")).bars;
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  config.record_indicators = true;
  Declares strategy;
  run->result = run_backtest(config, run->bars, strategy);
  run->metrics = compute_metrics(run->result);
  run->instrument = config.instrument;
  BacktestRecord& r = run->record;
  r.id = new_uuid_v7();
  r.strategy = "declares";
  r.parameters_json = "{}";
  r.symbol = "BTCUSDT";
  r.timeframe = "1m";
  r.fee_bps = Decimal::from_int(10);
  r.created_at = parse_iso8601("2026-01-02T03:04:05.123456Z");
  r.result = &run->result;
  r.metrics = &run->metrics;
  r.instrument = &run->instrument;
  r.indicators = run->result.indicators;
  return run;
}

std::size_t ready_values(const std::vector<double>& v) {
  std::size_t n = 0;
  for (double x : v) n += std::isnan(x) ? 0 : 1;
  return n;
}

// Stored values are rounded to 12 fractional digits (NUMERIC(30,12)).
bool same_to_12_digits(double stored, double computed) {
  return std::fabs(stored - computed) <= 5e-13 + 4e-16 * std::fabs(computed);
}

using IndicatorRows = BackendTest;

TEST_P(IndicatorRows, OneRowPerReadyValueOfEveryOutputAndNoneDuringWarmUp) {
  const auto run = run_declaring();
  ASSERT_EQ(run->result.indicators.size(), 2u);
  const SavedBacktest s = store_->save_backtest(run->record);

  const IndicatorSeries& rsi = run->result.indicators[0];
  const IndicatorSeries& macd = run->result.indicators[1];
  const std::size_t rsi_rows = ready_values(rsi.values[0]);
  EXPECT_EQ(rsi_rows, run->bars.size() - 14) << "RSI(14) warms up on 14 bars";
  std::size_t total = rsi_rows;
  for (std::size_t k = 0; k < 3; ++k) {
    const std::size_t n = ready_values(macd.values[k]);
    EXPECT_EQ(count("technical_indicators",
                    fmt::format("indicator_name = 'MACD' AND output_name = '{}'", macd.outputs[k])),
              static_cast<std::int64_t>(n))
        << macd.outputs[k];
    total += n;
  }
  EXPECT_EQ(count("technical_indicators", "indicator_name = 'RSI' AND output_name = 'rsi'"),
            static_cast<std::int64_t>(rsi_rows));
  EXPECT_EQ(count("technical_indicators"), static_cast<std::int64_t>(total));
  EXPECT_EQ(s.indicator_values, total);

  // Warm-up stores nothing: the first RSI row is at the 15th bar's open time.
  const SqlValue first[] = {run->bars[14].open_time};
  EXPECT_EQ(row_int(sql()
                        .query("SELECT count(*) FROM technical_indicators WHERE indicator_name = "
                               "'RSI' AND timestamp < $1",
                               first)
                        .rows.at(0),
                    0),
            0);
}

TEST_P(IndicatorRows, StoredValuesEqualTheComputedOnesAndTaLibs) {
  const auto run = run_declaring();
  store_->save_backtest(run->record);
  const Reference ta = read_reference("RSI_14");
  const IndicatorSeries& rsi = run->result.indicators[0];
  const SqlValue id[] = {run->record.id};
  const SqlResult rows = sql().query(
      "SELECT timestamp, indicator_value, period, computed_by FROM technical_indicators "
      "WHERE backtest_id = $1 AND indicator_name = 'RSI' ORDER BY timestamp",
      id);
  ASSERT_EQ(rows.rows.size(), run->bars.size() - 14);
  for (std::size_t j = 0; j < rows.rows.size(); ++j) {
    const std::size_t i = j + 14;
    const SqlRow& row = rows.rows[j];
    EXPECT_EQ(row_time(row, 0), run->bars[i].open_time) << j;
    const double stored = std::stod(row_text(row, 1));
    EXPECT_TRUE(same_to_12_digits(stored, rsi.values[0][i]))
        << "bar " << i << ": " << row_text(row, 1) << " vs " << rsi.values[0][i];
    EXPECT_TRUE(std::fabs(stored - ta.values[0][i]) <= 1e-9 * std::fabs(ta.values[0][i]))
        << "bar " << i << " TA-Lib " << ta.values[0][i];
    EXPECT_EQ(row_int(row, 2), 14);
    EXPECT_EQ(row_text(row, 3), "engine");
  }
}

TEST_P(IndicatorRows, MacdRowsNameTheirOutputAndEveryParameter) {
  const auto run = run_declaring();
  store_->save_backtest(run->record);
  const char* q = is_pg() ? "SELECT DISTINCT output_name, (parameters->>'fast')::int, "
                            "(parameters->>'slow')::int, (parameters->>'signal')::int, period "
                            "FROM technical_indicators WHERE indicator_name = 'MACD' "
                            "ORDER BY output_name"
                          : "SELECT DISTINCT output_name, json_extract(parameters, '$.fast'), "
                            "json_extract(parameters, '$.slow'), "
                            "json_extract(parameters, '$.signal'), period "
                            "FROM technical_indicators WHERE indicator_name = 'MACD' "
                            "ORDER BY output_name";
  const SqlResult r = sql().query(q);
  ASSERT_EQ(r.rows.size(), 3u);
  const char* outputs[] = {"macd", "macdhist", "macdsignal"};
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(row_text(r.rows[k], 0), outputs[k]);
    EXPECT_EQ(row_int(r.rows[k], 1), 12);
    EXPECT_EQ(row_int(r.rows[k], 2), 26);
    EXPECT_EQ(row_int(r.rows[k], 3), 9);
    EXPECT_FALSE(r.rows[k][4].has_value()) << "MACD has no single period";
  }
}

IndicatorSeries handmade(std::vector<double> values) {
  IndicatorSeries s;
  s.name = "SMA";
  s.params = {{"period", 2}};
  s.outputs = {"sma"};
  const Timestamp t0 = parse_iso8601("2025-06-01T00:00:00Z");
  for (std::size_t i = 0; i < values.size(); ++i) {
    s.times.push_back(Timestamp::from_ns(t0.ns + static_cast<std::int64_t>(i) * kNanosPerMinute));
  }
  s.values = {std::move(values)};
  return s;
}

TEST_P(IndicatorRows, ValuesAreWrittenInFixedNotationRoundedToTwelveDecimals) {
  auto run = run_declaring();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<IndicatorSeries> series = {
      handmade({nan, 0.1, 1.0 / 3.0, -2e-13, 65432.123456789, -1234.5, 1e-300, 9.99e17})};
  run->record.indicators = series;
  store_->save_backtest(run->record);
  const SqlResult r = sql().query(
      "SELECT indicator_value FROM technical_indicators WHERE indicator_name = 'SMA' "
      "ORDER BY timestamp");
  ASSERT_EQ(r.rows.size(), 7u) << "the NaN (warm-up) is not a row";
  const double want[] = {0.1, 0.333333333333, 0, 65432.123456789, -1234.5, 0, 9.99e17};
  for (std::size_t i = 0; i < 7; ++i) {
    const std::string text = row_text(r.rows[i], 0);
    EXPECT_EQ(text.find_first_of("eE"), std::string::npos) << text;
    EXPECT_EQ(std::stod(text), want[i]) << i << ": " << text;
  }
}

TEST_P(IndicatorRows, AValueTooLargeForTheColumnWritesNothingOfTheRun) {
  auto run = run_declaring();
  const std::vector<IndicatorSeries> series = {handmade({1.0, 2.5e18})};
  run->record.indicators = series;
  try {
    store_->save_backtest(run->record);
    FAIL() << "2.5e18 does not fit NUMERIC(30,12)";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("SMA sma"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("2025-06-01T00:01:00"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count("backtests"), 0);
  EXPECT_EQ(count("technical_indicators"), 0);
}

TEST_P(IndicatorRows, ARunWithoutIndicatorsWritesNoRow) {
  auto run = run_declaring();
  run->record.indicators = {};
  const SavedBacktest s = store_->save_backtest(run->record);
  EXPECT_EQ(s.indicator_values, 0u);
  EXPECT_EQ(count("technical_indicators"), 0);
  EXPECT_EQ(count("backtests"), 1);
}

TALON_ON_BOTH_BACKENDS(IndicatorRows);

}  // namespace
}  // namespace talon::test
