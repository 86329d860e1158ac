// The readers' fast decimal path must give exactly what Decimal::try_parse gives, or step
// aside for it.

#include <gtest/gtest.h>

#include <talon/data/archive.hpp>
#include <talon/data/kline_reader.hpp>

#include "../../src/data/csv_row.hpp"
#include "data_test_util.hpp"

namespace talon {
namespace {

TEST(FastDecimal, AgreesWithDecimalParseOnEdgeCases) {
  for (const char* t : {"0", "0.0", "1", "1.", ".5", "-1", "+1", "1e5", "00012.50000000",
                        "123456789012", "1234567890123", "0.123456789", "0.12345678",
                        "999999999999.99999999", "1.2.3", "1,5", "", "12a", "0.00000001"}) {
    const auto fast = detail::fast_decimal(t);
    const auto slow = Decimal::try_parse(t);
    if (fast) {
      ASSERT_TRUE(slow) << t;
      EXPECT_EQ(*fast, *slow) << t;
    }
  }
  EXPECT_FALSE(detail::fast_decimal("-1"));  // signs go to the general parser
  EXPECT_EQ(detail::fast_decimal("104591.88")->raw(), 10459188000000);
}

TEST(FastDecimal, AgreesWithDecimalParseOnEveryRealKlineField) {
  const std::string text =
      read_data_text(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")) +
      read_data_text(test::test_data("binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv"));
  std::size_t checked = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',' || text[i] == '\n') {
      const std::string_view f(text.data() + start, i - start);
      const auto fast = detail::fast_decimal(f);
      const auto slow = Decimal::try_parse(f);
      if (fast) {
        ASSERT_TRUE(slow) << f;
        ASSERT_EQ(*fast, *slow) << f;
        ++checked;
      }
      start = i + 1;
    }
  }
  // 2,880 rows x 5 prices and volumes, plus 10 ADABTC rows x 10 non-time fields (13-digit times
  // are left to the general parser).
  EXPECT_EQ(checked, 14500u);
}

}  // namespace
}  // namespace talon
