// The risk engine's cost: one order checked against every limit it knows (all configured at
// once, the order passing each so that none cuts the walk short), and sma_cross over
// 1,000,000 tiled real bars with the risk stage on, next to BM_BacktestSmaCross without it.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include <talon/engine/backtest.hpp>
#include <talon/execution/order_manager.hpp>
#include <talon/risk/risk_engine.hpp>
#include <talon/strategy/sma_cross.hpp>

#include "bench_data.hpp"

namespace talon {
namespace {

class Books final : public Account {
 public:
  void apply_fill(const Fill&, const Order&) override {}
  Decimal position(PositionSide) const override { return Decimal::parse("0.5"); }
  bool can_short() const override { return false; }
  Decimal available_quote() const override { return Decimal::from_int(10'000); }
};
class Silent final : public ExecutionClient {
 public:
  void set_report_sink(ReportSink*) override {}
  void submit(const Order&, Timestamp) override {}
};

RiskLimits every_limit() {
  RiskLimits l;
  for (
      const char* kv :
      {"max_position_size=10", "max_position_pct=1", "max_leverage=5", "max_daily_loss=1000",
       "max_drawdown=0.5", "max_open_positions=5", "max_order_size=1",
       R"(risk_rules={"symbol_caps": {"BTCUSDT": "10"}, "max_notional_per_side": "1000000", "max_orders_per_minute": 10})",
       "quoteAmount=1000", "maxTradesPerHour=100", "maxDailySpend=1000000000", "recvWindow=1000",
       "price_band_pct=0.05", "duplicate_window_ms=1000", "self_trade_prevention=true",
       "trading_hours=NYSE", "stop_loss_pct=0.02", "take_profit_pct=0.05"}) {
    set_limit(l, kv);
  }
  return l;
}

// Each check is timed alone (steady_clock around it): p50 and p99 counters, and the clock's
// own cost measured the same way (subtract it). An engine takes 600 checks 37 s apart from
// the NYSE open of Monday 2 June 2025 (6 h 10 min, inside the session; 97 in any hour, under
// maxTradesPerHour 100), then a fresh engine starts: every check passes every limit.
void BM_RiskCheckEveryLimit(benchmark::State& state) {
  const Instrument instrument = *find_builtin_instrument("BTCUSDT");
  Books books;
  Silent venue;
  OrderManager orders(instrument, books, venue);
  // Three resting orders for the self-trade, side-notional and position walks.
  for (const char* p : {"98", "97", "96"}) {
    OrderRequest r;
    r.type = OrderType::Limit;
    r.quantity = Decimal::parse("0.01");
    r.price = Decimal::parse(p);
    orders.submit(r, parse_iso8601("2025-06-02T13:30:00Z"));
  }
  KillSwitch kill;
  kill.engage("another-bot");
  const RiskLimits limits = every_limit();
  Order o;
  o.client_order_id = ClientOrderId("bench");
  o.type = OrderType::Limit;
  o.quantity = Decimal::parse("0.01");
  o.price = Decimal::parse("100");
  const Decimal last = Decimal::from_int(100);
  const Timestamp open = parse_iso8601("2025-06-02T13:30:00Z");
  constexpr int kPerEngine = 600;

  std::vector<std::int64_t> samples;
  samples.reserve(1 << 20);
  std::size_t refused = 0;
  std::optional<RiskEngine> engine;
  int n = kPerEngine;
  for (auto _ : state) {
    if (n == kPerEngine) {
      state.PauseTiming();
      engine.emplace(limits, &kill, "bench-bot", [](std::string_view) {});
      engine->on_start(open, Decimal::from_int(10'000));
      n = 0;
      state.ResumeTiming();
    }
    const RiskView view{Timestamp::from_ns(open.ns + n * 37 * kNanosPerSecond), last, &books,
                        &orders};
    const auto t0 = std::chrono::steady_clock::now();
    const RiskVerdict v = engine->evaluate(instrument, o, view);
    const auto t1 = std::chrono::steady_clock::now();
    refused += v.approved() ? 0 : 1;
    if (samples.size() < samples.capacity()) samples.push_back((t1 - t0).count());
    ++n;
  }
  std::vector<std::int64_t> clock;
  for (int i = 0; i < 100'000; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto t1 = std::chrono::steady_clock::now();
    clock.push_back((t1 - t0).count());
  }
  auto pct = [](std::vector<std::int64_t>& v, double p) {
    const std::size_t k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return static_cast<double>(v[k]);
  };
  state.counters["p50_ns"] = pct(samples, 0.50);
  state.counters["p99_ns"] = pct(samples, 0.99);
  state.counters["clock_ns"] = pct(clock, 0.50);
  state.counters["refused"] = static_cast<double>(refused);
}
BENCHMARK(BM_RiskCheckEveryLimit)->MinTime(2);

// sma_cross(10, 30) with the risk stage on (limits it never reaches, so the trades are the
// unguarded run's): the stage's cost per bar at the engine's throughput. Not max_drawdown:
// 3,800 round trips at 10 bps a side draw this run down by more than 99 %.
void BM_BacktestSmaCrossWithRisk(benchmark::State& state) {
  static const std::vector<Bar> data = bench::tiled_bars(1'000'000);
  BacktestConfig config;
  config.instrument = *find_builtin_instrument("BTCUSDT");
  config.initial_cash = Decimal::from_int(10'000);
  config.venue.taker_fee_bps = Decimal::from_int(10);
  config.equity_sample_ns = 60 * kNanosPerMinute;
  RiskLimits limits;
  for (const char* kv : {"max_daily_loss=1000000000", "max_order_size=1000",
                         "maxDailySpend=1000000000", "price_band_pct=1", "max_leverage=50"}) {
    set_limit(limits, kv);
  }
  std::size_t trades = 0;
  for (auto _ : state) {
    RiskEngine engine(limits, nullptr, "bench", [](std::string_view) {});
    config.risk = &engine;
    SmaCross strategy(10, 30);
    const BacktestResult r = run_backtest(config, data, strategy);
    trades = r.round_trips.size();
    benchmark::DoNotOptimize(r.final_equity);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.counters["round_trips"] = static_cast<double>(trades);
}
BENCHMARK(BM_BacktestSmaCrossWithRisk)->Unit(benchmark::kMillisecond)->MinTime(3);

}  // namespace
}  // namespace talon
