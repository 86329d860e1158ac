#pragma once
// application/x-www-form-urlencoded query strings and bodies, in the order the parameters
// were added (Binance signs the exact bytes sent, so the order matters: Binance REST API,
// "SIGNED (TRADE and USER_DATA) Endpoint security").

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace talon::net {

/// Percent-encodes `text` as Binance's REST examples do: unreserved characters
/// (A-Z a-z 0-9 - _ . ~) stay, every other byte becomes %XX with upper-case hex (UTF-8
/// bytes of non-ASCII text one by one; Binance REST API, "Signed request example",
/// non-ASCII symbol).
std::string url_encode(std::string_view text);

/// Decodes %XX escapes and '+' (as space). Throws ParseError naming the position of a
/// malformed escape.
std::string url_decode(std::string_view text);

/// Ordered name=value parameters.
class QueryString {
 public:
  /// Appends name=value (both encoded by url_encode on output).
  QueryString& add(std::string_view name, std::string_view value);
  /// "a=1&b=2"; empty when there are no parameters.
  std::string str() const;
  bool empty() const noexcept { return params_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& params() const noexcept {
    return params_;
  }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

/// Splits "a=1&b=2" into decoded (name, value) pairs in their order. Throws ParseError for a
/// malformed escape.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view text);

}  // namespace talon::net
