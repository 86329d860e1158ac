// Every TA-Lib twin against TA-Lib's own output (npm talib, tests/data/talib/) on 2,880 real
// BTCUSDT 1m bars: same warm-up, then values within a relative error of 1e-9, through both the
// streaming path (bar by bar) and the batch path.

#include <gtest/gtest.h>

#include <cmath>

#include "indicators/reference.hpp"

namespace talon::indicators {
namespace {

struct Case {
  std::string stem;  // reference file
  std::string name;  // talon / TA-Lib function
  Params params;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.stem;
}

class MatchesTaLib : public ::testing::TestWithParam<Case> {};

void expect_matches(const Case& c, const std::vector<std::vector<double>>& ours,
                    const test::Reference& ref, const char* path) {
  ASSERT_EQ(ours.size(), ref.columns.size()) << c.stem;
  for (std::size_t k = 0; k < ours.size(); ++k) {
    ASSERT_EQ(ours[k].size(), ref.values[k].size()) << c.stem;
    int failures = 0;
    for (std::size_t i = 0; i < ours[k].size() && failures < 5; ++i) {
      const double want = ref.values[k][i];
      const double got = ours[k][i];
      if (std::isnan(want)) {
        if (!std::isnan(got)) {
          ADD_FAILURE() << path << " " << c.stem << " " << ref.columns[k] << " bar " << i
                        << ": TA-Lib has no value yet, talon gave " << got;
          ++failures;
        }
      } else if (!test::within_1e9(got, want)) {
        ADD_FAILURE() << path << " " << c.stem << " " << ref.columns[k] << " bar " << i
                      << ": talon " << got << " vs TA-Lib " << want << " (rel "
                      << std::fabs(got - want) / std::fabs(want) << ")";
        ++failures;
      }
    }
  }
}

TEST_P(MatchesTaLib, StreamingEqualsTaLibToRelative1e9) {
  const Case& c = GetParam();
  const test::Reference ref = test::read_reference(c.stem);
  const BarColumns& bars = test::reference_bars();
  ASSERT_EQ(ref.open_time_ms.size(), bars.size());
  ASSERT_EQ(ref.columns, find_indicator(c.name).outputs);

  auto ind = make_indicator(c.name, c.params);
  std::vector<std::vector<double>> ours(ref.columns.size(), std::vector<double>(bars.size()));
  std::vector<double> row(ref.columns.size());
  for (std::size_t i = 0; i < bars.size(); ++i) {
    ASSERT_EQ(bars.time_ns[i], ref.open_time_ms[i] * 1'000'000)
        << "reference rows out of step at " << i;
    const BarInput b{bars.open[i],  bars.high[i],   bars.low[i],
                     bars.close[i], bars.volume[i], bars.time_ns[i]};
    const bool ready = ind->update(b, row);
    EXPECT_EQ(ready, !std::isnan(ref.values[0][i])) << c.stem << " readiness at bar " << i;
    for (std::size_t k = 0; k < row.size(); ++k) ours[k][i] = row[k];
  }
  expect_matches(c, ours, ref, "streaming");
}

TEST_P(MatchesTaLib, BatchEqualsTaLibToRelative1e9) {
  const Case& c = GetParam();
  const test::Reference ref = test::read_reference(c.stem);
  expect_matches(c, compute_batch(c.name, c.params, test::reference_bars()), ref, "batch");
}

TEST_P(MatchesTaLib, WarmupEqualsTaLibLookback) {
  const Case& c = GetParam();
  const test::Reference ref = test::read_reference(c.stem);
  std::size_t first = 0;
  while (first < ref.values[0].size() && std::isnan(ref.values[0][first])) ++first;
  EXPECT_EQ(static_cast<std::size_t>(make_indicator(c.name, c.params)->lookback()), first);
}

const std::vector<Case> kCases = {
    {"SMA_30", "SMA", {{"period", 30}}},
    {"SMA_5", "SMA", {{"period", 5}}},
    {"EMA_30", "EMA", {{"period", 30}}},
    {"EMA_9", "EMA", {{"period", 9}}},
    {"WMA_30", "WMA", {{"period", 30}}},
    {"DEMA_30", "DEMA", {{"period", 30}}},
    {"TEMA_30", "TEMA", {{"period", 30}}},
    {"KAMA_30", "KAMA", {{"period", 30}}},
    {"KAMA_10", "KAMA", {{"period", 10}}},
    {"RSI_14", "RSI", {{"period", 14}}},
    {"RSI_2", "RSI", {{"period", 2}}},
    {"MACD_12_26_9", "MACD", {{"fast", 12}, {"slow", 26}, {"signal", 9}}},
    {"MACD_5_35_5", "MACD", {{"fast", 5}, {"slow", 35}, {"signal", 5}}},
    {"BBANDS_20_2_2", "BBANDS", {{"period", 20}, {"nbdevup", 2}, {"nbdevdn", 2}}},
    {"BBANDS_5_2.5_1.5", "BBANDS", {{"period", 5}, {"nbdevup", 2.5}, {"nbdevdn", 1.5}}},
    {"TRANGE", "TRANGE", {}},
    {"ATR_14", "ATR", {{"period", 14}}},
    {"NATR_14", "NATR", {{"period", 14}}},
    {"STOCH_5_3_3", "STOCH", {{"fastk_period", 5}, {"slowk_period", 3}, {"slowd_period", 3}}},
    {"STOCH_14_3_3", "STOCH", {{"fastk_period", 14}, {"slowk_period", 3}, {"slowd_period", 3}}},
    {"STOCHF_5_3", "STOCHF", {{"fastk_period", 5}, {"fastd_period", 3}}},
    {"STOCHRSI_14_5_3", "STOCHRSI", {{"period", 14}, {"fastk_period", 5}, {"fastd_period", 3}}},
    {"ADX_14", "ADX", {{"period", 14}}},
    {"PLUS_DI_14", "PLUS_DI", {{"period", 14}}},
    {"MINUS_DI_14", "MINUS_DI", {{"period", 14}}},
    {"CCI_14", "CCI", {{"period", 14}}},
    {"CCI_20", "CCI", {{"period", 20}}},
    {"OBV", "OBV", {}},
    {"MFI_14", "MFI", {{"period", 14}}},
    {"WILLR_14", "WILLR", {{"period", 14}}},
    {"ROC_10", "ROC", {{"period", 10}}},
    {"MOM_10", "MOM", {{"period", 10}}},
    {"STDDEV_5_1", "STDDEV", {{"period", 5}, {"nbdev", 1}}},
    {"STDDEV_20_2", "STDDEV", {{"period", 20}, {"nbdev", 2}}},
    {"SAR_0.02_0.2", "SAR", {{"acceleration", 0.02}, {"maximum", 0.2}}},
    {"AROON_14", "AROON", {{"period", 14}}},
    {"AROON_25", "AROON", {{"period", 25}}},
    {"LINEARREG_SLOPE_14", "LINEARREG_SLOPE", {{"period", 14}}},
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string s = info.param.stem;
  for (char& ch : s) {
    if (ch == '.') ch = 'p';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(TaLib, MatchesTaLib, ::testing::ValuesIn(kCases), case_name);

}  // namespace
}  // namespace talon::indicators
