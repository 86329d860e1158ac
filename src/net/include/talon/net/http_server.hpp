#pragma once
// A small HTTP/1.1 server for loopback tools and tests (Boost.Beast over Asio): keep-alive,
// one I/O thread, every handler call on that thread (so a handler needs no locking against
// itself or the periodic task). Binds 127.0.0.1 only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include <talon/net/http_types.hpp>

namespace talon::net {

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  using Tick = std::function<void()>;
  /// A WebSocket client's text message: may change that client's `topics`; returns the
  /// answer to send it ("" = none).
  using WsHandler =
      std::function<std::string(std::set<std::string>& topics, std::string_view message)>;

  /// Listens on 127.0.0.1:`port` (0 = any free port; see port()). Throws Error naming the
  /// port when it cannot bind.
  HttpServer(std::uint16_t port, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Runs `tick` every `period` on the I/O thread (call before start()).
  void set_tick(std::chrono::milliseconds period, Tick tick);
  /// Accepts WebSocket upgrades on any path (call before start()); without a handler an
  /// upgrade request goes to the HTTP handler like any other.
  void set_websocket(WsHandler handler);
  /// Sends `message` to every WebSocket client whose topics contain `topic`. I/O thread only
  /// (from the tick or a handler).
  void publish(const std::string& topic, const std::string& message);
  /// Open WebSocket clients.
  std::size_t websocket_clients() const;

  /// Starts the I/O thread.
  void start();
  /// Serves on the calling thread until stop() (for the command-line tool).
  void run();
  /// Stops serving and joins the I/O thread (unless called on it, from a handler or tick);
  /// safe to call twice.
  void stop();

  /// The bound port.
  std::uint16_t port() const noexcept;
  /// Requests answered so far.
  std::uint64_t requests() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace talon::net
