#pragma once
// A real HTTP/1.1 file server on 127.0.0.1 (Boost.Beast) for the download tests: serves a
// directory laid out as data.binance.vision, honours "Range: bytes=N-" with 206 answers,
// and can cut a response short to test resuming. One connection at a time; stops in its
// destructor.

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace talon::test {

class HttpTestServer {
 public:
  struct Request {
    std::string target;
    std::string range;  ///< Range header ("" when absent)
  };

  explicit HttpTestServer(std::filesystem::path root)
      : root_(std::move(root)), acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { serve(); });
  }
  ~HttpTestServer() {
    stop_ = true;
    boost::system::error_code ec;
    // Wake the blocking accept with a connection of our own.
    boost::asio::ip::tcp::socket s(ioc_);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), port_}, ec);
    thread_.join();
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// The next response for `target` sends its headers (full length) but only `bytes` of the
  /// body, then closes the connection.
  void cut_next(const std::string& target, std::size_t bytes) {
    std::lock_guard lock(mu_);
    cuts_[target] = bytes;
  }

  std::vector<Request> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  void serve() {
    namespace http = boost::beast::http;
    while (!stop_) {
      boost::asio::ip::tcp::socket sock(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(sock, ec);
      if (ec || stop_) break;
      boost::beast::flat_buffer buf;
      http::request<http::string_body> req;
      http::read(sock, buf, req, ec);
      if (ec) continue;
      const std::string target(req.target());
      const std::string range(req[http::field::range]);
      std::size_t cut = SIZE_MAX;
      {
        std::lock_guard lock(mu_);
        requests_.push_back({target, range});
        if (auto it = cuts_.find(target); it != cuts_.end()) {
          cut = it->second;
          cuts_.erase(it);
        }
      }
      const std::filesystem::path file = root_ / target.substr(1);
      if (target.find("..") != std::string::npos || !std::filesystem::is_regular_file(file)) {
        http::response<http::string_body> res{http::status::not_found, 11};
        res.body() = "not found";
        res.prepare_payload();
        http::write(sock, res, ec);
        continue;
      }
      std::ifstream in(file, std::ios::binary);
      const std::string body((std::istreambuf_iterator<char>(in)), {});
      std::size_t from = 0;
      if (range.rfind("bytes=", 0) == 0) from = std::stoull(range.substr(6));
      if (from > body.size() || (from == body.size() && from > 0)) {
        http::response<http::empty_body> res{http::status::range_not_satisfiable, 11};
        res.set(http::field::content_range, "bytes */" + std::to_string(body.size()));
        res.content_length(0);
        http::write(sock, res, ec);
        continue;
      }
      const std::string part = body.substr(from);
      std::string head = from > 0 ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
      head += "Content-Type: application/zip\r\nContent-Length: " + std::to_string(part.size()) +
              "\r\n";
      if (from > 0) {
        head += "Content-Range: bytes " + std::to_string(from) + "-" +
                std::to_string(body.size() - 1) + "/" + std::to_string(body.size()) + "\r\n";
      }
      head += "Connection: close\r\n\r\n";
      boost::asio::write(sock, boost::asio::buffer(head), ec);
      boost::asio::write(sock, boost::asio::buffer(part.data(), std::min(cut, part.size())), ec);
      sock.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }
  }

  std::filesystem::path root_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::map<std::string, std::size_t> cuts_;
  std::vector<Request> requests_;
};

}  // namespace talon::test
