#pragma once
// A small HTTP/1.1 server for loopback tools and tests (Boost.Beast over Asio): keep-alive,
// one I/O thread, every handler call on that thread (so a handler needs no locking against
// itself or the periodic task). Binds 127.0.0.1 only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include <talon/net/http_types.hpp>

namespace talon::net {

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  using Tick = std::function<void()>;

  /// Listens on 127.0.0.1:`port` (0 = any free port; see port()). Throws Error naming the
  /// port when it cannot bind.
  HttpServer(std::uint16_t port, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Runs `tick` every `period` on the I/O thread (call before start()).
  void set_tick(std::chrono::milliseconds period, Tick tick);
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
