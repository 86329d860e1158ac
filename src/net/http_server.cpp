#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include <talon/core/error.hpp>
#include <talon/net/http_server.hpp>

namespace talon::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

class WsSession;

// The open WebSocket clients and what answers their messages (the I/O thread only, except
// count(), which other threads may read).
struct WsRegistry {
  HttpServer::WsHandler handler;
  std::vector<std::weak_ptr<WsSession>> sessions;
  mutable std::mutex mu;  ///< guards `sessions` for count()
  std::size_t count() const;
};

// A WebSocket upgraded from HTTP: reads the client's messages (answered through the
// registry's handler) and writes queued frames one at a time.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(beast::tcp_stream stream, WsRegistry& registry)
      : ws_(std::move(stream)), registry_(registry) {}

  void start(http::request<http::string_body> req) {
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept(req, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      {
        std::lock_guard lock(self->registry_.mu);
        self->registry_.sessions.push_back(self);
      }
      self->read();
    });
  }

  void send(std::string text) {
    queue_.push_back(std::move(text));
    if (queue_.size() == 1) write();
  }

  std::set<std::string> topics;

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      const std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      std::string reply;
      try {
        reply = self->registry_.handler(self->topics, text);
      } catch (const std::exception&) {
        reply = R"({"code":-1000,"msg":"internal error"})";
      }
      if (!reply.empty()) self->send(std::move(reply));
      self->read();
    });
  }

  void write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return;
                      self->queue_.pop_front();
                      if (!self->queue_.empty()) self->write();
                    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  WsRegistry& registry_;
};

std::size_t WsRegistry::count() const {
  std::lock_guard lock(mu);
  std::size_t n = 0;
  for (const auto& w : sessions) n += !w.expired();
  return n;
}

// One connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpServer::Handler& handler, std::atomic<std::uint64_t>& count,
          WsRegistry& ws)
      : stream_(std::move(socket)), handler_(handler), count_(count), ws_(ws) {}

  void start() { read(); }

 private:
  void read() {
    req_ = {};
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, req_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->answer();
                     });
  }

  void answer() {
    if (ws_.handler && websocket::is_upgrade(req_)) {
      std::make_shared<WsSession>(std::move(stream_), ws_)->start(std::move(req_));
      return;
    }
    HttpRequest in;
    in.method = std::string(req_.method_string());
    const std::string_view target = req_.target();
    const auto q = target.find('?');
    in.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) in.query = std::string(target.substr(q + 1));
    in.body = req_.body();
    for (const auto& f : req_)
      in.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    HttpResponse out;
    try {
      out = handler_(in);
    } catch (const std::exception& e) {
      out.status = 500;
      out.body = fmt::format(R"({{"code":-1000,"msg":"internal error: {}"}})", "handler failed");
      (void)e;
    }
    ++count_;
    res_ = {};
    res_.version(req_.version());
    res_.result(static_cast<unsigned>(out.status));
    res_.set(http::field::server, "talon-exchange-sim");
    res_.set(http::field::content_type, out.content_type);
    for (const auto& [k, v] : out.headers) res_.set(k, v);
    res_.body() = std::move(out.body);
    res_.keep_alive(req_.keep_alive());
    res_.prepare_payload();
    http::async_write(stream_, res_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (!self->res_.keep_alive()) {
                          beast::error_code ignored;
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                          return;
                        }
                        self->read();
                      });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
  const HttpServer::Handler& handler_;
  std::atomic<std::uint64_t>& count_;
  WsRegistry& ws_;
};

}  // namespace

struct HttpServer::Impl {
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  asio::steady_timer timer{ioc};
  Handler handler;
  Tick tick;
  std::chrono::milliseconds period{0};
  std::thread thread;
  std::atomic<std::uint64_t> count{0};
  std::uint16_t port = 0;
  WsRegistry ws;

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;  // closed
      std::make_shared<Session>(std::move(socket), handler, count, ws)->start();
      accept();
    });
  }

  void schedule() {
    timer.expires_after(period);
    timer.async_wait([this](beast::error_code ec) {
      if (ec) return;
      tick();
      schedule();
    });
  }
};

HttpServer::HttpServer(std::uint16_t port, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  beast::error_code ec;
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw Error(fmt::format("cannot listen on 127.0.0.1:{}: {}", port, ec.message()));
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->accept();
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::set_tick(std::chrono::milliseconds period, Tick tick) {
  impl_->period = period;
  impl_->tick = std::move(tick);
  if (impl_->tick && period.count() > 0) impl_->schedule();
}

void HttpServer::start() {
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

void HttpServer::run() {
  impl_->ioc.run();
}

void HttpServer::stop() {
  if (!impl_) return;
  asio::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->timer.cancel();
  });
  impl_->ioc.stop();
  // From a handler or tick (the I/O thread itself) there is nothing to join.
  if (impl_->thread.joinable() && impl_->thread.get_id() != std::this_thread::get_id())
    impl_->thread.join();
}

void HttpServer::set_websocket(WsHandler handler) {
  impl_->ws.handler = std::move(handler);
}

void HttpServer::publish(const std::string& topic, const std::string& message) {
  std::vector<std::shared_ptr<WsSession>> live;
  {
    std::lock_guard lock(impl_->ws.mu);
    auto& v = impl_->ws.sessions;
    v.erase(std::remove_if(v.begin(), v.end(), [](const auto& w) { return w.expired(); }), v.end());
    for (const auto& w : v)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  for (const auto& s : live)
    if (s->topics.count(topic) != 0) s->send(message);
}

std::size_t HttpServer::websocket_clients() const {
  return impl_->ws.count();
}

std::uint16_t HttpServer::port() const noexcept {
  return impl_->port;
}
std::uint64_t HttpServer::requests() const noexcept {
  return impl_->count.load();
}

}  // namespace talon::net
