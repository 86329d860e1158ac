#include <gtest/gtest.h>

#include <talon/core/error.hpp>
#include <talon/net/query_string.hpp>

namespace talon::net {
namespace {

TEST(QueryString, KeepsTheOrderAndEncodesLikeBinance) {
  QueryString q;
  q.add("symbol", "LTCBTC").add("price", "0.1").add("note", "a b/c");
  EXPECT_EQ(q.str(), "symbol=LTCBTC&price=0.1&note=a%20b%2Fc");
}

TEST(QueryString, PercentEncodesNonAsciiUtf8UpperCase) {
  // Binance REST API, signed request example with the symbol "１２３４５６".
  EXPECT_EQ(url_encode("\xEF\xBC\x91\xEF\xBC\x92"), "%EF%BC%91%EF%BC%92");
}

TEST(QueryString, ParsesAndDecodes) {
  const auto p = parse_query("a=1&b=x%2By+z&&c");
  ASSERT_EQ(p.size(), 3U);
  EXPECT_EQ(p[0].first, "a");
  EXPECT_EQ(p[1].second, "x+y z");
  EXPECT_EQ(p[2].first, "c");
  EXPECT_EQ(p[2].second, "");
  EXPECT_THROW(url_decode("%4"), ParseError);
  EXPECT_THROW(url_decode("%zz"), ParseError);
}

}  // namespace
}  // namespace talon::net
