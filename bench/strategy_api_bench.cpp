// The strategy API's cost per bar (a strategy that asks the context what a real one asks
// each bar, but trades nothing) and what recording decisions costs sma_cross. Same 1,000,000
// tiled real bars as backtest_bench.cpp's engine and hand-loop figures.

#include <benchmark/benchmark.h>

#include <talon/engine/backtest.hpp>
#include <talon/engine/kernel.hpp>
#include <talon/strategy/sma_cross.hpp>

#include "bench_data.hpp"

namespace talon {
namespace {

constexpr std::size_t kBars = 1'000'000;

const std::vector<Bar>& bars() {
  static const std::vector<Bar> b = bench::tiled_bars(kBars);
  return b;
}

// state.range(0): 0 = on_bar does nothing; 1 = it reads the clock, free cash, position, open
// orders, the current bar (bars_ago(0), 1 kept) and whether HOLDs are recorded; 2 = the same
// plus a 1h timeframe built from the stream and its latest closed bar read.
void BM_StrategyApiPerBar(benchmark::State& state) {
  const auto& data = bars();
  const Instrument instrument = *find_builtin_instrument("BTCUSDT");
  struct Asks final : Strategy {
    int level = 0;
    TimeframeRef hour;
    std::int64_t sink = 0;
    void on_start(StrategyContext& ctx) override {
      if (level >= 1) ctx.keep_bars(1);
      if (level >= 2) hour = ctx.timeframe(kNanosPerHour);
    }
    void on_bar(StrategyContext& ctx, const Bar&) override {
      if (level == 0) return;
      sink += ctx.now().ns;
      sink += ctx.free_cash().is_positive() ? 1 : 0;
      sink += ctx.position_quantity().is_zero() ? 1 : 0;
      sink += ctx.has_open_orders() ? 1 : 0;
      sink += ctx.bars_ago(0)->close.is_positive() ? 1 : 0;
      sink += ctx.records(DecisionAction::Hold) ? 1 : 0;
      if (level >= 2) sink += ctx.timeframe_bar(hour) != nullptr ? 1 : 0;
    }
  };
  for (auto _ : state) {
    SimulatedClock clock;
    Portfolio portfolio(Decimal::from_int(10'000));
    SimulatedVenue venue(instrument, SimulatedVenueConfig{});
    Kernel kernel(clock);
    Asks strategy;
    strategy.level = static_cast<int>(state.range(0));
    kernel.add_instrument(instrument, venue, portfolio, &strategy);
    kernel.add_source(std::make_unique<SpanSource<Bar>>(data, instrument.id(), "bars"));
    kernel.run();
    benchmark::DoNotOptimize(strategy.sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.counters["ns_per_bar"] = benchmark::Counter(
      static_cast<double>(data.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_StrategyApiPerBar)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("api")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2);

// Counts the decisions it is handed (a store would write them in batches after the run).
struct CountingSink final : DecisionSink {
  std::size_t n = 0;
  void on_decision(const TradeDecision& d) override { n += d.reasoning.empty() ? 0 : 1; }
};

// sma_cross(10, 30) through run_backtest with --decisions none (0), actions (1), all (2):
// `all` builds a HOLD decision (id, time, reasoning) on every bar.
void BM_BacktestSmaCrossDecisions(benchmark::State& state) {
  const auto& data = bars();
  BacktestConfig config;
  config.equity_sample_ns = 60 * kNanosPerMinute;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  config.initial_cash = Decimal::from_int(10'000);
  CountingSink sink;
  config.decisions = state.range(0) == 0 ? nullptr : &sink;
  config.decision_recording =
      state.range(0) == 2 ? DecisionRecording::All : DecisionRecording::Actions;
  for (auto _ : state) {
    SmaCross strategy(10, 30);
    const BacktestResult r = run_backtest(config, data, strategy);
    benchmark::DoNotOptimize(r.final_equity);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.counters["decisions_per_run"] =
      static_cast<double>(sink.n) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_BacktestSmaCrossDecisions)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("decisions")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3);

}  // namespace
}  // namespace talon
