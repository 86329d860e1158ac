// `talon indicators` prints TA-Lib's numbers: its CSV for RSI(14) over the real test bars
// equals TA-Lib's own output, with empty cells exactly during TA-Lib's warm-up.

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include <talon/app/indicators_command.hpp>
#include <talon/core/error.hpp>

#include "indicators/reference.hpp"

namespace talon {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(s);
  while (std::getline(in, cell, sep)) out.push_back(cell);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

TEST(IndicatorsCommand, CsvOfRsiEqualsTaLibRowForRowWithEmptyWarmupCells) {
  IndicatorsOptions o;
  o.data = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  o.name = "rsi";
  o.params = {"period=14"};
  std::ostringstream out;
  write_indicator_table(o, out);
  const test::Reference ref = test::read_reference("RSI_14");
  const std::vector<std::string> lines = split(out.str(), '\n');
  ASSERT_EQ(lines.size(), ref.open_time_ms.size() + 2);  // header, rows, final empty
  EXPECT_EQ(lines[0], "open_time,rsi");
  EXPECT_EQ(lines[1], "2025-06-01T00:00:00Z,");
  for (std::size_t i = 0; i < ref.open_time_ms.size(); ++i) {
    const auto cells = split(lines[i + 1], ',');
    ASSERT_EQ(cells.size(), 2u) << lines[i + 1];
    const double want = ref.values[0][i];
    if (std::isnan(want)) {
      EXPECT_TRUE(cells[1].empty()) << "bar " << i;
    } else {
      EXPECT_TRUE(test::within_1e9(std::stod(cells[1]), want))
          << "bar " << i << ": " << cells[1] << " vs " << want;
    }
  }
}

TEST(IndicatorsCommand, JsonHasOneObjectPerBarWithNullDuringWarmup) {
  IndicatorsOptions o;
  o.data = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  o.name = "MACD";
  o.format = "json";
  std::ostringstream out;
  write_indicator_table(o, out);
  const std::string s = out.str();
  EXPECT_EQ(s.rfind("{\"indicator\":\"MACD\",\"params\":{\"fast\":12,\"slow\":26,\"signal\":9}", 0),
            0u)
      << s.substr(0, 200);
  EXPECT_NE(s.find("{\"open_time\":\"2025-06-01T00:00:00Z\",\"macd\":null,\"macdsignal\":null,"
                   "\"macdhist\":null}"),
            std::string::npos);
  EXPECT_NE(s.find("{\"open_time\":\"2025-06-01T00:33:00Z\",\"macd\":-49.32858908640"),
            std::string::npos);
}

TEST(IndicatorsCommand, MalformedParametersAndUnknownFormatsAreErrors) {
  IndicatorsOptions o;
  o.data = test::test_data("binance_spot_BTCUSDT_1m_2025-06-01_02.csv.gz");
  o.name = "RSI";
  std::ostringstream out;
  o.params = {"period"};
  EXPECT_THROW(write_indicator_table(o, out), InvalidArgument);
  o.params = {"period=fourteen"};
  EXPECT_THROW(write_indicator_table(o, out), InvalidArgument);
  o.params = {"length=14"};
  EXPECT_THROW(write_indicator_table(o, out), InvalidArgument);
  o.params = {};
  o.format = "xml";
  EXPECT_THROW(write_indicator_table(o, out), InvalidArgument);
  EXPECT_TRUE(out.str().empty());
}

}  // namespace
}  // namespace talon
