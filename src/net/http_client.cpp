#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

#include <talon/net/http_client.hpp>

namespace talon::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

}  // namespace

struct HttpClient::Impl {
  std::string host;
  std::string port;
  bool tls = false;
  HttpClientOptions options;
  asio::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*secure) : *plain; }
  bool connected() const { return tls ? secure.has_value() : plain.has_value(); }

  void close() {
    beast::error_code ec;
    if (plain) plain->socket().shutdown(tcp::socket::shutdown_both, ec);
    if (secure) beast::get_lowest_layer(*secure).socket().shutdown(tcp::socket::shutdown_both, ec);
    plain.reset();
    secure.reset();
    buffer.clear();
  }

  // Runs the queued asynchronous operation to completion. Beast's stream deadlines
  // (expires_after) apply to asynchronous operations only, hence async calls run here.
  void wait() {
    ioc.restart();
    ioc.run();
  }

  void connect() {
    close();
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    const auto results = resolver.resolve(host, port, ec);
    if (ec) throw NetworkError(fmt::format("cannot resolve {}: {}", host, ec.message()));
    if (tls) {
      secure.emplace(ioc, ctx);
      if (!SSL_set_tlsext_host_name(secure->native_handle(), host.c_str()))
        throw NetworkError(fmt::format("cannot set TLS SNI for {}", host));
      secure->set_verify_callback(ssl::host_name_verification(host));
    } else {
      plain.emplace(ioc);
    }
    lowest().expires_after(options.timeout);
    lowest().async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    wait();
    if (ec) {
      close();
      throw NetworkError(fmt::format("cannot connect to {}:{}: {}", host, port, ec.message()));
    }
    if (tls) {
      lowest().expires_after(options.timeout);
      secure->async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
      wait();
      if (ec) {
        close();
        throw NetworkError(fmt::format("TLS handshake with {} failed: {}", host, ec.message()));
      }
    }
  }

  // One exchange on the current connection; `answered` tells whether an answer was read.
  HttpResponse exchange(const http::request<http::string_body>& req, bool& answered) {
    beast::error_code ec;
    auto done = [&](beast::error_code e, std::size_t) { ec = e; };
    lowest().expires_after(options.timeout);
    if (tls) {
      http::async_write(*secure, req, done);
    } else {
      http::async_write(*plain, req, done);
    }
    wait();
    if (ec) throw NetworkError(fmt::format("cannot send to {}: {}", host, ec.message()));
    http::response<http::string_body> res;
    lowest().expires_after(options.timeout);
    if (tls) {
      http::async_read(*secure, buffer, res, done);
    } else {
      http::async_read(*plain, buffer, res, done);
    }
    wait();
    if (ec) throw NetworkError(fmt::format("no answer from {}: {}", host, ec.message()));
    answered = true;
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res)
      out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    out.content_type = std::string(res[http::field::content_type]);
    out.body = std::move(res.body());
    if (!res.keep_alive()) close();
    return out;
  }
};

HttpClient::HttpClient(const std::string& base_url, HttpClientOptions options)
    : impl_(std::make_unique<Impl>()) {
  std::string_view rest = base_url;
  if (rest.rfind("https://", 0) == 0) {
    impl_->tls = true;
    rest.remove_prefix(8);
  } else if (rest.rfind("http://", 0) == 0) {
    rest.remove_prefix(7);
  } else {
    throw InvalidArgument("base URL must start with http:// or https://: " + base_url);
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty() || rest.find('/') != std::string_view::npos)
    throw InvalidArgument("base URL must be scheme://host[:port] without a path: " + base_url);
  const auto colon = rest.rfind(':');
  impl_->host = std::string(rest.substr(0, colon));
  impl_->port = colon == std::string_view::npos ? (impl_->tls ? "443" : "80")
                                                : std::string(rest.substr(colon + 1));
  impl_->options = std::move(options);
  if (impl_->tls) {
    impl_->ctx.set_default_verify_paths();
    impl_->ctx.set_verify_mode(ssl::verify_peer);
  }
}

HttpClient::~HttpClient() = default;

const std::string& HttpClient::host() const noexcept {
  return impl_->host;
}

HttpResponse HttpClient::send(const HttpRequest& request) {
  http::request<http::string_body> req;
  req.method_string(request.method);
  req.target(request.query.empty() ? request.path : request.path + "?" + request.query);
  req.version(11);
  req.set(http::field::host, impl_->host);
  req.set(http::field::user_agent, impl_->options.user_agent);
  for (const auto& [k, v] : request.headers) req.set(k, v);
  req.body() = request.body;
  req.keep_alive(true);
  req.prepare_payload();
  const bool idempotent =
      request.method == "GET" || request.method == "PUT" || request.method == "DELETE";
  for (int attempt = 0;; ++attempt) {
    if (!impl_->connected()) impl_->connect();
    bool answered = false;
    try {
      return impl_->exchange(req, answered);
    } catch (const NetworkError&) {
      impl_->close();
      // A kept-alive connection the server closed meanwhile fails at once: one retry on a
      // new connection, for idempotent requests only.
      if (answered || attempt > 0 || !idempotent) throw;
    }
  }
}

}  // namespace talon::net
