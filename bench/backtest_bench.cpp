// Backtest throughput (bars per second) of sma_cross through the whole engine, next to a
// hand-written loop of the same trading logic with no engine around it.

#include <benchmark/benchmark.h>

#include <cmath>

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

// state.range(0): spacing of the recorded equity curve in minutes (0 = every bar). Drawdown
// and daily statistics use every bar either way; only the stored curve differs.
void BM_BacktestSmaCross(benchmark::State& state) {
  const auto& data = bars();
  BacktestConfig config;
  config.equity_sample_ns = state.range(0) * kNanosPerMinute;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  config.initial_cash = Decimal::from_int(10'000);
  config.venue.taker_fee_bps = Decimal::from_int(10);
  std::size_t trades = 0;
  for (auto _ : state) {
    SmaCross strategy(10, 30);
    const BacktestResult r = run_backtest(config, data, strategy);
    trades = r.round_trips.size();
    benchmark::DoNotOptimize(r.final_equity);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.counters["bars"] = static_cast<double>(data.size());
  state.counters["round_trips"] = static_cast<double>(trades);
}
BENCHMARK(BM_BacktestSmaCross)
    ->Arg(0)
    ->Arg(60)
    ->ArgName("curve_minutes")
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3);

// The kernel's own cost per event: a strategy that does nothing, a venue with nothing to do.
// Each bar is seen twice (its open by the venue, its close by the strategy); with one source
// the close follows the open without a second trip through the queue.
void BM_KernelNoopStrategyPerBar(benchmark::State& state) {
  const auto& data = bars();
  const Instrument instrument = *find_builtin_instrument("BTCUSDT");
  struct Noop final : Strategy {
    void on_bar(StrategyContext&, const Bar&) override {}
  };
  for (auto _ : state) {
    SimulatedClock clock;
    Portfolio portfolio(Decimal::from_int(10'000));
    SimulatedVenue venue(instrument, SimulatedVenueConfig{});
    Kernel kernel(clock);
    Noop strategy;
    kernel.add_instrument(instrument, venue, portfolio, &strategy);
    kernel.add_source(std::make_unique<SpanSource<Bar>>(data, instrument.id(), "bars"));
    kernel.run();
    benchmark::DoNotOptimize(kernel.events());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.counters["ns_per_bar"] = benchmark::Counter(
      static_cast<double>(data.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_KernelNoopStrategyPerBar)->Unit(benchmark::kMillisecond)->MinTime(2);

// The same decisions in a bare loop over doubles: rolling sums, cross test, all-in buy at
// the next open with a 10 bps fee, sell all at the next open. A floor for what an engine
// could cost, not a product.
void BM_HandWrittenSmaCrossLoop(benchmark::State& state) {
  const auto& data = bars();
  std::vector<double> open(data.size()), close(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    open[i] = data[i].open.to_double();
    close[i] = data[i].close.to_double();
  }
  for (auto _ : state) {
    double fast_sum = 0, slow_sum = 0, cash = 10'000, qty = 0;
    int last_sign = 0, pending = 0;
    for (std::size_t i = 0; i < close.size(); ++i) {
      if (pending > 0) {
        qty = std::floor(cash / (open[i] * 1.001) * 1e5) / 1e5;
        cash -= qty * open[i] * 1.001;
      } else if (pending < 0) {
        cash += qty * open[i] * 0.999;
        qty = 0;
      }
      pending = 0;
      fast_sum += close[i];
      slow_sum += close[i];
      if (i >= 10) fast_sum -= close[i - 10];
      if (i >= 30) slow_sum -= close[i - 30];
      if (i + 1 < 30) continue;
      const double d = fast_sum / 10 - slow_sum / 30;
      const int sign = d > 0 ? 1 : (d < 0 ? -1 : 0);
      if (sign == 0) continue;
      if (last_sign != 0 && sign != last_sign)
        pending = (sign > 0 && qty == 0) ? 1 : (sign < 0 && qty > 0 ? -1 : 0);
      last_sign = sign;
    }
    benchmark::DoNotOptimize(cash);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * close.size()));
}
BENCHMARK(BM_HandWrittenSmaCrossLoop)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace talon
