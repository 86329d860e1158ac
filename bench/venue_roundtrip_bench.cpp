// Order submit → fill round trip through the order manager and the simulated exchange, in
// bar mode and in book mode. Each iteration times one round trip with steady_clock (about
// 20 ns of the figure is the clock itself); the median and 99th percentile of all
// iterations are reported as counters in nanoseconds.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include <talon/execution/order_manager.hpp>
#include <talon/execution/portfolio.hpp>
#include <talon/venue/book_venue.hpp>
#include <talon/venue/simulated_venue.hpp>

namespace talon {
namespace {

using Clock = std::chrono::steady_clock;

void report(benchmark::State& state, std::vector<double>& ns) {
  if (ns.empty()) return;
  std::sort(ns.begin(), ns.end());
  state.counters["median_ns"] = ns[ns.size() / 2];
  state.counters["p99_ns"] = ns[std::min(ns.size() - 1, ns.size() * 99 / 100)];
}

struct BarHarness {
  Instrument instrument = *find_builtin_instrument("BTCUSDT");
  Portfolio portfolio{Decimal::from_int(1'000'000'000)};
  SimulatedVenue venue{instrument, SimulatedVenueConfig{}};
  OrderManager om{instrument, portfolio, venue};
  ReportQueue reports;
  BarHarness() { venue.set_report_sink(&reports); }
  void deliver() {
    reports.drain([this](const ExecutionReport& r) { om.apply(r); });
  }
};

void BM_SubmitToFillRoundTripBarMode(benchmark::State& state) {
  auto h = std::make_unique<BarHarness>();
  Bar bar;
  bar.open = bar.high = bar.low = bar.close = Decimal::from_int(100'000);
  bar.volume = Decimal::from_int(1000);
  OrderRequest buy;
  buy.quantity = Decimal::parse("0.001");
  OrderRequest sell = buy;
  sell.side = OrderSide::Sell;
  std::vector<double> ns;
  ns.reserve(1 << 20);
  std::int64_t i = 0;
  for (auto _ : state) {
    if ((i & 4095) == 4095) {  // keep the order log small: a fresh harness now and then
      state.PauseTiming();
      h = std::make_unique<BarHarness>();
      state.ResumeTiming();
    }
    bar.open_time = Timestamp::from_seconds(60 * i);
    bar.close_time = Timestamp::from_seconds(60 * i + 59);
    const auto t0 = Clock::now();
    h->om.submit((i & 1) == 0 || h->portfolio.position_quantity().is_zero() ? buy : sell,
                 bar.open_time);
    process_event(h->venue, bar, h->reports, [&](const ExecutionReport& r) { h->om.apply(r); });
    const auto t1 = Clock::now();
    if (ns.size() < ns.capacity()) {
      ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    }
    ++i;
  }
  benchmark::DoNotOptimize(h->portfolio.cash());
  report(state, ns);
}
BENCHMARK(BM_SubmitToFillRoundTripBarMode);

struct BookHarness {
  BookHarness() {
    DepthSnapshot s;
    s.last_update_id = 1;
    s.levels = {{true, Decimal::from_int(99'999), Decimal::from_int(1'000'000)},
                {false, Decimal::from_int(100'001), Decimal::from_int(1'000'000)}};
    venue.load_snapshot(s);
    venue.set_report_sink(&reports);
  }
  Instrument instrument = *find_builtin_instrument("BTCUSDT");
  Portfolio portfolio{Decimal::from_int(1'000'000'000)};
  BookVenue venue{instrument, BookVenueConfig{}};
  OrderManager om{instrument, portfolio, venue};
  ReportQueue reports;
};

void BM_SubmitToFillRoundTripBookMode(benchmark::State& state) {
  auto h = std::make_unique<BookHarness>();
  OrderRequest buy;
  buy.quantity = Decimal::parse("0.001");
  OrderRequest sell = buy;
  sell.side = OrderSide::Sell;
  std::vector<double> ns;
  ns.reserve(1 << 20);
  std::int64_t i = 0;
  for (auto _ : state) {
    if ((i & 4095) == 4095) {
      state.PauseTiming();
      h = std::make_unique<BookHarness>();
      state.ResumeTiming();
    }
    const Timestamp t = Timestamp::from_ms(i);
    const auto t0 = Clock::now();
    h->om.submit((i & 1) == 0 || h->portfolio.position_quantity().is_zero() ? buy : sell, t);
    h->venue.advance_to(t);
    h->reports.drain([&](const ExecutionReport& r) { h->om.apply(r); });
    const auto t1 = Clock::now();
    if (ns.size() < ns.capacity()) {
      ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    }
    ++i;
  }
  benchmark::DoNotOptimize(h->portfolio.cash());
  report(state, ns);
}
BENCHMARK(BM_SubmitToFillRoundTripBookMode);

}  // namespace
}  // namespace talon
