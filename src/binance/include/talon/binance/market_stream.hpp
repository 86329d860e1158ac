#pragma once
// Binance market data over WebSocket into talon's events: a WebSocketClient (its own network
// thread; resubscribes after every reconnect, reconnects stale streams) whose messages are
// parsed on that thread by the simdjson Parser and queued; the kernel's thread drains the
// queue between events (DESIGN.md: network I/O on its own threads, events to the loop
// through a queue).
//
// Subscription: {"method":"SUBSCRIBE","params":[<streams>],"id":1} after every connect
// (Binance "WebSocket Streams": Live Subscribing/Unsubscribing to streams), e.g. streams
// "btcusdt@trade", "btcusdt@depth@100ms", "btcusdt@kline_1m". Answers and unknown events are
// not events; malformed messages are counted by kind (parse_errors()) and never stop the
// stream.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <talon/binance/parser.hpp>
#include <talon/net/websocket_client.hpp>

namespace talon::binance {

/// Binance's stream endpoints (spot; USDⓈ-M is wss://fstream.binance.com/ws).
inline constexpr const char* kSpotStreamProduction = "wss://stream.binance.com:9443/ws";
inline constexpr const char* kSpotStreamTestnet = "wss://stream.testnet.binance.vision/ws";

/// The SUBSCRIBE request for `streams` with request id `id`.
std::string subscribe_request(const std::vector<std::string>& streams, int id = 1);

class MarketStream {
 public:
  /// Nothing connects until start(). Throws InvalidArgument for a bad URL or no streams.
  MarketStream(const std::string& url, Market market, std::vector<std::string> streams,
               net::WebSocketOptions options = {});
  ~MarketStream();
  MarketStream(const MarketStream&) = delete;
  MarketStream& operator=(const MarketStream&) = delete;

  void start();
  void stop();

  /// The consuming thread: appends every event received so far to `out`, oldest first,
  /// stamped ts_init = when it was received; returns how many.
  std::size_t drain(std::vector<MarketEvent>& out);
  /// Malformed messages so far (all kinds), and the first error of `kind`.
  std::size_t parse_errors() const;
  std::string first_error(std::string_view kind) const;
  const net::WebSocketClient& socket() const noexcept { return *socket_; }

 private:
  void on_message(std::string_view text);

  Parser parser_;  ///< used on the network thread only
  mutable std::mutex mu_;
  std::vector<MarketEvent> queue_;
  ParseErrorCounter errors_;  ///< a copy of the parser's, under mu_
  std::unique_ptr<net::WebSocketClient> socket_;
};

}  // namespace talon::binance
