// Indicators without a TA-Lib twin, against values worked by hand from their published
// definitions, or assembled from TA-Lib's own building blocks (MAX, MIN, MIDPRICE, EMA, ATR).

#include <gtest/gtest.h>

#include <cmath>

#include <talon/indicators/donchian.hpp>
#include <talon/indicators/ichimoku.hpp>
#include <talon/indicators/keltner.hpp>
#include <talon/indicators/supertrend.hpp>
#include <talon/indicators/vwap.hpp>

#include "indicators/reference.hpp"

namespace talon::indicators {
namespace {

BarInput bar(double h, double l, double c, double v = 1, std::int64_t t = 0) {
  return {c, h, l, c, v, t};
}

std::vector<std::vector<double>> run(std::string_view name, const Params& p) {
  return compute_batch(name, p, test::reference_bars());
}

void expect_column(const std::vector<double>& got, const std::vector<double>& want,
                   const char* what) {
  ASSERT_EQ(got.size(), want.size());
  int failures = 0;
  for (std::size_t i = 0; i < got.size() && failures < 5; ++i) {
    if (std::isnan(want[i]) ? !std::isnan(got[i]) : !test::within_1e9(got[i], want[i])) {
      ADD_FAILURE() << what << " bar " << i << ": " << got[i] << " vs " << want[i];
      ++failures;
    }
  }
}

TEST(Supertrend, FollowsTradingViewRulesOnHandWorkedBars) {
  // atr_period 2, multiplier 1; every number below is exact in binary. ATR (TA-Lib) from
  // bar 2: 2, 2, 2.75, 4.625, 3.3125, 4.15625.
  Supertrend st(2, 1.0);
  const BarInput bars[] = {bar(10, 8, 9),   bar(11, 9, 10),    bar(12, 10, 11), bar(13, 11, 12.5),
                           bar(11, 9, 9.5), bar(16, 13, 15.5), bar(17, 15, 16), bar(16, 11, 11.5)};
  EXPECT_FALSE(st.update(bars[0]));
  EXPECT_FALSE(st.update(bars[1]));
  struct Want {
    double line, dir;
  };
  // bar 2: first value, down trend on the upper band 11 + 2 = 13
  // bar 3: basic upper 14 is not below 13 and close 11 was not above 13: stays 13
  // bar 4: basic upper 12.75 < 13: tightens; close 9.5 stays below it
  // bar 5: close 15.5 > upper 12.75: up trend on lower band; prev close 9.5 < lower 10 lets
  //        the basic lower 14.5 - 4.625 = 9.875 through
  // bar 6: lower rises to 16 - 3.3125 = 12.6875
  // bar 7: close 11.5 < lower 12.6875: down trend on upper 13.5 + 4.15625 = 17.65625
  const Want want[] = {{13, -1}, {13, -1}, {12.75, -1}, {9.875, 1}, {12.6875, 1}, {17.65625, -1}};
  for (int i = 0; i < 6; ++i) {
    const auto v = st.update(bars[i + 2]);
    ASSERT_TRUE(v) << "bar " << i + 2;
    EXPECT_EQ(v->supertrend, want[i].line) << "bar " << i + 2;
    EXPECT_EQ(v->direction, want[i].dir) << "bar " << i + 2;
  }
}

TEST(Vwap, RestartsAtEachSessionAndWaitsForVolume) {
  constexpr std::int64_t kMin = 60'000'000'000;
  Vwap v(60);  // hourly sessions
  // tp 10 x 2 then tp 12 x 3: (20 + 36) / 5 = 11.2
  EXPECT_EQ(*v.update(bar(12, 9, 9, 2, 58 * kMin)), 10.0);
  EXPECT_DOUBLE_EQ(*v.update(bar(13, 11, 12, 3, 59 * kMin)), 11.2);
  // 01:00 starts a new session; no volume yet: not ready
  EXPECT_FALSE(v.update(bar(21, 19, 20, 0, 60 * kMin)));
  EXPECT_EQ(*v.update(bar(24, 21, 21, 1, 61 * kMin)), 22.0);
}

TEST(Vwap, RejectsBarsGoingBackInTime) {
  Vwap v(1440);
  v.update(bar(12, 9, 9, 2, 1000));
  EXPECT_THROW(v.update(bar(12, 9, 9, 2, 999)), InvalidArgument);
}

TEST(Vwap, DailySessionsOnRealBarsEqualCumulativeSumsFromEachUtcMidnight) {
  const BarColumns& b = test::reference_bars();
  const auto got = run("VWAP", {})[0];
  constexpr std::int64_t kDay = 86'400'000'000'000;
  long double pv = 0, vol = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 0 || b.time_ns[i] / kDay != b.time_ns[i - 1] / kDay) pv = vol = 0;
    pv += static_cast<long double>((b.high[i] + b.low[i] + b.close[i]) / 3.0) * b.volume[i];
    vol += b.volume[i];
    ASSERT_NEAR(got[i], static_cast<double>(pv / vol), 1e-9 * got[i]) << "bar " << i;
  }
  // The second file day starts afresh: its first VWAP is that bar's typical price.
  EXPECT_DOUBLE_EQ(got[1440], (b.high[1440] + b.low[1440] + b.close[1440]) / 3.0);
}

TEST(Donchian, EqualsTaLibMaxMinAndMidpriceOnRealBars) {
  const auto got = run("DONCHIAN", {{"period", 20}});
  expect_column(got[0], test::read_reference("MAX_high_20").values[0], "upper vs TA_MAX(high)");
  expect_column(got[1], test::read_reference("MIDPRICE_20").values[0], "middle vs TA_MIDPRICE");
  expect_column(got[2], test::read_reference("MIN_low_20").values[0], "lower vs TA_MIN(low)");
}

TEST(Keltner, EqualsTaLibEmaPlusMinusTwoTaLibAtrOnRealBars) {
  const auto got = run("KELTNER", {{"period", 30}, {"atr_period", 14}, {"multiplier", 2}});
  const auto ema = test::read_reference("EMA_30").values[0];
  const auto atr = test::read_reference("ATR_14").values[0];
  std::vector<double> up(ema.size()), lo(ema.size());
  for (std::size_t i = 0; i < ema.size(); ++i) {
    up[i] = ema[i] + 2 * atr[i];  // NaN while either is warming up
    lo[i] = ema[i] - 2 * atr[i];
  }
  expect_column(got[0], up, "upper");
  std::vector<double> mid = ema;
  for (std::size_t i = 0; i < mid.size(); ++i) {
    if (std::isnan(atr[i])) mid[i] = NAN;
  }
  expect_column(got[1], mid, "middle");
  expect_column(got[2], lo, "lower");
}

TEST(Ichimoku, LinesEqualTaLibMidpricesWithTheCloudShiftedDisplacementMinusOne) {
  const auto got = run("ICHIMOKU", {});
  const auto m9 = test::read_reference("MIDPRICE_9").values[0];
  const auto m26 = test::read_reference("MIDPRICE_26").values[0];
  const auto m52 = test::read_reference("MIDPRICE_52").values[0];
  const std::size_t n = m9.size(), first = 51 + 25;
  std::vector<double> tenkan(n, NAN), kijun(n, NAN), a(n, NAN), b(n, NAN);
  for (std::size_t i = first; i < n; ++i) {
    tenkan[i] = m9[i];
    kijun[i] = m26[i];
    a[i] = (m9[i - 25] + m26[i - 25]) / 2.0;
    b[i] = m52[i - 25];
  }
  expect_column(got[0], tenkan, "tenkan");
  expect_column(got[1], kijun, "kijun");
  expect_column(got[2], a, "senkou_a");
  expect_column(got[3], b, "senkou_b");
}

}  // namespace
}  // namespace talon::indicators
