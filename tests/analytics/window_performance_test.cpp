// Month windows of a run (strategy_performance), against figures worked by hand: four day
// ends across January and February 2024, three round trips.

#include <gtest/gtest.h>

#include <cmath>

#include <talon/analytics/window_performance.hpp>

namespace talon {
namespace {

Timestamp at(const char* iso) {
  return parse_iso8601(iso);
}

RoundTrip trip(const char* exit, const char* pnl, const char* entry_notional) {
  RoundTrip t;
  t.entry_time = Timestamp::from_ns(at(exit).ns - kNanosPerHour);
  t.exit_time = at(exit);
  t.pnl = Decimal::parse(pnl);
  t.entry_notional = Decimal::parse(entry_notional);
  return t;
}

TEST(MonthlyPerformance, EachMonthOfTheRunWithItsTripsDrawdownAndSharpe) {
  BacktestMetrics m;
  m.initial_capital = Decimal::from_int(1000);
  m.daily_equity = {{at("2024-01-30T00:00:00Z"), Decimal::from_int(1100)},
                    {at("2024-01-31T00:00:00Z"), Decimal::from_int(990)},
                    {at("2024-02-01T00:00:00Z"), Decimal::from_int(1089)},
                    {at("2024-02-02T00:00:00Z"), Decimal::from_int(1000)}};
  const std::vector<RoundTrip> trips = {trip("2024-02-02T10:00:00Z", "3", "300"),
                                        trip("2024-01-31T12:00:00Z", "10", "100"),
                                        trip("2024-02-01T00:00:00Z", "-5", "200")};
  const auto w =
      monthly_performance(m, trips, at("2024-01-30T00:00:00Z"), at("2024-02-02T23:59:00Z"));
  ASSERT_EQ(w.size(), 2u);

  // January, clipped to the run: one trip (+10 on 100: 10 %); 1000 → 1100 → 990, the fall
  // from 1100 to 990 is exactly 10 %; returns +10 %, -10 %: mean 0, Sharpe 0.
  EXPECT_EQ(w[0].start, at("2024-01-30T00:00:00Z"));
  EXPECT_EQ(w[0].end, at("2024-02-01T00:00:00Z"));
  EXPECT_EQ(w[0].total_trades, 1);
  EXPECT_EQ(w[0].win_rate, Decimal::parse("100"));
  EXPECT_EQ(w[0].avg_roi, Decimal::parse("10"));
  EXPECT_EQ(w[0].max_drawdown, Decimal::parse("0.1"));
  ASSERT_TRUE(w[0].sharpe_ratio.has_value());
  EXPECT_NEAR(*w[0].sharpe_ratio, 0.0, 1e-12);

  // February to the run's end: the trip closing at 00:00 on the 1st belongs here; -2.5 % and
  // +1 % average -0.75 %, one of two won; 990 → 1089 → 1000: a fall of 89/1089.
  EXPECT_EQ(w[1].start, at("2024-02-01T00:00:00Z"));
  EXPECT_EQ(w[1].end, at("2024-02-02T23:59:00Z"));
  EXPECT_EQ(w[1].total_trades, 2);
  EXPECT_EQ(w[1].win_rate, Decimal::parse("50"));
  EXPECT_EQ(w[1].avg_roi, Decimal::parse("-0.75"));
  EXPECT_EQ(w[1].max_drawdown, Decimal::parse("0.08172635"));  // 0.0817263544...
  const double r1 = 0.1, r2 = (1000.0 - 1089.0) / 1089.0;
  const double mean = (r1 + r2) / 2;
  const double sd = std::sqrt(((r1 - mean) * (r1 - mean) + (r2 - mean) * (r2 - mean)) / 1);
  ASSERT_TRUE(w[1].sharpe_ratio.has_value());
  EXPECT_NEAR(*w[1].sharpe_ratio, mean / sd * std::sqrt(365.0), 1e-9);
}

TEST(MonthlyPerformance, AMonthWithoutTradesOrDayEndsHasNoFiguresToShow) {
  BacktestMetrics m;
  m.initial_capital = Decimal::from_int(1000);
  const auto w = monthly_performance(m, {}, at("2024-03-15T00:00:00Z"), at("2024-05-02T00:00:00Z"));
  ASSERT_EQ(w.size(), 3u);  // 15 March - 1 April, April, 1 - 2 May
  EXPECT_EQ(w[1].start, at("2024-04-01T00:00:00Z"));
  EXPECT_EQ(w[1].end, at("2024-05-01T00:00:00Z"));
  for (const auto& x : w) {
    EXPECT_EQ(x.total_trades, 0);
    EXPECT_FALSE(x.win_rate.has_value());
    EXPECT_FALSE(x.avg_roi.has_value());
    EXPECT_TRUE(x.max_drawdown.is_zero());
    EXPECT_FALSE(x.sharpe_ratio.has_value());
  }
  EXPECT_TRUE(
      monthly_performance(m, {}, at("2024-03-15T00:00:00Z"), at("2024-03-15T00:00:00Z")).empty());
}

}  // namespace
}  // namespace talon
