// Order round trips through talon's Binance adapter against the loopback exchange on
// 127.0.0.1, and tick to order (a streamed trade in, an order acknowledged):
// SpotExecutionClient::submit (build and HMAC-sign the query, rate-limiter check, HTTP POST over a
// kept-alive connection, the simulator's order manager and venue, the JSON answer parsed,
// OrderAccepted queued) and cancel (DELETE, OrderCancelled), each timed alone; p50 and p99 in
// microseconds as counters.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <talon/binance/market_stream.hpp>
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

// Tick to order: the loopback exchange streams a trade per bar (a bar every 5 ms) over
// WebSocket; talon's MarketStream parses it on its network thread and stamps ts_init; this
// thread drains the queue and sends a signed LIMIT order through the adapter for each trade.
// Latency = the exchange's acknowledgment received − ts_init (queue hop, order built and
// signed, HTTP round trip, the simulator's order manager). p50/p99 in microseconds.
void BM_BinanceTickToOrderLoopback(benchmark::State& state) {
  const Instrument btc = *find_builtin_instrument("BTCUSDT");
  binance::SimExchangeConfig c;
  c.instrument = btc;
  for (int i = 0; i < 100000; ++i) {
    Bar b;
    b.open = b.high = b.low = b.close = Decimal::from_int(100000);
    b.volume = Decimal::from_int(10);
    b.interval_ns = kNanosPerMinute;
    c.bars.push_back(b);
  }
  c.bar_period_ns = 5 * kNanosPerMilli;
  c.balance = Decimal::from_int(1000000000);
  binance::SimExchange exchange(std::move(c), wall());
  std::mutex mu;
  net::HttpServer server(0, [&](const net::HttpRequest& r) {
    std::lock_guard lock(mu);
    return exchange.handle(r, wall());
  });
  server.set_websocket([&](std::set<std::string>& topics, std::string_view m) {
    std::lock_guard lock(mu);
    return exchange.on_stream_request(topics, m);
  });
  server.set_tick(std::chrono::milliseconds(1), [&] {
    std::lock_guard lock(mu);
    exchange.advance(wall());
    for (const auto& [topic, message] : exchange.take_stream_messages())
      server.publish(topic, message);
  });
  server.start();
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  binance::SpotClientConfig cc;
  cc.base_url = base;
  cc.limits.safety_percent = 100;
  for (auto& l : cc.limits.limits) l.limit = 1'000'000'000;
  binance::SpotExecutionClient client(btc, "KEY", binance::Signer::hmac("SECRET"), cc);
  ReportQueue queue;
  client.set_report_sink(&queue);
  client.connect();
  binance::MarketStream stream("ws://127.0.0.1:" + std::to_string(server.port()) + "/ws",
                               binance::Market::Spot, {"btcusdt@trade"});
  stream.start();
  std::vector<MarketEvent> events;
  std::vector<double> us;
  std::int64_t n = 0;
  for (auto _ : state) {
    events.clear();
    while (events.empty()) stream.drain(events);
    const auto* trade = std::get_if<TradeTick>(&events.back());
    if (trade == nullptr) {
      state.SkipWithError("not a trade");
      break;
    }
    Order o;
    o.client_order_id = ClientOrderId("t2o-" + std::to_string(n++));
    o.symbol = "BTCUSDT";
    o.instrument = btc.id();
    o.type = OrderType::Limit;
    o.price = Decimal::from_int(50000);
    o.quantity = Decimal::parse("0.001");
    client.submit(o, wall());
    const Timestamp acked = wall();
    queue.drain([](const ExecutionReport&) {});
    const double latency = static_cast<double>(acked.ns - trade->ts_init.ns) / 1e3;
    us.push_back(latency);
    state.SetIterationTime(latency / 1e6);
  }
  stream.stop();
  server.stop();
  state.counters["tick_to_ack_p50_us"] = percentile(us, 0.50);
  state.counters["tick_to_ack_p99_us"] = percentile(us, 0.99);
}
BENCHMARK(BM_BinanceTickToOrderLoopback)
    ->UseManualTime()
    ->Iterations(1000)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace talon
