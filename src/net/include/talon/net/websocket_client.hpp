#pragma once
// A WebSocket client that stays subscribed: it connects on its own network thread, sends its
// subscriptions after every (re)connect, answers pings (Beast does), and reconnects with
// exponential back-off when the connection drops, fails, or goes stale (no message for
// `stale_after`: Binance's streams send data or pings continuously; a silent socket is
// dead even if TCP has not noticed). ws:// and wss:// (TLS, peer verified, SNI).
//
// Messages are handed to the callback on the network thread, in order; the callback must be
// quick and thread-safe towards its consumer (push into a queue the kernel drains).

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace talon::net {

struct WebSocketOptions {
  std::chrono::milliseconds timeout{10'000};       ///< connect, TLS and WebSocket handshakes
  std::chrono::milliseconds stale_after{30'000};   ///< no message this long: reconnect
  std::chrono::milliseconds backoff_initial{500};  ///< first retry delay; doubles per failure
  std::chrono::milliseconds backoff_max{30'000};   ///< ... up to this
};

/// Delay before reconnect attempt `failures` (1-based): initial × 2^(failures−1), capped.
std::chrono::milliseconds reconnect_delay(const WebSocketOptions& options, int failures) noexcept;

class WebSocketClient {
 public:
  using OnMessage = std::function<void(std::string_view message)>;

  /// `url`: ws://host:port/path or wss://host[:port]/path. Throws InvalidArgument otherwise.
  WebSocketClient(const std::string& url, WebSocketOptions options, OnMessage on_message);
  /// Stops and joins the network thread.
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  /// Adds a message sent after every connect, in the order added (a Binance SUBSCRIBE).
  /// Call before start().
  void subscribe(std::string message);
  /// Starts the network thread (connect, subscribe, read; reconnect on failure).
  void start();
  /// Closes the connection and joins the thread; safe to call twice.
  void stop();

  bool connected() const noexcept;
  /// Successful connects so far (1 + reconnects).
  std::size_t connects() const noexcept;
  /// Reconnects caused by a stale stream.
  std::size_t stale_reconnects() const noexcept;
  /// Messages received so far.
  std::size_t messages() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace talon::net
