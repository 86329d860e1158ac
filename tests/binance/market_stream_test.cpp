// Binance market data over a loopback WebSocket: subscribed on every connect, parsed on the
// network thread, drained in order on the consumer's thread, malformed messages counted.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <mutex>
#include <thread>

#include <talon/binance/market_stream.hpp>
#include <talon/core/error.hpp>

namespace talon::binance {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Ws = beast::websocket::stream<tcp::socket>;
using namespace std::chrono_literals;

std::string trade(int id) {
  return R"({"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255000,"s":"BTCUSDT","t":)" +
         std::to_string(id) +
         R"(,"p":"61000.5","q":"0.002","T":1723161255000,"m":false,"M":true}})";
}

TEST(MarketStream, TradesArriveInOrderAcrossAReconnect) {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  std::mutex mu;
  std::vector<std::string> subscriptions;
  std::thread server([&] {
    for (int c = 0; c < 2; ++c) {
      tcp::socket s(ioc);
      acceptor.accept(s);
      Ws ws(std::move(s));
      ws.accept();
      beast::flat_buffer b;
      ws.read(b);
      {
        std::lock_guard lock(mu);
        subscriptions.push_back(beast::buffers_to_string(b.data()));
      }
      const std::string ack = R"({"result":null,"id":1})";
      ws.write(asio::buffer(ack));
      for (int k = 0; k < 3; ++k) {
        const std::string m = trade(c * 10 + k);
        ws.write(asio::buffer(m));
      }
      if (c == 0) {
        const std::string bad = R"({"e":"trade","s":"BTCUSDT","t":1,"p":"x"})";
        ws.write(asio::buffer(bad));
      }
      beast::error_code ec;
      ws.next_layer().close(ec);  // drop
    }
  });
  net::WebSocketOptions o;
  o.backoff_initial = 20ms;
  MarketStream stream("ws://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/ws",
                      Market::Spot, {"btcusdt@trade"}, o);
  stream.start();
  std::vector<MarketEvent> events;
  for (int i = 0; i < 300 && events.size() < 6; ++i) {
    std::this_thread::sleep_for(10ms);
    stream.drain(events);
  }
  stream.stop();
  server.join();
  ASSERT_EQ(events.size(), 6U);
  const std::vector<std::int64_t> want{0, 1, 2, 10, 11, 12};
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& t = std::get<TradeTick>(events[i]);
    EXPECT_EQ(t.id, want[i]);
    EXPECT_EQ(t.price, Decimal::parse("61000.5"));
    EXPECT_EQ(t.instrument.to_string(), "BTCUSDT.BINANCE");
    EXPECT_GE(t.ts_init, t.at);
  }
  EXPECT_EQ(stream.parse_errors(), 1U);
  EXPECT_NE(stream.first_error("trade").find("\"p\""), std::string::npos);
  ASSERT_EQ(subscriptions.size(), 2U);
  EXPECT_EQ(subscriptions[0], R"({"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1})");
  EXPECT_EQ(subscriptions[1], subscriptions[0]);
}

TEST(MarketStream, RefusesBadStreamNames) {
  EXPECT_THROW(MarketStream("ws://127.0.0.1:1/ws", Market::Spot, {}), InvalidArgument);
  EXPECT_THROW(MarketStream("ws://127.0.0.1:1/ws", Market::Spot, {"a\"b"}), InvalidArgument);
  EXPECT_EQ(subscribe_request({"a@trade", "b@depth"}, 7),
            R"({"method":"SUBSCRIBE","params":["a@trade","b@depth"],"id":7})");
}

}  // namespace
}  // namespace talon::binance
