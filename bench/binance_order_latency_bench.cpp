// Order round trips through talon's Binance adapter against the loopback exchange on
// 127.0.0.1: SpotExecutionClient::submit (build and HMAC-sign the query, rate-limiter check,
// HTTP POST over a kept-alive connection, the simulator's order manager and venue, the JSON
// answer parsed, OrderAccepted queued) and cancel (DELETE, OrderCancelled), each timed alone;
// p50 and p99 in microseconds as counters.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include <talon/binance/sim_exchange.hpp>
#include <talon/binance/spot_execution_client.hpp>
#include <talon/execution/report_queue.hpp>
#include <talon/net/http_server.hpp>

namespace talon {
namespace {

Timestamp wall() {
  return Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

void BM_BinanceOrderRoundTripLoopback(benchmark::State& state) {
  const Instrument btc = *find_builtin_instrument("BTCUSDT");
  binance::SimExchangeConfig c;
  c.instrument = btc;
  Bar b;
  b.open = b.high = b.low = b.close = Decimal::from_int(100000);
  b.volume = Decimal::from_int(10);
  c.bars = {b};
  c.balance = Decimal::from_int(100000000);
  c.api_key = "KEY";
  c.api_secret = "SECRET";
  binance::SimExchange exchange(std::move(c), wall());
  std::mutex mu;
  net::HttpServer server(0, [&](const net::HttpRequest& r) {
    std::lock_guard lock(mu);
    return exchange.handle(r, wall());
  });
  server.start();
  binance::SpotClientConfig cc;
  cc.base_url = "http://127.0.0.1:" + std::to_string(server.port());
  cc.limits.safety_percent = 100;
  for (auto& l : cc.limits.limits) l.limit = 1'000'000'000;  // measure, do not throttle
  binance::SpotExecutionClient client(btc, "KEY", binance::Signer::hmac("SECRET"), cc);
  ReportQueue queue;
  client.set_report_sink(&queue);
  client.connect();
  std::vector<double> submit_us, cancel_us;
  std::int64_t n = 0;
  for (auto _ : state) {
    Order o;
    o.client_order_id = ClientOrderId("lat-" + std::to_string(n++));
    o.symbol = "BTCUSDT";
    o.instrument = btc.id();
    o.type = OrderType::Limit;
    o.price = Decimal::from_int(50000);
    o.quantity = Decimal::parse("0.001");
    const auto t0 = std::chrono::steady_clock::now();
    client.submit(o, wall());
    const auto t1 = std::chrono::steady_clock::now();
    client.cancel(o, wall());
    const auto t2 = std::chrono::steady_clock::now();
    bool ok = true;
    queue.drain([&](const ExecutionReport& r) {
      ok = ok &&
           (std::holds_alternative<OrderAccepted>(r) || std::holds_alternative<OrderCancelled>(r));
    });
    if (!ok) state.SkipWithError("an order was not accepted and cancelled");
    submit_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    cancel_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
    state.SetIterationTime(std::chrono::duration<double>(t2 - t0).count());
  }
  state.counters["submit_p50_us"] = percentile(submit_us, 0.50);
  state.counters["submit_p99_us"] = percentile(submit_us, 0.99);
  state.counters["cancel_p50_us"] = percentile(cancel_us, 0.50);
  state.counters["cancel_p99_us"] = percentile(cancel_us, 0.99);
  server.stop();
}
BENCHMARK(BM_BinanceOrderRoundTripLoopback)
    ->UseManualTime()
    ->Iterations(2000)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace talon
