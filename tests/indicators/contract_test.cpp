// The rules every indicator keeps: bad input is an error that leaves the state untouched,
// warm-up reports "not ready" (never a number), streaming and batch give identical doubles,
// and the catalogue refuses unknown names and parameters.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <talon/indicators/atr.hpp>
#include <talon/indicators/macd.hpp>
#include <talon/indicators/rolling_window.hpp>
#include <talon/indicators/rsi.hpp>
#include <talon/indicators/sma.hpp>

#include "indicators/reference.hpp"

namespace talon::indicators {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Sma, ReportsNotReadyDuringWarmupThenTheMean) {
  Sma s(3);
  EXPECT_EQ(s.lookback(), 2);
  EXPECT_FALSE(s.update(1));
  EXPECT_FALSE(s.update(2));
  EXPECT_EQ(*s.update(3), 2.0);
  EXPECT_EQ(*s.update(7), 4.0);  // (2 + 3 + 7) / 3
}

TEST(Inputs, NanInfinityZeroAndNegativePricesAreErrors) {
  for (double bad : {kNan, kInf, -kInf, 0.0, -1.0}) {
    Sma s(2);
    EXPECT_THROW(s.update(bad), InvalidArgument) << bad;
    Rsi r(2);
    EXPECT_THROW(r.update(bad), InvalidArgument) << bad;
    Atr a(2);
    EXPECT_THROW(a.update({1, 2, 1, bad, 1, 0}), InvalidArgument) << bad;
  }
}

TEST(Inputs, NegativeOrNanVolumeAndLowAboveHighAreErrors) {
  Atr a(2);
  EXPECT_THROW(a.update({10, 11, 9, 10, -1, 0}), InvalidArgument);
  EXPECT_THROW(a.update({10, 11, 9, 10, kNan, 0}), InvalidArgument);
  EXPECT_THROW(a.update({10, 9, 11, 10, 1, 0}), InvalidArgument);
}

TEST(Inputs, ARejectedInputLeavesTheStateAsIfItNeverCame) {
  Macd with_error(3, 5, 2), clean(3, 5, 2);
  const double xs[] = {10, 11, 12, 11, 13, 14, 12, 15};
  for (double x : xs) {
    EXPECT_THROW(with_error.update(kNan), InvalidArgument);
    const auto a = with_error.update(x);
    const auto b = clean.update(x);
    ASSERT_EQ(a.has_value(), b.has_value());
    if (a) {
      EXPECT_EQ(a->hist, b->hist);
    }
  }
}

TEST(Inputs, TheErrorNamesTheIndicatorFieldAndValue) {
  try {
    Sma(2).update(-3);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "SMA: price = -3 is not a finite positive price");
  }
}

TEST(Batch, TheErrorNamesTheIndexOfTheFirstBadInput) {
  std::vector<double> xs(40, 100.0);
  xs[17] = kNan;
  try {
    sma(xs, 5);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("price[17]"), std::string::npos) << e.what();
  }
}

TEST(Params, PeriodsOutsideTaLibRangesAreRefused) {
  EXPECT_THROW(Sma(0), InvalidArgument);
  EXPECT_THROW(Rsi(1), InvalidArgument);
  EXPECT_THROW(Macd(26, 12, 9), InvalidArgument);
  EXPECT_THROW(Sma(kMaxPeriod + 1), InvalidArgument);
}

TEST(Catalog, UnknownNamesAndParametersAreRefusedWithTheAlternatives) {
  try {
    make_indicator("SMMA", {});
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("BBANDS"), std::string::npos) << e.what();
  }
  try {
    make_indicator("RSI", {{"length", 14}});
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("period"), std::string::npos) << e.what();
  }
  EXPECT_THROW(make_indicator("RSI", {{"period", 14.5}}), InvalidArgument);
  EXPECT_THROW(make_indicator("RSI", {{"period", 0}}), InvalidArgument);
}

TEST(Catalog, NamesAreCaseInsensitiveAndParametersDefaultToTaLibs) {
  EXPECT_EQ(make_indicator("rsi", {})->lookback(), 14);
  EXPECT_EQ(make_indicator("MACD", {})->lookback(), 25 + 8);
  EXPECT_EQ(make_indicator("BBANDS", {})->lookback(), 4);
}

TEST(Catalog, CoversEveryIndicatorOfTheIssueWithASourceAndOutputs) {
  const char* required[] = {"SMA",      "EMA",     "WMA",
                            "DEMA",     "TEMA",    "KAMA",
                            "RSI",      "MACD",    "BBANDS",
                            "ATR",      "NATR",    "TRANGE",
                            "STOCH",    "STOCHF",  "STOCHRSI",
                            "ADX",      "PLUS_DI", "MINUS_DI",
                            "CCI",      "OBV",     "MFI",
                            "WILLR",    "ROC",     "MOM",
                            "STDDEV",   "VWAP",    "KELTNER",
                            "DONCHIAN", "SAR",     "SUPERTREND",
                            "ICHIMOKU", "AROON",   "LINEARREG_SLOPE"};
  for (const char* name : required) {
    const IndicatorSpec& s = find_indicator(name);
    EXPECT_FALSE(s.source.empty()) << name;
    EXPECT_FALSE(s.outputs.empty()) << name;
  }
}

// For every indicator of the catalogue, on real bars: streaming and batch give the same
// doubles, and the first complete row comes exactly after lookback() inputs.
class EveryIndicator : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryIndicator, StreamingAndBatchGiveIdenticalValuesAndWarmupEqualsLookback) {
  const BarColumns& bars = test::reference_bars();
  const auto batch = compute_batch(GetParam(), {}, bars);
  auto ind = make_indicator(GetParam(), {});
  std::vector<double> row(batch.size());
  std::size_t first_ready = bars.size();
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const bool ready = ind->update(
        {bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i], bars.time_ns[i]},
        row);
    if (ready && first_ready == bars.size()) first_ready = i;
    for (std::size_t k = 0; k < row.size(); ++k) {
      const double b = batch[k][i];
      ASSERT_TRUE(std::isnan(b) ? std::isnan(row[k]) : row[k] == b)
          << "bar " << i << " output " << k;
    }
  }
  EXPECT_EQ(first_ready, static_cast<std::size_t>(ind->lookback()));
}

std::vector<std::string> all_names() {
  std::vector<std::string> names;
  for (const IndicatorSpec& s : indicator_catalog()) names.push_back(s.name);
  return names;
}
std::string name_of(const ::testing::TestParamInfo<std::string>& p) {
  return p.param;
}
INSTANTIATE_TEST_SUITE_P(Catalog, EveryIndicator, ::testing::ValuesIn(all_names()), name_of);

TEST(RollingWindow, KeepsTheExactInt128SumTheSmaCrossStrategyUses) {
  RollingWindow<__int128> w(2);
  w.push(static_cast<__int128>(1) << 100);
  w.push(3);
  w.push(4);
  EXPECT_TRUE(w.full());
  EXPECT_TRUE(w.sum() == 7);
}

}  // namespace
}  // namespace talon::indicators
