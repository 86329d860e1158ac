// The WebSocket client against a small Beast WebSocket server on 127.0.0.1: messages in
// order, resubscription after a dropped connection, reconnect after a stale stream, back-off.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <functional>
#include <mutex>
#include <thread>

#include <talon/core/error.hpp>
#include <talon/net/websocket_client.hpp>

namespace talon::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using Ws = websocket::stream<tcp::socket>;

// Serves `connections` connections one after another: each sends one subscription message,
// which is recorded, then `serve(i, ws)` talks to it.
class WsServer {
 public:
  WsServer(int connections, std::function<void(int, Ws&)> serve)
      : acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this, connections, serve] {
      for (int i = 0; i < connections; ++i) {
        tcp::socket s(ioc_);
        acceptor_.accept(s);
        Ws ws(std::move(s));
        ws.accept();
        beast::flat_buffer b;
        ws.read(b);
        {
          std::lock_guard lock(mu_);
          subscriptions_.push_back(beast::buffers_to_string(b.data()));
        }
        serve(i, ws);
      }
      acceptor_.close();
    });
  }
  ~WsServer() { thread_.join(); }
  std::string url() const {
    return "ws://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/ws";
  }
  std::vector<std::string> subscriptions() {
    std::lock_guard lock(mu_);
    return subscriptions_;
  }

 private:
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> subscriptions_;
};

void send(Ws& ws, const std::string& text) {
  ws.write(asio::buffer(text));
}

// Drops the TCP connection without a close frame, as a network failure does.
void drop(Ws& ws) {
  beast::error_code ec;
  ws.next_layer().close(ec);
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 5s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

WebSocketOptions fast() {
  WebSocketOptions o;
  o.timeout = 2s;
  o.stale_after = 5s;
  o.backoff_initial = 20ms;
  o.backoff_max = 200ms;
  return o;
}

TEST(WebSocket, ReconnectsAfterADropAndResubscribes) {
  WsServer server(2, [](int i, Ws& ws) {
    for (int k = 0; k < 3; ++k) send(ws, "c" + std::to_string(i) + "m" + std::to_string(k));
    drop(ws);
  });
  std::mutex mu;
  std::vector<std::string> got;
  WebSocketClient client(server.url(), fast(), [&](std::string_view m) {
    std::lock_guard lock(mu);
    got.emplace_back(m);
  });
  client.subscribe(R"({"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1})");
  client.start();
  ASSERT_TRUE(eventually([&] { return client.messages() == 6; }));
  EXPECT_GE(client.connects(), 2U);
  client.stop();
  EXPECT_EQ(got, (std::vector<std::string>{"c0m0", "c0m1", "c0m2", "c1m0", "c1m1", "c1m2"}));
  const auto subs = server.subscriptions();
  ASSERT_EQ(subs.size(), 2U);
  EXPECT_EQ(subs[0], subs[1]);
  EXPECT_EQ(client.stale_reconnects(), 0U);
}

TEST(WebSocket, AStaleStreamIsClosedAndReconnected) {
  WsServer server(2, [](int i, Ws& ws) {
    send(ws, "hello" + std::to_string(i));
    if (i == 0) std::this_thread::sleep_for(600ms);  // then silence: stale after 200 ms
    drop(ws);
  });
  WebSocketOptions o = fast();
  o.stale_after = 200ms;
  WebSocketClient client(server.url(), o, [](std::string_view) {});
  client.subscribe("SUB");
  client.start();
  ASSERT_TRUE(eventually([&] { return client.messages() == 2; }));
  EXPECT_GE(client.stale_reconnects(), 1U);
  EXPECT_GE(client.connects(), 2U);
  client.stop();
}

TEST(WebSocket, BacksOffExponentiallyAndStopsWhileRetrying) {
  WebSocketOptions o;
  o.backoff_initial = 100ms;
  o.backoff_max = 1s;
  EXPECT_EQ(reconnect_delay(o, 1), 100ms);
  EXPECT_EQ(reconnect_delay(o, 2), 200ms);
  EXPECT_EQ(reconnect_delay(o, 4), 800ms);
  EXPECT_EQ(reconnect_delay(o, 9), 1s);
  std::uint16_t port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor probe(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }
  WebSocketClient client("ws://127.0.0.1:" + std::to_string(port) + "/", fast(),
                         [](std::string_view) {});
  client.start();
  std::this_thread::sleep_for(100ms);
  const auto t0 = std::chrono::steady_clock::now();
  client.stop();  // interrupts the back-off wait
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);
  EXPECT_EQ(client.connects(), 0U);
  EXPECT_THROW(WebSocketClient("http://x/", {}, [](std::string_view) {}), InvalidArgument);
}

}  // namespace
}  // namespace talon::net
