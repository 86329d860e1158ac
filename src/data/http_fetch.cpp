#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

#include <talon/core/error.hpp>
#include <talon/data/http_fetch.hpp>

namespace talon {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A failure worth another attempt (network, 5xx); other errors are final.
struct Retryable : Error {
  using Error::Error;
};

struct Response {
  unsigned status = 0;
  std::uint64_t total = 0;  // size of the whole resource when known
};

// One GET. Body bytes go to `sink`; `offset` > 0 adds a Range header.
template <typename Sink>
Response get_once(const Url& url, std::uint64_t offset, const FetchOptions& opt, Sink&& sink) {
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::error_code ec;
  const auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (ec) throw Retryable(fmt::format("cannot resolve {}: {}", url.host, ec.message()));

  http::request<http::empty_body> req{http::verb::get, url.target, 11};
  req.set(http::field::host, url.host);
  req.set(http::field::user_agent, "talon/0.1 (" BOOST_BEAST_VERSION_STRING ")");
  if (offset > 0) req.set(http::field::range, fmt::format("bytes={}-", offset));

  auto run = [&](auto& stream) -> Response {
    beast::flat_buffer buffer;
    http::write(stream, req, ec);
    if (ec) throw Retryable(fmt::format("cannot send request: {}", ec.message()));
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(boost::none);
    http::read_header(stream, buffer, parser, ec);
    if (ec) throw Retryable(fmt::format("cannot read response header: {}", ec.message()));
    Response r;
    r.status = parser.get().result_int();
    const auto& h = parser.get().base();
    if (r.status == 200 && parser.content_length()) r.total = *parser.content_length();
    if (r.status == 206) {
      // "bytes <first>-<last>/<total>"
      const std::string cr(h[http::field::content_range]);
      unsigned long long first = 0, last = 0, total = 0;
      if (std::sscanf(cr.c_str(), "bytes %llu-%llu/%llu", &first, &last, &total) != 3 ||
          first != offset) {
        throw Error(fmt::format("server answered range {} to a request for bytes {}-", cr, offset));
      }
      r.total = total;
    }
    const bool body_wanted = r.status == 200 || r.status == 206;
    char chunk[1 << 16];
    while (!parser.is_done()) {
      parser.get().body().data = chunk;
      parser.get().body().size = sizeof chunk;
      http::read(stream, buffer, parser, ec);
      if (ec == http::error::need_buffer) ec = {};
      // Bytes that arrived before a failure are kept: the retry resumes after them.
      const std::size_t n = sizeof chunk - parser.get().body().size;
      if (body_wanted && n > 0) sink(r, chunk, n);
      if (ec) throw Retryable(fmt::format("connection lost in the body: {}", ec.message()));
    }
    return r;
  };

  if (url.scheme == "https") {
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
      throw Error(fmt::format("cannot set TLS server name {}", url.host));
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
    beast::get_lowest_layer(stream).expires_after(opt.timeout);
    beast::get_lowest_layer(stream).connect(endpoints, ec);
    if (ec)
      throw Retryable(fmt::format("cannot connect to {}:{}: {}", url.host, url.port, ec.message()));
    stream.handshake(asio::ssl::stream_base::client, ec);
    if (ec) throw Error(fmt::format("TLS handshake with {} failed: {}", url.host, ec.message()));
    return run(stream);
  }
  beast::tcp_stream stream(ioc);
  stream.expires_after(opt.timeout);
  stream.connect(endpoints, ec);
  if (ec)
    throw Retryable(fmt::format("cannot connect to {}:{}: {}", url.host, url.port, ec.message()));
  Response r = run(stream);
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return r;
}

}  // namespace

Url parse_url(std::string_view text) {
  Url u;
  std::string_view rest;
  if (text.substr(0, 7) == "http://") {
    u.scheme = "http";
    rest = text.substr(7);
  } else if (text.substr(0, 8) == "https://") {
    u.scheme = "https";
    rest = text.substr(8);
  } else {
    throw InvalidArgument(fmt::format("not an http(s) URL: '{}'", text));
  }
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    u.port = std::string(authority.substr(colon + 1));
    authority = authority.substr(0, colon);
  } else {
    u.port = u.scheme == "https" ? "443" : "80";
  }
  if (!authority.empty() && authority.front() == '[' && authority.back() == ']') {
    authority = authority.substr(1, authority.size() - 2);
  }
  u.host = std::string(authority);
  if (u.host.empty() || u.port.empty())
    throw InvalidArgument(fmt::format("URL without host: '{}'", text));
  return u;
}

FetchStatus fetch_to_file(const std::string& url_text, const std::filesystem::path& part,
                          const FetchOptions& opt) {
  const Url url = parse_url(url_text);
  std::string last_error;
  for (int attempt = 1; attempt <= std::max(1, opt.attempts); ++attempt) {
    std::error_code ec;
    std::uint64_t have =
        std::filesystem::exists(part, ec) ? std::filesystem::file_size(part, ec) : 0;
    std::optional<std::ofstream> out;
    bool started = false;
    try {
      const Response r =
          get_once(url, have, opt, [&](const Response& resp, const char* data, std::size_t n) {
            if (!started) {
              started = true;
              if (resp.status == 200) have = 0;  // the server ignored the Range: start over
              out.emplace(
                  part, std::ios::binary | (resp.status == 206 ? std::ios::app : std::ios::trunc));
              if (!*out) throw Error(fmt::format("{}: cannot write", part.string()));
            }
            out->write(data, static_cast<std::streamsize>(n));
            if (!*out) throw Error(fmt::format("{}: write failed", part.string()));
            have += n;
            if (opt.progress) opt.progress(have, resp.total);
          });
      if (r.status == 404) return FetchStatus::NotFound;
      if (r.status == 416 && have > 0) {
        // Range past the end: the part file is stale or complete; start over to be sure.
        out.reset();
        std::filesystem::remove(part, ec);
        last_error = "416 range not satisfiable";
        continue;
      }
      if (r.status >= 500) throw Retryable(fmt::format("HTTP {}", r.status));
      if (r.status != 200 && r.status != 206) {
        throw Error(fmt::format("{}: HTTP {}", url_text, r.status));
      }
      if (!started) {
        // Empty body: make sure the file exists (and is empty for a 200).
        std::ofstream touch(part,
                            std::ios::binary | (r.status == 206 ? std::ios::app : std::ios::trunc));
      }
      if (r.total > 0 && have != r.total) {
        throw Retryable(fmt::format("body ended at {} of {} bytes", have, r.total));
      }
      return FetchStatus::Complete;
    } catch (const Retryable& e) {
      last_error = e.what();
      if (out) out->flush();
      if (attempt < opt.attempts) std::this_thread::sleep_for(opt.retry_delay);
    }
  }
  throw Error(
      fmt::format("{}: download failed after {} attempts: {}", url_text, opt.attempts, last_error));
}

std::string fetch_text(const std::string& url_text, bool& found, const FetchOptions& opt) {
  const Url url = parse_url(url_text);
  std::string last_error;
  for (int attempt = 1; attempt <= std::max(1, opt.attempts); ++attempt) {
    std::string body;
    try {
      const Response r = get_once(url, 0, opt, [&](const Response&, const char* d, std::size_t n) {
        body.append(d, n);
        if (body.size() > (1u << 20))
          throw Error(fmt::format("{}: text larger than 1 MiB", url_text));
      });
      found = r.status != 404;
      if (!found) return {};
      if (r.status >= 500) throw Retryable(fmt::format("HTTP {}", r.status));
      if (r.status != 200) throw Error(fmt::format("{}: HTTP {}", url_text, r.status));
      return body;
    } catch (const Retryable& e) {
      last_error = e.what();
      if (attempt < opt.attempts) std::this_thread::sleep_for(opt.retry_delay);
    }
  }
  throw Error(
      fmt::format("{}: request failed after {} attempts: {}", url_text, opt.attempts, last_error));
}

}  // namespace talon
