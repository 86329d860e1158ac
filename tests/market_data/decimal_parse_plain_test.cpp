// Decimal::parse_plain, the readers' fast path, must give exactly what the general parser
// (Decimal::parse) gives on every field of real kline files, or step aside for it.

#include <gtest/gtest.h>

#include <talon/data/archive.hpp>
#include <talon/data/kline_reader.hpp>

#include "data_test_util.hpp"

namespace talon {
namespace {

TEST(DecimalParsePlain, AgreesWithTheGeneralParserOnEveryRealKlineField) {
  const std::string text =
      read_data_text(test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz")) +
      read_data_text(test::test_data("binance_spot_ADABTC_1m_2021-11-27_rawformat_sample.csv"));
  std::size_t checked = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',' || text[i] == '\n') {
      const std::string_view f(text.data() + start, i - start);
      if (const auto fast = Decimal::parse_plain(f)) {
        ASSERT_EQ(*fast, Decimal::parse(f)) << f;
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
