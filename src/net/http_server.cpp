#include <fmt/format.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include <talon/core/error.hpp>
#include <talon/net/http_server.hpp>

namespace talon::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// One connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpServer::Handler& handler, std::atomic<std::uint64_t>& count)
      : stream_(std::move(socket)), handler_(handler), count_(count) {}

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

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;  // closed
      std::make_shared<Session>(std::move(socket), handler, count)->start();
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

std::uint16_t HttpServer::port() const noexcept {
  return impl_->port;
}
std::uint64_t HttpServer::requests() const noexcept {
  return impl_->count.load();
}

}  // namespace talon::net
