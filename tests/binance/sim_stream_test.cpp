// The loopback exchange's WebSocket streams read by talon's MarketStream: the replayed bars
// arrive as closed klines and trades, in order, on the topics subscribed.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include <talon/binance/market_stream.hpp>
#include <talon/binance/sim_exchange.hpp>
#include <talon/net/http_server.hpp>

namespace talon::binance {
namespace {

using namespace std::chrono_literals;

Timestamp wall() {
  return Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

TEST(SimStream, ReplayedBarsArriveAsKlinesAndTrades) {
  SimExchangeConfig c;
  c.instrument = *find_builtin_instrument("BTCUSDT");
  for (int i = 0; i < 40; ++i) {
    Bar b;
    b.open = Decimal::from_int(100000 + i);
    b.high = Decimal::from_int(100100 + i);
    b.low = Decimal::from_int(99900 + i);
    b.close = Decimal::from_int(100050 + i);
    b.volume = Decimal::from_int(3);
    b.interval_ns = kNanosPerMinute;
    c.bars.push_back(b);
  }
  c.bar_period_ns = 50 * kNanosPerMilli;
  SimExchange exchange(std::move(c), wall());
  std::mutex mu;
  net::HttpServer server(0, [&](const net::HttpRequest& r) {
    std::lock_guard lock(mu);
    return exchange.handle(r, wall());
  });
  server.set_websocket([&](std::set<std::string>& topics, std::string_view m) {
    std::lock_guard lock(mu);
    return exchange.on_stream_request(topics, m);
  });
  server.set_tick(10ms, [&] {
    std::lock_guard lock(mu);
    exchange.advance(wall());
    for (const auto& [topic, message] : exchange.take_stream_messages())
      server.publish(topic, message);
  });
  server.start();
  MarketStream stream("ws://127.0.0.1:" + std::to_string(server.port()) + "/ws", Market::Spot,
                      {"btcusdt@kline_1m", "btcusdt@trade"});
  stream.start();
  std::vector<MarketEvent> events;
  for (int i = 0; i < 300 && events.size() < 10; ++i) {
    std::this_thread::sleep_for(10ms);
    stream.drain(events);
  }
  stream.stop();
  server.stop();
  ASSERT_GE(events.size(), 10U);
  EXPECT_EQ(stream.parse_errors(), 0U);
  // Pairs: a closed kline, then the trade at its close, bar after bar.
  std::int64_t last_open = -1;
  for (std::size_t i = 0; i + 1 < events.size(); i += 2) {
    const auto* bar = std::get_if<Bar>(&events[i]);
    const auto* trade = std::get_if<TradeTick>(&events[i + 1]);
    ASSERT_NE(bar, nullptr) << i;
    ASSERT_NE(trade, nullptr) << i;
    EXPECT_EQ(bar->instrument.to_string(), "BTCUSDT.BINANCE");
    EXPECT_EQ(trade->price, bar->close);
    EXPECT_EQ(bar->high - bar->open, Decimal::from_int(100));
    EXPECT_GT(bar->open_time.ns, last_open);
    last_open = bar->open_time.ns;
  }
}

TEST(SimStream, SubscriptionRequests) {
  SimExchangeConfig c;
  c.instrument = *find_builtin_instrument("BTCUSDT");
  Bar b;
  b.open = b.high = b.low = b.close = Decimal::from_int(1);
  c.bars = {b};
  SimExchange ex(std::move(c), wall());
  std::set<std::string> topics;
  EXPECT_EQ(ex.on_stream_request(topics,
                                 R"({"method":"SUBSCRIBE","params":["a@trade","b@trade"],"id":3})"),
            R"({"result":null,"id":3})");
  EXPECT_EQ(ex.on_stream_request(topics, R"({"method":"UNSUBSCRIBE","params":["a@trade"],"id":4})"),
            R"({"result":null,"id":4})");
  EXPECT_EQ(ex.on_stream_request(topics, R"({"method":"LIST_SUBSCRIPTIONS","id":5})"),
            R"({"result":["b@trade"],"id":5})");
  EXPECT_NE(ex.on_stream_request(topics, "nonsense").find("Invalid request"), std::string::npos);
}

}  // namespace
}  // namespace talon::binance
