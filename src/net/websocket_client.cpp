#include <fmt/format.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <talon/core/error.hpp>
#include <talon/net/http_client.hpp>
#include <talon/net/websocket_client.hpp>

namespace talon::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

}  // namespace

std::chrono::milliseconds reconnect_delay(const WebSocketOptions& o, int failures) noexcept {
  auto d = o.backoff_initial;
  for (int i = 1; i < failures && d < o.backoff_max; ++i) d *= 2;
  return std::min(d, o.backoff_max);
}

struct WebSocketClient::Impl {
  std::string host, port, target;
  bool tls = false;
  WebSocketOptions options;
  OnMessage on_message;
  std::vector<std::string> subscriptions;

  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  asio::io_context* live_ioc = nullptr;  ///< the running session's context (under mu)

  std::atomic<bool> is_connected{false};
  std::atomic<std::size_t> connects{0}, stale{0}, received{0};

  using Plain = websocket::stream<beast::tcp_stream>;
  using Secure = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

  // One connection: handshakes, subscriptions, then reads until it fails, goes stale or
  // stop() closes it. Throws NetworkError when it cannot connect.
  template <class Ws>
  void session(asio::io_context& ioc, Ws& ws) {
    beast::error_code ec;
    // Runs the queued operations; stop() stops the context under `mu`, so a stop between
    // two steps is seen here and never lost to the restart.
    auto wait = [&] {
      {
        std::lock_guard lock(mu);
        if (stopping) throw NetworkError("stopped");
        ioc.restart();
      }
      ioc.run();
    };
    tcp::resolver resolver(ioc);
    const auto results = resolver.resolve(host, port, ec);
    if (ec) throw NetworkError(fmt::format("cannot resolve {}: {}", host, ec.message()));
    auto& tcp_layer = beast::get_lowest_layer(ws);
    tcp_layer.expires_after(options.timeout);
    tcp_layer.async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    wait();
    if (ec)
      throw NetworkError(fmt::format("cannot connect to {}:{}: {}", host, port, ec.message()));
    if constexpr (std::is_same_v<Ws, Secure>) {
      if (!SSL_set_tlsext_host_name(ws.next_layer().native_handle(), host.c_str()))
        throw NetworkError("cannot set TLS SNI");
      ws.next_layer().set_verify_callback(ssl::host_name_verification(host));
      tcp_layer.expires_after(options.timeout);
      ws.next_layer().async_handshake(ssl::stream_base::client,
                                      [&](beast::error_code e) { ec = e; });
      wait();
      if (ec)
        throw NetworkError(fmt::format("TLS handshake with {} failed: {}", host, ec.message()));
    }
    tcp_layer.expires_never();
    ws.set_option(websocket::stream_base::timeout{
        std::chrono::duration_cast<std::chrono::seconds>(options.timeout) + std::chrono::seconds(1),
        websocket::stream_base::none(), false});
    ws.async_handshake(host + ":" + port, target, [&](beast::error_code e) { ec = e; });
    wait();
    if (ec)
      throw NetworkError(fmt::format("WebSocket handshake with {} failed: {}", host, ec.message()));
    for (const std::string& s : subscriptions) {
      ws.async_write(asio::buffer(s), [&](beast::error_code e, std::size_t) { ec = e; });
      wait();
      if (ec) throw NetworkError(fmt::format("cannot subscribe on {}: {}", host, ec.message()));
    }
    ++connects;
    is_connected = true;

    // Reads, with a timer that closes the socket when nothing arrived for stale_after.
    beast::flat_buffer buffer;
    Clock::time_point last = Clock::now();
    bool went_stale = false;
    asio::steady_timer timer(ioc);
    std::function<void()> arm = [&] {
      timer.expires_at(last + options.stale_after);
      timer.async_wait([&](beast::error_code e) {
        if (e) return;
        if (Clock::now() - last >= options.stale_after) {
          went_stale = true;
          beast::error_code ignored;
          beast::get_lowest_layer(ws).socket().close(ignored);
          return;
        }
        arm();
      });
    };
    std::function<void()> read = [&] {
      ws.async_read(buffer, [&](beast::error_code e, std::size_t) {
        if (e) {
          timer.cancel();
          return;
        }
        last = Clock::now();
        ++received;
        const auto data = buffer.cdata();
        on_message(std::string_view(static_cast<const char*>(data.data()), data.size()));
        buffer.consume(buffer.size());
        read();
      });
    };
    arm();
    read();
    try {
      wait();
    } catch (const NetworkError&) {
      // stop() came before the reads started
    }
    is_connected = false;
    if (went_stale) ++stale;
  }

  void loop() {
    int failures = 0;
    for (;;) {
      {
        std::lock_guard lock(mu);
        if (stopping) return;
      }
      asio::io_context ioc;
      {
        std::lock_guard lock(mu);
        live_ioc = &ioc;
      }
      bool connected_once = false;
      try {
        const std::size_t before = connects.load();
        if (tls) {
          ssl::context ctx(ssl::context::tls_client);
          ctx.set_default_verify_paths();
          ctx.set_verify_mode(ssl::verify_peer);
          Secure ws(ioc, ctx);
          session(ioc, ws);
        } else {
          Plain ws(ioc);
          session(ioc, ws);
        }
        connected_once = connects.load() > before;
      } catch (const std::exception&) {
        // Not connected: back off and try again.
      }
      {
        std::lock_guard lock(mu);
        live_ioc = nullptr;
      }
      failures = connected_once ? 1 : failures + 1;
      std::unique_lock lock(mu);
      cv.wait_for(lock, reconnect_delay(options, failures), [&] { return stopping; });
      if (stopping) return;
    }
  }
};

WebSocketClient::WebSocketClient(const std::string& url, WebSocketOptions options,
                                 OnMessage on_message)
    : impl_(std::make_unique<Impl>()) {
  std::string_view rest = url;
  if (rest.rfind("wss://", 0) == 0) {
    impl_->tls = true;
    rest.remove_prefix(6);
  } else if (rest.rfind("ws://", 0) == 0) {
    rest.remove_prefix(5);
  } else {
    throw InvalidArgument("WebSocket URL must start with ws:// or wss://: " + url);
  }
  const auto slash = rest.find('/');
  const std::string_view hostport = rest.substr(0, slash);
  impl_->target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  const auto colon = hostport.rfind(':');
  impl_->host = std::string(hostport.substr(0, colon));
  impl_->port = colon == std::string_view::npos ? (impl_->tls ? "443" : "80")
                                                : std::string(hostport.substr(colon + 1));
  if (impl_->host.empty()) throw InvalidArgument("WebSocket URL has no host: " + url);
  impl_->options = options;
  impl_->on_message = std::move(on_message);
}

WebSocketClient::~WebSocketClient() {
  stop();
}

void WebSocketClient::subscribe(std::string message) {
  impl_->subscriptions.push_back(std::move(message));
}

void WebSocketClient::start() {
  impl_->thread = std::thread([this] { impl_->loop(); });
}

void WebSocketClient::stop() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
    if (impl_->live_ioc != nullptr) impl_->live_ioc->stop();
  }
  impl_->cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
}

bool WebSocketClient::connected() const noexcept {
  return impl_->is_connected;
}
std::size_t WebSocketClient::connects() const noexcept {
  return impl_->connects;
}
std::size_t WebSocketClient::stale_reconnects() const noexcept {
  return impl_->stale;
}
std::size_t WebSocketClient::messages() const noexcept {
  return impl_->received;
}

}  // namespace talon::net
