#include <strings.h>

#include <talon/net/http_types.hpp>

namespace talon::net {
namespace {

std::string_view find_header(const std::vector<std::pair<std::string, std::string>>& headers,
                             std::string_view name) noexcept {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return {};
}

}  // namespace

std::string_view HttpRequest::header(std::string_view name) const noexcept {
  return find_header(headers, name);
}

std::string_view HttpResponse::header(std::string_view name) const noexcept {
  return find_header(headers, name);
}

}  // namespace talon::net
