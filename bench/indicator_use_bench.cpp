// Declared indicators in the engine and in the store: rsi_reversion (one declared RSI(14),
// read through the context each bar) over 1,000,000 real bars, with and without recording
// every value; and save_backtest of 250,000 recorded RSI values into technical_indicators
// (SQLite: prepared INSERT; PostgreSQL: COPY, with TALON_BENCH_PG_URL as in store_bench.cpp).

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <talon/analytics/metrics.hpp>
#include <talon/engine/backtest.hpp>
#include <talon/store/migrations.hpp>
#include <talon/store/store.hpp>
#include <talon/strategy/rsi_reversion.hpp>

#include "bench_data.hpp"

namespace talon {
namespace {

constexpr std::size_t kBars = 1'000'000;
constexpr std::size_t kStoredBars = 250'000;

const std::vector<Bar>& bars() {
  static const std::vector<Bar> b = bench::tiled_bars(kBars);
  return b;
}

BacktestConfig config_for(bool record) {
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  config.initial_cash = Decimal::from_int(10'000);
  config.venue.taker_fee_bps = Decimal::from_int(10);
  config.equity_sample_ns = 60 * kNanosPerMinute;
  config.record_indicators = record;
  return config;
}

// state.range(0): 1 = record every value (as --store-indicators), 0 = not.
void BM_BacktestRsiReversionDeclaredRsi(benchmark::State& state) {
  const auto& data = bars();
  const BacktestConfig config = config_for(state.range(0) != 0);
  for (auto _ : state) {
    RsiReversion strategy(14, 30, 70);
    const BacktestResult r = run_backtest(config, data, strategy);
    benchmark::DoNotOptimize(r.final_equity);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_BacktestRsiReversionDeclaredRsi)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

// Declares RSI(14) and never trades: the store cases then time the indicator rows (plus the
// few rows of the run itself), and PostgreSQL needs no clean-up of immutable trades.
class DeclaresRsi final : public Strategy {
 public:
  void on_start(StrategyContext& ctx) override { ctx.indicator("RSI", {{"period", 14}}); }
  void on_bar(StrategyContext&, const Bar&) override {}
};

// One run over the first kStoredBars bars, recorded, kept for the store cases.
struct StoredRun {
  BacktestResult result;
  BacktestMetrics metrics;
  Instrument instrument;
  std::size_t values = 0;
};

const StoredRun& stored_run() {
  static const StoredRun run = [] {
    StoredRun r;
    const std::span<const Bar> some(bars().data(), kStoredBars);
    DeclaresRsi strategy;
    r.result = run_backtest(config_for(true), some, strategy);
    r.metrics = compute_metrics(r.result);
    r.instrument = *find_builtin_instrument("BTCUSDT");
    r.values = kStoredBars - 14;
    return r;
  }();
  return run;
}

BacktestRecord record_of(const StoredRun& run) {
  BacktestRecord rec;
  rec.id = new_uuid_v7();
  rec.strategy = "rsi_reversion";
  rec.parameters_json = R"({"period":"14","lower":"30","upper":"70"})";
  rec.symbol = "BTCUSDT";
  rec.timeframe = "1m";
  rec.fee_bps = Decimal::from_int(10);
  rec.created_at = run.result.end;
  rec.result = &run.result;
  rec.metrics = &run.metrics;
  rec.instrument = &run.instrument;
  rec.indicators = run.result.indicators;
  return rec;
}

void remove_sqlite(const std::string& path) {
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
}

void BM_StoreBacktestWithIndicatorValuesSqlite(benchmark::State& state) {
  const StoredRun& run = stored_run();
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("talon_bench_ind_" + std::to_string(::getpid()) + ".db"))
                               .string();
  for (auto _ : state) {
    state.PauseTiming();
    remove_sqlite(path);
    auto store = open_store(path);
    const BacktestRecord rec = record_of(run);
    state.ResumeTiming();
    benchmark::DoNotOptimize(store->save_backtest(rec).indicator_values);
    state.PauseTiming();
    store.reset();
    remove_sqlite(path);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * run.values));
}
BENCHMARK(BM_StoreBacktestWithIndicatorValuesSqlite)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2)
    ->UseRealTime();

void BM_StoreBacktestWithIndicatorValuesPostgresql(benchmark::State& state) {
  const char* url = std::getenv("TALON_BENCH_PG_URL");
  if (url == nullptr || *url == '\0') {
    state.SkipWithError("set TALON_BENCH_PG_URL to a PostgreSQL database it may fill and empty");
    return;
  }
  const StoredRun& run = stored_run();
  migrate(*open_connection(url));
  auto store = open_store(url);
  for (auto _ : state) {
    state.PauseTiming();
    store->connection().execute_script("TRUNCATE technical_indicators");
    const BacktestRecord rec = record_of(run);
    state.ResumeTiming();
    benchmark::DoNotOptimize(store->save_backtest(rec).indicator_values);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * run.values));
}
BENCHMARK(BM_StoreBacktestWithIndicatorValuesPostgresql)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2)
    ->UseRealTime();

}  // namespace
}  // namespace talon
