// IndicatorSet: what a strategy declares and reads through its context. Expected values are
// worked by hand from the definitions (TA-Lib TA_SMA, TA_RSI) next to each number.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <talon/core/error.hpp>
#include <talon/strategy/indicator_set.hpp>

namespace talon {
namespace {

Bar bar_at(int minute, double close) {
  Bar b;
  b.open_time = Timestamp::from_ns(parse_iso8601("2025-06-01T00:00:00Z").ns +
                                   std::int64_t{minute} * kNanosPerMinute);
  b.close_time = Timestamp::from_ns(b.open_time.ns + kNanosPerMinute - kNanosPerMilli);
  const Decimal c = Decimal::parse(fmt::format("{}", close));
  b.open = b.close = c;
  b.high = c + Decimal::from_int(1);
  b.low = c - Decimal::parse("0.5");
  b.volume = Decimal::from_int(2);
  return b;
}

TEST(IndicatorSet, SmaIsNotReadyDuringWarmUpThenEqualsTheHandWorkedMean) {
  IndicatorSet set;
  const IndicatorRef sma = set.declare("SMA", {{"period", 3}});
  EXPECT_FALSE(set.value(sma)) << "before the first bar";
  const double closes[] = {10, 11, 12, 14, 13};
  std::vector<std::optional<double>> seen;
  for (int i = 0; i < 5; ++i) {
    set.update(bar_at(i, closes[i]));
    seen.push_back(set.value(sma));
  }
  EXPECT_FALSE(seen[0]);
  EXPECT_FALSE(seen[1]);
  ASSERT_TRUE(seen[2]);
  EXPECT_DOUBLE_EQ(*seen[2], 11.0);        // (10 + 11 + 12) / 3
  EXPECT_DOUBLE_EQ(*seen[3], 37.0 / 3.0);  // (11 + 12 + 14) / 3
  EXPECT_DOUBLE_EQ(*seen[4], 13.0);        // (12 + 14 + 13) / 3
  EXPECT_EQ(set.bars(), 5u);
}

TEST(IndicatorSet, RsiFollowsWildersSmoothingWorkedByHand) {
  IndicatorSet set;
  const IndicatorRef rsi = set.declare("RSI", {{"period", 2}});
  // Changes +1, -0.5, +1.5. After 2 changes: gain 1/2, loss 0.5/2 → 100·0.5/0.75.
  // Then gain (0.5·1 + 1.5)/2 = 1, loss (0.25·1 + 0)/2 = 0.125 → 100·1/1.125.
  const double closes[] = {10, 11, 10.5, 12};
  std::vector<std::optional<double>> seen;
  for (int i = 0; i < 4; ++i) {
    set.update(bar_at(i, closes[i]));
    seen.push_back(set.value(rsi));
  }
  EXPECT_FALSE(seen[1]);
  ASSERT_TRUE(seen[2]);
  EXPECT_NEAR(*seen[2], 200.0 / 3.0, 1e-12);
  EXPECT_NEAR(*seen[3], 800.0 / 9.0, 1e-12);
}

TEST(IndicatorSet, TheSameIndicatorWithTheSameEffectiveParametersIsOneHandle) {
  IndicatorSet set;
  const IndicatorRef a = set.declare("RSI");
  const IndicatorRef b = set.declare("rsi", {{"period", 14}});  // 14 is TA-Lib's default
  const IndicatorRef c = set.declare("RSI", {{"period", 7}});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(set.spec(a).name, "RSI");
}

TEST(IndicatorSet, MultiOutputIndicatorsAreReadByOutputNameOrIndex) {
  IndicatorSet set;
  const IndicatorRef bb = set.declare("BBANDS", {{"period", 2}, {"nbdevup", 1}, {"nbdevdn", 1}});
  ASSERT_EQ(set.output_index(bb, "lowerband"), 2u);
  set.update(bar_at(0, 10));
  EXPECT_FALSE(set.ready(bb));
  set.update(bar_at(1, 12));
  ASSERT_TRUE(set.ready(bb));
  // Mean 11, population deviation 1: bands 12, 11, 10.
  EXPECT_NEAR(*set.value(bb, "upperband"), 12.0, 1e-12);
  EXPECT_NEAR(*set.value(bb, "middleband"), 11.0, 1e-12);
  EXPECT_NEAR(*set.value(bb, "lowerband"), 10.0, 1e-12);
  EXPECT_EQ(set.value(bb, std::size_t{2}), set.value(bb, "lowerband"));
  EXPECT_THROW(set.value(bb, "signal"), InvalidArgument);
  EXPECT_THROW(set.value(bb, std::size_t{3}), InvalidArgument);
}

TEST(IndicatorSet, UnknownNamesAndParametersAreRefusedWhenDeclared) {
  IndicatorSet set;
  EXPECT_THROW(set.declare("RSX"), InvalidArgument);
  EXPECT_THROW(set.declare("RSI", {{"length", 14}}), InvalidArgument);
  EXPECT_THROW(set.declare("RSI", {{"period", 1}}), InvalidArgument);
  EXPECT_TRUE(set.empty());
}

TEST(IndicatorSet, DeclaringAfterTheFirstBarIsRefused) {
  IndicatorSet set;
  set.declare("SMA", {{"period", 2}});
  set.update(bar_at(0, 10));
  EXPECT_THROW(set.declare("EMA", {{"period", 2}}), InvalidArgument);
}

TEST(IndicatorSet, AHandleOfNoDeclarationIsRefused) {
  IndicatorSet set;
  EXPECT_THROW(set.value(IndicatorRef{}), InvalidArgument);
}

TEST(IndicatorSet, ABadBarIsRefusedNamingItsTimeAndLeavesEveryIndicatorAsItWas) {
  IndicatorSet set;
  const IndicatorRef sma = set.declare("SMA", {{"period", 2}});
  set.update(bar_at(0, 10));
  set.update(bar_at(1, 12));
  Bar bad = bar_at(2, 14);
  bad.close = Decimal{};  // zero close
  try {
    set.update(bad);
    FAIL() << "a zero close must be refused";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("2025-06-01T00:02:00"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("close"), std::string::npos) << e.what();
  }
  EXPECT_DOUBLE_EQ(*set.value(sma), 11.0);
  set.update(bar_at(2, 14));
  EXPECT_DOUBLE_EQ(*set.value(sma), 13.0) << "the refused bar was not counted";
}

TEST(IndicatorSet, RecordingKeepsEveryValueWithItsBarsOpenTimeAndNanDuringWarmUp) {
  IndicatorSet set;
  set.set_recording(true);
  const IndicatorRef sma = set.declare("SMA", {{"period", 2}});
  (void)sma;
  for (int i = 0; i < 3; ++i) set.update(bar_at(i, 10.0 + i));
  EXPECT_THROW(set.set_recording(false), InvalidArgument);
  const std::vector<IndicatorSeries> s = set.take_series();
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].name, "SMA");
  EXPECT_EQ(s[0].params.at("period"), 2.0);
  ASSERT_EQ(s[0].outputs.size(), 1u);
  ASSERT_EQ(s[0].times.size(), 3u);
  EXPECT_EQ(s[0].times[1], bar_at(1, 11).open_time);
  EXPECT_TRUE(std::isnan(s[0].values[0][0]));
  EXPECT_DOUBLE_EQ(s[0].values[0][1], 10.5);
  EXPECT_DOUBLE_EQ(s[0].values[0][2], 11.5);
}

TEST(IndicatorSet, NothingIsKeptWhenRecordingIsOff) {
  IndicatorSet set;
  set.declare("SMA", {{"period", 2}});
  for (int i = 0; i < 3; ++i) set.update(bar_at(i, 10.0 + i));
  EXPECT_TRUE(set.take_series().empty());
}

}  // namespace
}  // namespace talon
