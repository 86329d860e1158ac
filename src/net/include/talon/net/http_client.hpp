#pragma once
// A blocking HTTP/1.1 client on Boost.Beast, plain or TLS (OpenSSL, peer verified against the
// system's CA store, SNI set), with one kept-alive connection and a deadline on every
// connect, write and read. Used by the exchange adapters' REST clients on their network
// thread.
//
// Retries: a request that fails before any answer was read is retried once on a fresh
// connection only when it is idempotent (GET, PUT, DELETE: RFC 9110 §9.2.2); a POST is never
// resent, since it may have reached the exchange.

#include <chrono>
#include <memory>
#include <string>

#include <talon/core/error.hpp>
#include <talon/net/http_types.hpp>

namespace talon::net {

/// The network failed (resolve, connect, TLS, timeout, connection closed): no answer.
class NetworkError : public Error {
 public:
  using Error::Error;
};

struct HttpClientOptions {
  std::chrono::milliseconds timeout{10'000};  ///< per connect, write and read
  std::string user_agent = "talon/0.1";
};

class HttpClient {
 public:
  /// `base_url`: "http://127.0.0.1:8080" or "https://api.binance.com" (no path). Throws
  /// InvalidArgument for anything else. Nothing is connected until the first request.
  explicit HttpClient(const std::string& base_url, HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Sends `request` (path + query; headers added as given) and returns the answer, whatever
  /// its status. Throws NetworkError naming the host and the cause (never the request's
  /// query, which may carry a signature).
  HttpResponse send(const HttpRequest& request);

  const std::string& host() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace talon::net
