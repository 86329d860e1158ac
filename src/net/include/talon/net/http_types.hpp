#pragma once
// Plain HTTP request and response values shared by talon's client and server (no Beast types
// in public headers).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace talon::net {

struct HttpRequest {
  std::string method{};  ///< "GET", "POST", "PUT", "DELETE"
  std::string path{};    ///< target path without the query, e.g. "/api/v3/order"
  std::string query{};   ///< raw query string after '?', not decoded; "" when none
  std::string body{};
  std::vector<std::pair<std::string, std::string>> headers{};

  /// The first header named `name` (case-insensitive), or "" when absent.
  std::string_view header(std::string_view name) const noexcept;
};

struct HttpResponse {
  int status = 200;
  std::string body{};
  std::string content_type = "application/json;charset=UTF-8";
  std::vector<std::pair<std::string, std::string>> headers{};

  std::string_view header(std::string_view name) const noexcept;
};

}  // namespace talon::net
